// The browser panel as a person uses it, in the web workbench against the local server's Chromium: Record
// at Cursor from the palette in a function file, the live page drawn in the panel, the address bar, an
// element chosen by clicking on the frame and filled from the panel, the steps inserted at the cursor
// inside the file's session block, then Pick Element writing the selector of what is clicked on the frame.
import * as assert from 'assert';
import type { Frame } from 'playwright-core';
import { waitUntil, Workbench, workbenchForSuite } from './workbench';

const FUNCTION = ['from notte_sdk import NotteClient', '', '', 'def run():', '    with NotteClient().Session() as session:', '', '        return session.scrape()', ''].join('\n');

/** The browser panel's frame, once its script took the page over. */
async function panelFrame(workbench: Workbench): Promise<Frame> {
  return waitUntil(
    'the browser panel',
    async () => {
      for (const frame of workbench.page.frames()) {
        if (frame === workbench.page.mainFrame()) continue;
        try {
          if (await frame.$('#app:not([aria-busy]) #address')) return frame;
        } catch {
          // A frame that went away while it was asked.
        }
      }
      return undefined;
    },
    60_000,
    300,
  );
}

/** Clicks the live frame in the middle of the element the panel lists with this label. */
async function clickOnFrame(panel: Frame, label: string): Promise<void> {
  const row = panel.locator('#elements li', { has: panel.locator('.label', { hasText: new RegExp(`^${label}$`) }) });
  await row.waitFor({ timeout: 30_000 });
  const id = (await row.getAttribute('data-id'))!;
  // Outlined on hover: the outline's place on the frame is where the element is drawn.
  await row.hover();
  const outline = panel.locator('#hover-box');
  await waitUntil('the hovered element outlined', async () => (await outline.getAttribute('data-element')) === id || undefined);
  const box = (await outline.boundingBox())!;
  await panel.locator('#frame').click({ position: await framePosition(panel, box.x + box.width / 2, box.y + box.height / 2) });
  await waitUntil(`${label} selected from the frame`, async () => (await row.getAttribute('aria-selected')) === 'true' || undefined);
}

async function framePosition(panel: Frame, pageX: number, pageY: number): Promise<{ x: number; y: number }> {
  const frame = (await panel.locator('#frame').boundingBox())!;
  return { x: pageX - frame.x, y: pageY - frame.y };
}

/** Puts the cursor at the start of a 1-based line, by keyboard. */
async function goToLine(workbench: Workbench, line: number): Promise<void> {
  const keyboard = workbench.page.keyboard;
  await workbench.page.locator('.part.editor .editor-instance .view-lines').first().click();
  await keyboard.press('Control+Home');
  for (let i = 1; i < line; i++) await keyboard.press('ArrowDown');
  await keyboard.press('Home');
  await waitUntil(`the cursor on line ${line}`, async () => {
    const status =
      (await workbench.page
        .locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ })
        .first()
        .textContent()) ?? '';
    return status.startsWith(`Ln ${line},`) || undefined;
  });
}

describe('e2e: the browser panel', function () {
  this.timeout(300_000);
  let workbench: Workbench;
  workbenchForSuite('recorder', { keyInEnvironment: true, files: { 'shop_order.py': FUNCTION } }, {}, (w) => (workbench = w));

  it('records at the cursor: the live page, the address bar, a fill on an element clicked on the frame, inserted in the session block', async () => {
    await workbench.quickOpen('shop_order.py');
    await goToLine(workbench, 6);
    await workbench.runCommand('Notte: Record at Cursor');
    const panel = await panelFrame(workbench);
    await waitUntil('a frame drawn', async () => Number((await panel.locator('#frame').getAttribute('data-frames')) ?? 0) > 0 || undefined, 60_000);
    await panel.locator('#address').fill(`${workbench.server.url}/pages/shop`);
    await panel.locator('#address').press('Enter');
    await panel.locator('#steps li', { hasText: 'goto' }).waitFor({ timeout: 30_000 });
    await clickOnFrame(panel, 'email');
    await panel.locator('#detail-value').fill('grace@example.com');
    await panel.locator('#detail-act').click();
    await panel.locator('#steps li', { hasText: '#email' }).waitFor({ timeout: 30_000 });
    const codes = await panel.locator('#steps li pre.code').allInnerTexts();
    assert.strictEqual(codes.length, 2, codes.join('\n'));
    assert.match(codes[0], /^session\.execute\(type="goto", url="http:\/\/127\.0\.0\.1:\d+\/pages\/shop"\)$/);
    assert.strictEqual(codes[1], 'session.execute(type="fill", selector="#email", value="grace@example.com")');
    await workbench.screenshot('recording');
    await panel.locator('#export-cursor').click();
    const text = await waitUntil('the steps in the editor', async () => {
      const shown = await workbench.activeEditorText();
      return /session\.execute\(type="fill", selector="#email", value="grace@example\.com"\)/.test(shown) ? shown : undefined;
    });
    assert.match(
      text,
      /with NotteClient\(\)\.Session\(\) as session:\n {8}session\.execute\(type="goto", url="http:\/\/127\.0\.0\.1:\d+\/pages\/shop"\)\n {8}session\.execute\(type="fill"/,
    );
    assert.match(text, /value="grace@example\.com"\)\n {8}return session\.scrape\(\)/);
  });

  it('picks an element on the frame: its selector and action are written on the empty line at the cursor', async () => {
    const before = (await workbench.activeEditorText()).split('\n');
    const returnLine = before.findIndex((l) => l.trim() === 'return session.scrape()') + 1;
    await goToLine(workbench, returnLine);
    await workbench.page.keyboard.press('Home');
    await workbench.page.keyboard.press('Enter');
    await workbench.page.keyboard.press('ArrowUp');
    await workbench.runCommand('Notte: Pick Element');
    const panel = await panelFrame(workbench);
    await waitUntil('the panel in Pick Element mode', async () => /Pick Element/.test((await panel.locator('#mode-text').textContent()) ?? '') || undefined);
    await clickOnFrame(panel, 'name');
    const text = await waitUntil('the picked selector in the editor', async () => {
      const shown = await workbench.activeEditorText();
      return shown.includes('session.execute(type="fill", selector="#name", value="")') ? shown : undefined;
    });
    assert.match(text, /\n {8}session\.execute\(type="fill", selector="#name", value=""\)\n {8}return session\.scrape\(\)/);
    await workbench.screenshot('picked');
  });
});
