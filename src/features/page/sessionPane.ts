// The function page's browser session pane, extension side: it asks the server (through the API module)
// for a run's session — its live viewer while the run goes on, its replay once it ended, retried while
// it is not ready as the SDK does — and tells the page only links it may load (sessionLinks.ts). Links
// that carry the API key stay here; "open outside" opens them through VS Code, not the page.
import vscode = require('vscode');
import { isNotteApiError } from '../../api/errors';
import { isNotteCloud, liveViewerUrl } from '../../api/snippets';
import { openOutside } from '../../core/ui/openOutside';
import type { NotteClient } from '../../api/client';
import type { FunctionRun } from '../../api/types';
import type { WindowContext } from '../../core/windowContext';
import { Commands } from '../../shared/contributions';
import { describeError } from '../../core/ui/errorText';
import type { SessionView } from './protocol';
import { checkSessionLink, videoStartsAt } from './sessionLinks';
import { isLoopbackUrl } from '../../shared/loopback';
import { sleep } from '../../api/wait';
import { runStartedAtMs } from '../../shared/runs';

const REPLAY_POLL_MS = 2000;
const REPLAY_WAIT_MS = 120_000;

export class SessionPane implements vscode.Disposable {
  /** Bumped by every new run or selection: answers for an older one are dropped. */
  private generation = 0;
  private waiting: AbortController | undefined;
  private openLink: (() => Thenable<unknown>) | undefined;
  private lastView: SessionView = { state: 'idle', text: 'Run the function: the browser session of the run shows here.', canOpen: false };

  constructor(
    private readonly ctx: WindowContext,
    private readonly functionId: string,
    /** The origin the page's CSP was written for (it cannot change without reloading the page). */
    private readonly allowedOrigin: string | undefined,
    private readonly post: (view: SessionView) => void,
    private readonly secret: () => string | undefined,
  ) {}

  get view(): SessionView {
    return this.lastView;
  }

  /** A new run starts: nothing to show until it has a session. */
  starting(): void {
    this.next();
    this.show({ state: 'waiting', text: 'Starting the run…', canOpen: false });
  }

  /** The run has started and has no session (yet): a function opens its browser when it wants to. */
  noneYet(): void {
    this.next();
    this.show({ state: 'waiting', text: 'No browser session yet: it shows here when the run opens one.', canOpen: false });
  }

  /** The run was never created (the server could not be reached, or refused it): nothing ran, no browser either. */
  notStarted(): void {
    this.next();
    this.show({ state: 'none', text: 'The run did not start, so there is no browser session: see why above.', canOpen: false });
  }

  /** The run (live or past) has no browser session: say why the pane is empty. */
  none(): void {
    this.next();
    const local = isLoopbackUrl(this.ctx.connection.baseUrl);
    this.show({
      state: 'none',
      text: local
        ? 'This run has no browser session: the function did not open a browser. On the local server, a function that opens a session (with NotteClient().Session() as session:) gets a real Chromium, shown here live, then replayed.'
        : 'This run has no browser session: the function did not open a browser.',
      canOpen: false,
    });
  }

  /** A past run picked from the history: its live viewer if it still runs, else its replay. */
  async forRun(run: FunctionRun): Promise<void> {
    if (!run.session_id) return this.none();
    if (run.status === 'active' || run.status === 'created') return this.live(run.session_id);
    return this.replay(run.function_run_id, run.session_id, runStartedAtMs(run));
  }

  /** The run's session is live: its viewer, framed when its link may be, else "open outside". */
  async live(sessionId: string): Promise<void> {
    const generation = this.next();
    this.show({ state: 'waiting', sessionId, text: `Browser session ${sessionId} started: asking for its viewer…`, canOpen: false });
    let viewer: string | null | undefined;
    try {
      viewer = (await this.ctx.connection.client().getSession(sessionId)).viewer_url;
    } catch (error) {
      if (!isNotteApiError(error) || error.kind !== 'not_found') {
        if (generation === this.generation) this.show({ state: 'error', sessionId, text: `Could not get the session's viewer: ${describeError(error)}`, canOpen: false });
        return;
      }
    }
    if (generation !== this.generation) return;
    if (!viewer) {
      // No signed viewer: on Notte's cloud, its console viewer, whose link carries the key (opened, never shown).
      if (!isNotteCloud(this.ctx.connection.baseUrl)) {
        this.show({ state: 'error', sessionId, text: `The server gives no live viewer for session ${sessionId}.`, canOpen: false });
        return;
      }
      this.openLink = () =>
        this.ctx.connection.apiKey().then((key) => vscode.env.openExternal(vscode.Uri.parse(liveViewerUrl(this.ctx.connection.baseUrl, sessionId, key ?? '')!, true)));
      this.show({
        state: 'outside',
        sessionId,
        text: "Notte's live viewer link for this session carries your API key, which this page is never given: open it outside (in your browser).",
        canOpen: true,
      });
      return;
    }
    const link = viewer;
    this.openLink = () => openOutside(link, 'live viewer');
    const check = checkSessionLink(link, this.allowedOrigin, [this.secret(), await this.ctx.connection.apiKey()], 'live viewer');
    if (generation !== this.generation) return;
    if (check.ok) this.show({ state: 'live', sessionId, url: link, text: `Live view of session ${sessionId}.`, canOpen: true });
    else this.show({ state: 'outside', sessionId, text: check.reason, canOpen: true });
  }

  /** The run ended: waits for its replay (404 "not ready" / "still active" are retried) and shows it. */
  async replay(runId: string, sessionId: string, startedAt: number): Promise<void> {
    const generation = this.next();
    const waiting = new AbortController();
    this.waiting = waiting;
    this.openLink = () => vscode.commands.executeCommand(Commands.openReplay, this.functionId, runId);
    this.show({ state: 'waiting', sessionId, text: 'The run ended: waiting for the replay of its browser session…', canOpen: false });
    const deadline = Date.now() + REPLAY_WAIT_MS;
    const client = this.ctx.connection.client();
    while (!waiting.signal.aborted) {
      try {
        const replay = await client.getSessionReplay(sessionId, { signal: waiting.signal });
        if (generation !== this.generation) return;
        if (!replay.mp4_url) {
          const text = replay.playlist_content ? 'The replay is a playlist, which this page cannot play: open it outside.' : 'The replay is ready but has no video link.';
          this.show({ state: 'outside', sessionId, text, canOpen: !!replay.playlist_content });
          return;
        }
        const link = replay.mp4_url;
        this.openLink = () => openOutside(link, 'replay');
        const sessionStart = await sessionStartedAt(client, sessionId, startedAt);
        const check = checkSessionLink(link, this.allowedOrigin, [this.secret(), await this.ctx.connection.apiKey()], 'replay');
        if (generation !== this.generation) return;
        if (check.ok)
          this.show({
            state: 'replay',
            sessionId,
            url: link,
            videoStartsAt: videoStartsAt(sessionStart, replay.video_start_ms),
            text: `Replay of session ${sessionId}. Click a log line to see that moment.`,
            canOpen: true,
          });
        else this.show({ state: 'outside', sessionId, text: check.reason, canOpen: true });
        return;
      } catch (error) {
        if (waiting.signal.aborted || generation !== this.generation) return;
        const notReady = isNotteApiError(error) && error.kind === 'not_found';
        if (!notReady || Date.now() > deadline) {
          this.show({
            state: 'error',
            sessionId,
            text: notReady ? 'The replay was not ready after 2 minutes: "Open outside" asks again.' : `Could not get the replay: ${describeError(error)}`,
            canOpen: true,
          });
          return;
        }
        const text = /still active/i.test((error as Error).message)
          ? 'The browser session is still closing: its replay follows once it has ended…'
          : 'The replay is being prepared…';
        if (this.lastView.text !== text) this.show({ state: 'waiting', sessionId, text, canOpen: false });
        await sleep(REPLAY_POLL_MS, waiting.signal);
      }
    }
  }

  /** "Open outside": the link the pane knows (even one carrying the key), through VS Code. */
  async open(): Promise<void> {
    await this.openLink?.();
  }

  /** Sends the pane's state again (the page was reloaded). */
  repost(): void {
    this.post(this.lastView);
  }

  private next(): number {
    this.waiting?.abort();
    this.waiting = undefined;
    this.openLink = undefined;
    return ++this.generation;
  }

  private show(view: SessionView): void {
    this.lastView = view;
    this.post(view);
  }

  dispose(): void {
    this.next();
  }
}

/**
 * When the session started: the replay's video_start_ms counts from there. A function opens its
 * browser some time after its run started; the run's start stands in when the server does not say.
 */
async function sessionStartedAt(client: NotteClient, sessionId: string, runStartedAt: number): Promise<number> {
  try {
    const created = Date.parse((await client.getSession(sessionId)).created_at ?? '');
    return Number.isFinite(created) ? created : runStartedAt;
  } catch {
    return runStartedAt;
  }
}
