// An action that opens a tab (a click on a link with target=_blank, window.open, Enter in a form whose
// target is a new tab, a change that submits one) leaves the session on that tab, as Notte's controller does (it switches to the last tab when an action changed their
// number), so the function's next scrape or observe reads the page it opened.
import type { Page } from 'playwright-core';
import type { Session } from './session';
import { within } from '../../api/wait';

/** How long a tab the page asked for (Page.windowOpen) may take to appear: its page event follows in tens of ms. */
const NEW_TAB_WAIT_MS = 5000;

/**
 * Runs `action` on the session's active `page`; when it opened a tab, activates it and says so in the
 * message. Chromium tells the opener it opens a window before the click returns, while the tab itself
 * appears a little later: only then is it waited for, so a click that opens nothing waits for nothing.
 */
export async function followingNewTab(session: Session, page: Page, action: () => Promise<{ message: string; data?: Record<string, unknown> }>) {
  const before = new Set(session.tabs);
  let appeared: () => void = () => undefined;
  const tabAppeared = new Promise<void>((resolve) => (appeared = resolve));
  const onPage = () => appeared();
  session.context.on('page', onPage);
  let windowOpened = false;
  const onWindowOpen = () => (windowOpened = true);
  // The screencast's session of the tab, whose Page domain is on: no session of its own per click.
  const cdp = session.screencast.castPage === page ? session.screencast.session : undefined;
  cdp?.on('Page.windowOpen', onWindowOpen);
  try {
    const outcome = await action();
    const fresh = () => session.tabs.filter((tab) => !before.has(tab) && !tab.isClosed());
    if (windowOpened && !fresh().length) {
      await within(tabAppeared, NEW_TAB_WAIT_MS);
    }
    const opened = fresh().at(-1);
    if (!opened) return outcome;
    const index = await session.activate(session.tabs.indexOf(opened)).then(() => session.activeTabIndex);
    return { ...outcome, message: `${outcome.message}; it opened a new tab, now the active one (tab ${index})` };
  } finally {
    session.context.off('page', onPage);
    cdp?.off('Page.windowOpen', onWindowOpen);
  }
}
