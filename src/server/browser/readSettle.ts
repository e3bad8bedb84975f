// Reading a page right after an action finds it as Notte's cloud would. Notte's controller waits after
// its actions: 500 ms after a click, a key or a goto (for a tab it may open), and, when the address
// changed (a link, or a single-page app's route change), until the network is idle (up to 10 s). Here an
// action answers at once (the next action finds its element by itself), and that wait is paid by the
// next read of the page (observe, scrape, evaluate_js, a screenshot), as long as the network is busy and
// at least the short wait: a click on a route that fetches its list, then an observe, sees the list.
import type { Page, Request } from 'playwright-core';
import { sleep } from '../../api/wait';

/** Notte's short wait after an action (its config's wait_short_ms). */
const SHORT_WAIT_MS = 500;
/** How long the network must have been quiet: Playwright's (and so Notte's) network idle. */
const QUIET_MS = 500;
/** Notte's limit for network idle (its timeout_goto_ms). */
const IDLE_LIMIT_MS = 10_000;
const POLL_MS = 50;
/** The requests a page's content waits for (images and fonts do not change what observe and scrape read). */
const TRACKED = new Set(['document', 'xhr', 'fetch', 'script']);
/** The actions after which Notte always waits its short wait (those that may open a tab). */
const SHORT_WAIT_AFTER = new Set(['click', 'press_key', 'goto', 'goto_new_tab']);

interface Traffic {
  inFlight: number;
  lastChange: number;
  /** The main frame's navigations so far, a history.pushState included: a reload of the same address counts. */
  navigations: number;
}

const traffic = new WeakMap<Page, Traffic>();

/** Counts the tab's requests in flight from now on (once per tab). */
export function trackRequests(page: Page): void {
  if (traffic.has(page)) return;
  const state: Traffic = { inFlight: 0, lastChange: Date.now(), navigations: 0 };
  traffic.set(page, state);
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) state.navigations++;
  });
  const change = (delta: number) => (request: Request) => {
    if (!TRACKED.has(request.resourceType())) return;
    state.inFlight = Math.max(0, state.inFlight + delta);
    state.lastChange = Date.now();
  };
  page.on('request', change(1));
  page.on('requestfinished', change(-1));
  page.on('requestfailed', change(-1));
}

/** An action whose wait the next read pays. */
export interface SettlingAction {
  type: string;
  endedAt: number;
  /** The tab's address before it. */
  urlBefore: string;
  /** Its main frame's navigations before it (see `navigationsOf`). */
  navigationsBefore: number;
}

/** How many times the tab's main frame navigated since it was tracked. */
export function navigationsOf(page: Page): number {
  return traffic.get(page)?.navigations ?? 0;
}

/** Waits, before a read of `page`, for what Notte would have waited after `action`. */
export async function settleBeforeRead(page: Page, action: SettlingAction): Promise<void> {
  // Gone elsewhere, or to the same address again (a reload, a goto to where it was, a route pushed twice).
  const moved = page.url() !== action.urlBefore || navigationsOf(page) !== action.navigationsBefore;
  if (!moved && !SHORT_WAIT_AFTER.has(action.type)) return;
  if (moved) {
    const state = traffic.get(page);
    const deadline = action.endedAt + IDLE_LIMIT_MS;
    // Quiet since the action too: a request it started may be told a moment after it answered.
    const quietSince = () => Math.max(state?.lastChange ?? 0, action.endedAt);
    while (state && Date.now() < deadline && (state.inFlight > 0 || Date.now() - quietSince() < QUIET_MS)) await sleep(POLL_MS);
  }
  const since = Date.now() - action.endedAt;
  if (since < SHORT_WAIT_MS) await sleep(SHORT_WAIT_MS - since);
}
