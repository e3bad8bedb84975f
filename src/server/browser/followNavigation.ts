// An action that sends the tab elsewhere (Enter in a form, a click on a link or a submit button, a
// change that submits) is answered once the next page is there, as Notte's controller does (it waits for
// the page when an action changed its address): the function's next scrape or observe reads the new
// page, never one being torn down ("Execution context was destroyed"). Chromium tells of the request
// before the action returns, so an action that asks for no navigation waits for nothing. The actions do
// not wait for navigations themselves (noWaitAfter): this is the one place that does.
import type { CDPSession, Page } from 'playwright-core';
import { ActionEnv, ActionFailed, Outcome } from './actionTypes';
import { settled } from './navigation';
import type { Session } from './session';
import { stopLoading } from './unresponsive';
import { within } from '../../api/wait';

/** How long a requested navigation may take to begin loading (one a script cancels never begins). */
const START_WAIT_MS = 1000;
/** How long the round trip through the page after the action may take (a page stuck in a script never answers it). */
const ROUND_TRIP_MS = 500;
/** How long the tab's main frame id may take to come: the browser answers it, not the page (a stuck page never would). */
const FRAME_ID_MS = 2000;

/** What Playwright says of a call on a tab that closed under it. */
const TAB_CLOSED = /Target page, context or browser has been closed|Target closed/;

type Stage = 'requested' | 'started' | 'committed' | 'within' | 'stopped' | 'closed';

const mainFrames = new WeakMap<CDPSession, Promise<string | undefined>>();

/** The id of the tab's main frame: its target's id, which the browser answers even for a page stuck in a script. */
function mainFrameOf(cdp: CDPSession): Promise<string | undefined> {
  let id = mainFrames.get(cdp);
  if (!id) {
    const asked = cdp.send('Target.getTargetInfo').then(
      (info) => info.targetInfo.targetId,
      () => undefined,
    );
    id = within(asked, FRAME_ID_MS);
    // A lookup that did not answer is asked again next time, not kept as "none".
    void id.then((found) => found === undefined && mainFrames.delete(cdp));
    mainFrames.set(cdp, id);
  }
  return id;
}

/** One round trip through the page (bounded: a page stuck in a script does not answer). */
const roundTrip = (page: Page) =>
  within(
    page.evaluate('0').catch(() => undefined),
    ROUND_TRIP_MS,
  );

/** Runs `action` on the session's active `page`; when it sent the tab to another page, waits for that page (committed, then loaded up to Notte's 10 s). */
export async function followingNavigation(session: Session, page: Page, env: ActionEnv, type: string, action: () => Promise<Outcome>): Promise<Outcome> {
  // The screencast's session of the tab, whose Page domain is on: no session of its own per action.
  const cdp = session.screencast.castPage === page ? session.screencast.session : undefined;
  const mainId = cdp ? await mainFrameOf(cdp) : undefined;
  if (!cdp || !mainId) return action();
  let stage: Stage | undefined;
  let moved: (stage: Stage) => void = () => undefined;
  const next = () => new Promise<Stage>((resolve) => (moved = resolve));
  const to = (stage_: Stage) => {
    stage = stage_;
    moved(stage_);
  };
  const on = (target: Stage, isMain: (event: Record<string, unknown>) => boolean) => (event: Record<string, unknown>) => {
    if (isMain(event) && (target !== 'stopped' || stage === 'started')) to(target);
  };
  const byFrameId = (event: Record<string, unknown>) => event.frameId === mainId;
  const listeners: [string, (event: Record<string, unknown>) => void][] = [
    ['Page.frameRequestedNavigation', on('requested', byFrameId)],
    ['Page.frameStartedLoading', on('started', byFrameId)],
    ['Page.navigatedWithinDocument', on('within', byFrameId)],
    ['Page.frameNavigated', on('committed', (event) => (event.frame as { id?: string } | undefined)?.id === mainId)],
    ['Page.frameStoppedLoading', on('stopped', byFrameId)],
  ];
  // The tab closing (the session stopped, the page closed itself) ends any wait at once.
  const closed = () => to('closed');
  page.once('close', closed);
  for (const [name, listener] of listeners) cdp.on(name as 'Page.frameStoppedLoading', listener);
  try {
    let outcome: Outcome;
    try {
      outcome = await action();
    } catch (error) {
      // The action sent the tab elsewhere, or its page closed the tab (window.close()), and then it could not
      // finish on the page it left (a check box whose change submits, verified on the next page): it is done.
      if (stage === undefined || (stage === 'closed' && !(session.isActive && TAB_CLOSED.test(String(error))))) throw error;
      outcome = { message: `${type} done` };
    }
    // A link's navigation reaches the browser a moment after the click's input was acknowledged: one
    // round trip through the page (its task queue runs after the click's) lets the request be told first.
    if (stage === undefined) await roundTrip(page);
    if (stage === undefined) return outcome;
    // Waits stage by stage: the request, its start (a cancelled one never starts), then its commit.
    while (stage === 'requested' || stage === 'started') {
      const waiting = next();
      const limit = stage === 'requested' ? START_WAIT_MS : env.navigationTimeoutMs;
      if ((await within(waiting, limit, 'late')) !== 'late') continue;
      if (stage === 'requested') return outcome;
      // A page that never answers: its navigation is stopped, so the tab is usable where it was.
      await stopLoading(page);
      throw new ActionFailed(`${outcome.message}, but the page it opened did not answer within ${limit / 1000} s: the tab stays on ${page.url()}.`);
    }
    if (stage === 'closed') return closedByPage(session, outcome);
    if (stage !== 'committed') return outcome;
    return { ...outcome, message: `${outcome.message}; the tab went to ${page.url()}${await settled(page, env)}` };
  } finally {
    page.off('close', closed);
    for (const [name, listener] of listeners) cdp.off(name as 'Page.frameStoppedLoading', listener);
  }
}

/** The page closed its own tab (a popup's Done): the action is done, and the tab at its place is the active one now. */
async function closedByPage(session: Session, outcome: Outcome): Promise<Outcome> {
  if (!session.isActive) throw new ActionFailed('The tab closed while its next page was awaited.');
  const next = await session.page();
  return { ...outcome, message: `${outcome.message}; the page closed its tab, tab ${session.activeTabIndex} (${next.url()}) is active now` };
}
