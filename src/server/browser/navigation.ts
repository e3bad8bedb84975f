// The navigation actions of page/execute (goto, a new tab, tabs, back, forward, reload), as Notte's own
// browser does them: a page that answered is used once loaded, or as it is when its load never comes.
import type { Page, Request, Response } from 'playwright-core';
import type { ActionEnv } from './actionTypes';
import { Action, ActionFailed, Outcome, str } from './actionTypes';
import type { Session } from './session';
import { pageAnswers, PROBE_MS, stopLoading } from './unresponsive';
import { refusedUrl, withScheme } from './urlPolicy';

/** How long a page that answered may take to load before it is used as it is (Notte's timeout_goto_ms). */
const LOAD_WAIT_MS = 10_000;
/**
 * How often a goto cut short by a navigation of the page's own (a redirect its script had begun, a reload
 * on a timer) is asked again, within the one navigation limit. One cut short by a navigation to the very
 * address asked for is not: Playwright says so once that document has committed, so the tab is there
 * (the SDK trial's "is interrupted by another navigation" while the tab ended there).
 */
const INTERRUPTED_RETRIES = 2;

/**
 * Opens `url` in `page`: answers a note for the action's message. A page held by a script that never
 * yields cannot be navigated away from: noticed while the goto waits, its tab is replaced by a blank
 * one and the goto goes there instead.
 */
async function navigate(session: Session, page: Page, url: string, env: ActionEnv, replaced = false): Promise<string> {
  const refused = refusedUrl(url, env.allowFileUrls);
  if (refused) throw new ActionFailed(refused);
  let went: 'went' | 'replaced';
  try {
    went = replaced ? await gotoCommitted(page, url, env) : await goOrReplace(session, page, url, env);
    if (went === 'went') return await settled(page, env);
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    // A navigation that did not finish is stopped, or the page would stay half-navigated (and scripts wait on it).
    // A page that does not even answer that is held by a script: its tab is replaced, and the goto goes there.
    const stopped = await stopLoading(page);
    if (replaced || stopped || !(await session.replaceIfUnresponsive(page))) {
      if (/Timeout/i.test(message)) throw new ActionFailed(`${url} did not answer within ${env.navigationTimeoutMs / 1000} s.`);
      throw new ActionFailed(`${url} could not be opened: ${message.replace(/^page\.goto: /, '')}`);
    }
  }
  const note = await navigate(session, await session.page(), url, env, true);
  return `${note} (the page before it did not answer, a script on it never yielding: its tab was replaced by this one)`;
}

/** page.goto up to its commit; one cut short by a navigation of the page's own goes on as that navigation says. */
async function gotoCommitted(page: Page, url: string, env: ActionEnv): Promise<'went'> {
  const deadline = Date.now() + env.navigationTimeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      // A try after an interruption has what is left of the limit, so the message's "within N s" holds.
      await page.goto(url, { timeout: Math.max(1, deadline - Date.now()), waitUntil: 'commit' });
      return 'went';
    } catch (error) {
      const message = (error as Error).message;
      // Aborted rather than interrupted when the page's own reload took its place: the tab is where asked.
      if (/net::ERR_ABORTED/.test(message) && !page.isClosed() && sameAddress(page.url(), url)) return 'went';
      const interruptedBy = /is interrupted by another navigation to "([^"]*)"/.exec(message)?.[1];
      if (interruptedBy === undefined || page.isClosed()) throw error;
      if (sameAddress(interruptedBy, url)) return 'went';
      if (attempt >= INTERRUPTED_RETRIES) throw error;
      // The goto cut short may still be on its way and land after the next one: stopped first, so the
      // try after it is the tab's only navigation.
      await stopLoading(page);
    }
  }
}

function sameAddress(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

/**
 * The goto, up to its commit. One that has not committed within the probe's time asks the page a trivial
 * question (a healthy page pays nothing); a page that does not answer it nor the replacement's own probe
 * has its tab replaced ('replaced'); a page that was only busy goes on with the goto. A tab whose
 * document request is still waiting for its server is not asked: a page waiting for its next document
 * answers no evaluate either, and taking it for stuck replaced the tab and asked the server again.
 */
async function goOrReplace(session: Session, page: Page, url: string, env: ActionEnv): Promise<'went' | 'replaced'> {
  const server = documentRequests(page);
  const going = gotoCommitted(page, url, env);
  going.catch(() => undefined); // left unheard when the tab is replaced
  let timer: NodeJS.Timeout | undefined;
  let decided = false;
  const stuck = new Promise<'stuck'>((resolve) => {
    const probeLater = () => {
      if (decided) return;
      timer = setTimeout(() => {
        if (server.awaited()) return probeLater();
        // A document asked for while the probe waited (a redirect to a slow server) is awaited too.
        void pageAnswers(page).then((answers) => (answers ? undefined : server.awaited() ? probeLater() : resolve('stuck')));
      }, PROBE_MS);
    };
    probeLater();
  });
  try {
    if ((await Promise.race([going, stuck])) === 'went') return 'went';
  } finally {
    decided = true;
    clearTimeout(timer);
    server.dispose();
  }
  return (await session.replaceIfUnresponsive(page)) ? 'replaced' : going;
}

/** Whether a document the tab's main frame asked for has had no answer from its server yet. */
function documentRequests(page: Page): { awaited(): boolean; dispose(): void } {
  const pending = new Set<Request>();
  const isDocument = (request: Request) => {
    try {
      return request.isNavigationRequest() && request.frame() === page.mainFrame();
    } catch {
      return false; // a service worker's request has no frame
    }
  };
  const asked = (request: Request) => isDocument(request) && pending.add(request);
  const answered = (request: Request) => pending.delete(request);
  const responded = (response: Response) => pending.delete(response.request());
  page.on('request', asked);
  page.on('response', responded);
  page.on('requestfailed', answered);
  return {
    awaited: () => pending.size > 0,
    dispose() {
      page.off('request', asked);
      page.off('response', responded);
      page.off('requestfailed', answered);
    },
  };
}

/**
 * A page that answered, once loaded: a load that does not come within Notte's 10 s (an image or a tracker
 * that never answers) is not a failure, as with Notte, whose goto then goes on with the page as it is.
 * Answers a note for the action's message.
 */
export async function settled(page: Page, env: ActionEnv): Promise<string> {
  const waitMs = Math.min(LOAD_WAIT_MS, env.navigationTimeoutMs);
  try {
    await page.waitForLoadState('load', { timeout: waitMs });
    return '';
  } catch (error) {
    if (page.isClosed()) throw error;
    return ` (still loading after ${waitMs / 1000} s: used as it is)`;
  }
}

/** Navigation and tabs; undefined when `type` is not one of them. */
export async function navigationAction(session: Session, page: Page, action: Action, env: ActionEnv): Promise<Outcome | undefined> {
  const type = action.type as string;
  switch (type) {
    case 'goto': {
      const note = await navigate(session, page, withScheme(str(action, 'url') ?? str(action, 'value') ?? ''), env);
      return { message: `Navigated to ${(await session.page()).url()}${note}` };
    }
    case 'goto_new_tab': {
      const url = withScheme(str(action, 'url') ?? '');
      const refused = refusedUrl(url, env.allowFileUrls);
      if (refused) throw new ActionFailed(refused);
      const tab = await session.context.newPage();
      await session.activate(session.tabs.indexOf(tab));
      const note = await navigate(session, tab, url, env);
      return { message: `Opened ${(await session.page()).url()} in a new tab (tab ${session.activeTabIndex})${note}` };
    }
    case 'close_tab':
      await page.close();
      if (session.tabs.length > 0) await session.activate(Math.min(session.activeTabIndex, session.tabs.length - 1));
      else await session.page();
      return { message: 'Closed the tab' };
    case 'switch_tab': {
      const index = action.tab_index;
      if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index >= session.tabs.length)
        throw new ActionFailed(`There is no tab ${index}: the session has ${session.tabs.length} (numbered from 0).`);
      await session.activate(index);
      return { message: `Switched to tab ${index}` };
    }
    case 'go_back':
    case 'go_forward': {
      const before = page.url();
      // No response is not a failure: a page from the back-forward cache has none. An unchanged address is.
      const options = { timeout: env.navigationTimeoutMs, waitUntil: 'commit' as const };
      const moved = type === 'go_back' ? await page.goBack(options) : await page.goForward(options);
      if (!moved && page.url() === before) throw new ActionFailed(`There is no page to go ${type === 'go_back' ? 'back' : 'forward'} to.`);
      return { message: `Went ${type === 'go_back' ? 'back' : 'forward'} to ${page.url()}${await settled(page, env)}` };
    }
    case 'reload':
      await page.reload({ timeout: env.navigationTimeoutMs, waitUntil: 'commit' });
      return { message: `Reloaded the page${await settled(page, env)}` };
  }
  return undefined;
}
