// A page that no longer answers: a script that never yields holds its renderer, so Playwright's and
// CDP's calls on it wait for ever. These ask with a bound, so the session can tell and replace the tab.
import type { Page } from 'playwright-core';
import { within } from '../../api/wait';

/** How long a page has to answer a trivial question before it is taken for stuck. */
export const PROBE_MS = 3000;

/**
 * Whether the page answers a trivial evaluate within `ms` (a closed page, or one whose document is torn
 * down, answers, with an error). A page still waiting for its next document from a server answers
 * nothing either: a goto asks this only once its document request was answered (navigation.ts).
 */
export function pageAnswers(page: Page, ms = PROBE_MS): Promise<boolean> {
  return within(
    page
      .evaluate(() => true)
      .then(
        () => true,
        () => true,
      ),
    ms,
    false,
  );
}

/** Stops a navigation that did not finish; false when the page did not answer within `ms`. */
export function stopLoading(page: Page, ms = PROBE_MS): Promise<boolean> {
  const stopped = (async () => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Page.stopLoading').catch(() => undefined);
    await cdp.detach().catch(() => undefined);
    return true;
  })().catch(() => true);
  return within(stopped, ms, false);
}
