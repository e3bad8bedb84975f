// Reading a page that is going elsewhere by itself (a script's redirect, a page reloading itself, a
// meta refresh): the document being read is torn down under the read. Notte reads a page once it has
// loaded; here a read that the page's navigation cut is read again on the next document, once it has
// loaded, instead of failing with Playwright's "Execution context was destroyed".
import type { Frame, Page } from 'playwright-core';
import { within } from '../../api/wait';

/** What Chromium and Playwright say when the document or the tab's target changed under a call. */
const TORN_DOWN = /Execution context was destroyed|Cannot find context with specified id|Not attached to an active page|Frame was detached|Unable to capture screenshot/i;
/** Reads after the first, each on the next document. */
const AGAIN = 3;
/** How long the next document may take to load before it is read anyway (Notte's page-load wait). */
const LOAD_WAIT_MS = 10_000;
/**
 * A picture of the tab asked while it changes documents may never come (seen: 55 s, the operation
 * limit); one that did not come in this time, while the tab navigated, is asked again on the next document.
 */
const PICTURE_MS = 5000;

/** The page went elsewhere while it was read, again and again. */
export class PageKeptMoving extends Error {
  override readonly name = 'PageKeptMoving';
}

export function isTornDown(error: unknown): boolean {
  return error instanceof Error && TORN_DOWN.test(error.message);
}

/** `read` of the page; read again on the next document when a navigation cut it (up to three times more). */
export async function readSteadily<T>(page: Page, read: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await read();
    } catch (error) {
      if (!isTornDown(error)) throw error;
      if (attempt >= AGAIN) {
        throw new PageKeptMoving(`The page kept going to another page while it was read (${page.url()}): read it again once it rests.`);
      }
    }
    await page.waitForLoadState('load', { timeout: LOAD_WAIT_MS }).catch(() => undefined);
  }
}

/**
 * A picture of `page` asked of Chromium, bounded when the tab changes documents meanwhile: one that
 * does not come in time while the page navigated counts as cut by that navigation. A page that stood
 * still is waited for as before (a slow picture of a heavy page comes; a page stuck in a script is
 * left to the session's operation limit, which replaces its tab).
 */
export async function boundedPicture<T>(page: Page, asked: Promise<T>): Promise<T> {
  let navigated = false;
  const onNavigated = (frame: Frame) => {
    if (frame === page.mainFrame()) navigated = true;
  };
  page.on('framenavigated', onNavigated);
  try {
    const late = Symbol('late');
    const answer = await within(asked, PICTURE_MS, late);
    if (answer !== late) return answer;
    if (!navigated) return await asked;
    throw new Error('Unable to capture screenshot: no picture while the tab changed documents');
  } finally {
    page.off('framenavigated', onNavigated);
  }
}
