// scroll_up / scroll_down as Notte's controller does them: the focused element blurred, then the mouse
// wheel, which scrolls what a person's wheel would (a page whose content scrolls in a container, as most
// apps' do, and not only the window), 70% of the viewport when no amount is given; a scroll that moved
// nothing fails as Notte's does. (Notte checks the window only: a scroll of a container alone, which it
// would call failed, succeeds here and says so.) The keys that scroll (End, Page Down, Space…) are answered once the
// page has stopped moving: Chromium scrolls smoothly, and an observe right after would see it mid-way.
import type { Page } from 'playwright-core';
import { ActionFailed } from './actionTypes';

/** How long a scroll may go on moving before the action answers anyway. */
const SETTLE_LIMIT_MS = 1500;
const POLL_MS = 50;

/** The keys that may scroll the page. */
const SCROLLING_KEYS = new Set(['End', 'Home', 'PageDown', 'PageUp', 'Space', ' ', 'ArrowDown', 'ArrowUp']);

/**
 * Where everything that may scroll under the viewport's middle stands: the window (first), each scrollable
 * ancestor of the element there, and a same-origin frame's window there ('?' for another origin's, which
 * cannot be read: then no scroll is called failed). Runs in the page.
 */
function scrollPositions(): string {
  const positions: (number | string)[] = [window.scrollY, window.scrollX];
  let element = document.elementFromPoint(window.innerWidth / 2, window.innerHeight / 2);
  if (element instanceof HTMLIFrameElement) {
    try {
      positions.push(element.contentWindow?.scrollX ?? '?', element.contentWindow?.scrollY ?? '?');
    } catch {
      positions.push('?');
    }
  }
  while (element) {
    if (element.scrollHeight > element.clientHeight || element.scrollWidth > element.clientWidth) positions.push(element.scrollLeft, element.scrollTop);
    element = element.parentElement;
  }
  return positions.join(',');
}

/** Waits until the positions stay the same for two polls in a row (bounded); answers the last ones. */
async function settledPositions(page: Page, before: string): Promise<string> {
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  let last = before;
  let same = 0;
  while (Date.now() < deadline) {
    await page.waitForTimeout(POLL_MS);
    const now = await page.evaluate(scrollPositions);
    same = now === last ? same + 1 : 0;
    last = now;
    // A scroll that has not begun yet looks settled: wait for one that moved, or for three quiet polls.
    if ((now !== before && same >= 2) || same >= 3) return now;
  }
  return last;
}

export async function scroll(page: Page, down: boolean, amount: number | null): Promise<string> {
  const viewport = await page.evaluate(() => {
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    return { width: window.innerWidth, height: window.innerHeight };
  });
  const before = await page.evaluate(scrollPositions);
  const pixels = amount ?? Math.round(viewport.height * 0.7);
  await page.mouse.move(viewport.width / 2, viewport.height / 2);
  await page.mouse.wheel(0, down ? pixels : -pixels);
  const after = await settledPositions(page, before);
  if (after === before && !after.includes('?')) {
    throw new ActionFailed('Scroll failed. Either the page is not scrollable or there is a focused element blocking the scroll.');
  }
  // Notte's cloud checks the window's scrollY only, and fails a scroll that moved only a part of the page.
  const windowMoved = after.split(',')[0] !== before.split(',')[0];
  return `Scrolled ${down ? 'down' : 'up'}${windowMoved ? '' : " (a scrolling part of the page, not the window: Notte's cloud, which checks the window's scroll only, may call this scroll failed)"}`;
}

/** Presses `key`; one that may scroll is answered once the page stopped moving. */
export async function pressKey(page: Page, key: string): Promise<void> {
  if (!SCROLLING_KEYS.has(key)) return page.keyboard.press(key);
  const before = await page.evaluate(scrollPositions).catch(() => '');
  await page.keyboard.press(key);
  // A key that navigated (Enter is not one of these, but a page may bind any key) leaves this to the navigation's wait.
  if (before) await settledPositions(page, before).catch(() => undefined);
}
