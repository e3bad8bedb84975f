// An action that sends the tab elsewhere (Enter in a form, a click on a link or a submit button, a
// change that submits) is answered once the next page is there, as Notte's controller does (it waits for
// the page when an action changed its address): the function's next scrape or observe reads the new
// page, never one being torn down ("Execution context was destroyed"). Chromium tells of the request
// before the action returns, so an action that asks for no navigation waits for nothing.
import type { CDPSession, Page } from 'playwright-core';
import type { ActionEnv, Outcome } from './actionTypes';
import { settled } from './navigation';
import type { Session } from './session';

/** How long a requested navigation may take to begin loading (one a script cancels never begins). */
const START_WAIT_MS = 1000;

type Stage = 'requested' | 'started' | 'committed' | 'within' | 'stopped';

const mainFrames = new WeakMap<CDPSession, Promise<string | undefined>>();

function mainFrameOf(cdp: CDPSession): Promise<string | undefined> {
  let id = mainFrames.get(cdp);
  if (!id) {
    id = cdp.send('Page.getFrameTree').then(
      (tree) => tree.frameTree.frame.id,
      () => undefined,
    );
    mainFrames.set(cdp, id);
  }
  return id;
}

const delay = (ms: number) => new Promise<'late'>((resolve) => setTimeout(() => resolve('late'), ms).unref());

/** Runs `action` on the session's active `page`; when it sent the tab to another page, waits for that page (committed, then loaded up to Notte's 10 s). */
export async function followingNavigation(session: Session, page: Page, env: ActionEnv, action: () => Promise<Outcome>): Promise<Outcome> {
  // The screencast's session of the tab, whose Page domain is on: no session of its own per action.
  const cdp = session.screencast.castPage === page ? session.screencast.session : undefined;
  const mainId = cdp ? await mainFrameOf(cdp) : undefined;
  if (!cdp || !mainId) return action();
  let stage: Stage | undefined;
  let moved: (stage: Stage) => void = () => undefined;
  const next = () => new Promise<Stage>((resolve) => (moved = resolve));
  const on = (to: Stage, isMain: (event: Record<string, unknown>) => boolean) => (event: Record<string, unknown>) => {
    if (!isMain(event) || (to === 'stopped' && stage !== 'started')) return;
    stage = to;
    moved(to);
  };
  const byFrameId = (event: Record<string, unknown>) => event.frameId === mainId;
  const listeners: [string, (event: Record<string, unknown>) => void][] = [
    ['Page.frameRequestedNavigation', on('requested', byFrameId)],
    ['Page.frameStartedLoading', on('started', byFrameId)],
    ['Page.navigatedWithinDocument', on('within', byFrameId)],
    ['Page.frameNavigated', on('committed', (event) => (event.frame as { id?: string } | undefined)?.id === mainId)],
    ['Page.frameStoppedLoading', on('stopped', byFrameId)],
  ];
  for (const [name, listener] of listeners) cdp.on(name as 'Page.frameStoppedLoading', listener);
  try {
    const outcome = await action();
    if (stage === undefined) return outcome;
    // Waits stage by stage: the request, its start (a cancelled one never starts), then its commit.
    while (stage === 'requested' || stage === 'started') {
      const waiting = next();
      const limit = stage === 'requested' ? START_WAIT_MS : env.navigationTimeoutMs;
      if ((await Promise.race([waiting, delay(limit)])) === 'late') {
        return stage === 'requested' ? outcome : { ...outcome, message: `${outcome.message}; the page it opened did not answer within ${limit / 1000} s` };
      }
    }
    if (stage !== 'committed') return outcome;
    return { ...outcome, message: `${outcome.message}; the tab went to ${page.url()}${await settled(page, env)}` };
  } finally {
    for (const [name, listener] of listeners) cdp.off(name as 'Page.frameStoppedLoading', listener);
  }
}
