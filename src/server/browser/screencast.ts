// The live frames of a session: CDP's screencast of its active tab (JPEG, sent by Chromium when the
// page changes), handed to whoever listens (the live viewers' websockets, the recorder). When the
// session switches tabs the screencast moves with it.
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { within } from '../../api/wait';

export interface Frame {
  /** The JPEG, as CDP sends it (base64) and as bytes. */
  base64: string;
  jpeg: Buffer;
  /** When Chromium painted it (ms since the epoch). */
  at: number;
  width: number;
  height: number;
}

/**
 * How long a session's close waits for its one picture when it had no frame (a hung page gives none).
 * On a loaded 2-core machine a new tab's first picture took over 5 s (measured: replays ready 5.2–5.5 s
 * after a stop right after the start, where 0.3–1 s is usual), and a replay missed is lost for good.
 */
const PAINT_ONCE_MS = 15_000;
/** How long one ask for that picture may take before it is asked again, and the pause after a refusal. */
const ASK_MS = 3_000;
const RETRY_MS = 100;
/**
 * How long the stop waits for the tab to answer a CDP call. A tab stuck in a script (`while (true) {}`)
 * never answers the ones its renderer handles (Page.stopScreencast): the stop goes on without them,
 * and closing the context ends that renderer.
 */
const STUCK_TAB_MS = 3_000;
/**
 * How long after an action a frame may take before the tab is pictured instead. Chromium sends a frame
 * only when the page paints, and drops one painted while the one before is unacknowledged: a change on a
 * page that then stands still (a loaded machine) left the live view and the replay one change behind.
 */
const SETTLE_MS = 500;
/** Chromium's refusals of a picture that pass: a tab between two documents, or with none painted yet. */
const TRANSIENT_REFUSAL = /not attached to an active page|unable to capture screenshot/i;

export type FrameListener = (frame: Frame) => void;

interface ScreencastFrameEvent {
  data: string;
  sessionId: number;
  metadata: { timestamp?: number; deviceWidth: number; deviceHeight: number };
}

export class Screencast {
  private cdp?: CDPSession;
  private page?: Page;
  private readonly listeners = new Set<FrameListener>();
  private last?: Frame;
  private stopped = false;
  private switching: Promise<void> = Promise.resolve();
  private settleTimer?: NodeJS.Timeout;

  constructor(
    private readonly context: BrowserContext,
    private readonly size: { width: number; height: number },
  ) {}

  get lastFrame(): Frame | undefined {
    return this.last;
  }

  /**
   * The CDP session of the tab being cast, with the Page domain on: observe's screenshots use it (one
   * less round trip), and a click listens on it for the tab it opens (newTab.ts).
   */
  get session(): CDPSession | undefined {
    return this.cdp;
  }

  /** The tab being cast. */
  get castPage(): Page | undefined {
    return this.page;
  }

  onFrame(listener: FrameListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Casts `page` from now on (the session's active tab). */
  follow(page: Page): Promise<void> {
    this.switching = this.switching.then(() => this.attach(page)).catch(() => undefined);
    return this.switching;
  }

  /**
   * Called when an action ended: unless a frame painted after that comes within SETTLE_MS, one picture
   * of the tab as it is goes to the listeners, so what they show is never behind the page. (A frame that
   * follows a change may have been composited before it, its own dropped: only the paint time counts.)
   * Actions in a row ask once, after the last.
   */
  settle(endedAt = Date.now()): void {
    if (this.stopped) return;
    clearTimeout(this.settleTimer);
    this.settleTimer = setTimeout(() => {
      if (!this.paintedSince(endedAt)) void this.picture(endedAt);
    }, SETTLE_MS);
    this.settleTimer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.settleTimer);
    await within(this.switching, STUCK_TAB_MS);
    if (!this.last) await this.paintOnce();
    await this.detach();
    this.listeners.clear();
  }

  private async attach(page: Page): Promise<void> {
    if (this.stopped || this.page === page) return;
    await this.detach();
    if (page.isClosed()) return;
    const cdp = await this.context.newCDPSession(page);
    this.cdp = cdp;
    this.page = page;
    cdp.on('Page.screencastFrame', (event: ScreencastFrameEvent) => {
      void cdp.send('Page.screencastFrameAck', { sessionId: event.sessionId }).catch(() => undefined);
      const frame: Frame = {
        base64: event.data,
        jpeg: Buffer.from(event.data, 'base64'),
        at: event.metadata.timestamp ? event.metadata.timestamp * 1000 : Date.now(),
        width: event.metadata.deviceWidth,
        height: event.metadata.deviceHeight,
      };
      this.emit(frame);
    });
    await cdp.send('Page.enable');
    await cdp.send('Page.startScreencast', { format: 'jpeg', quality: 70, maxWidth: this.size.width, maxHeight: this.size.height, everyNthFrame: 1 });
  }

  /**
   * A session stopped before Chromium sent its first frame (a run stopped at once, a loaded machine)
   * still shows what its tab held: one picture, so its replay exists and says what the page was.
   * Asked again until it comes: in the middle of a navigation Chromium refuses ("Not attached to an
   * active page") or never answers an ask, and a frame the screencast sends meanwhile does as well.
   * Any other refusal (a crashed tab, a closed target) is final: the stop does not wait for it.
   */
  private async paintOnce(): Promise<void> {
    // Ended by its own timer, not a clock reading: a loop on a deadline could spin once the promises settled.
    let over = false;
    const frameCame = new Promise<undefined>((resolve) => {
      const stop = this.onFrame(() => {
        stop();
        resolve(undefined);
      });
      setTimeout(() => {
        over = true;
        stop();
        resolve(undefined);
      }, PAINT_ONCE_MS).unref();
    });
    while (!this.last && !over) {
      const cdp = this.cdp;
      if (!cdp || !this.page || this.page.isClosed()) return;
      const shot = cdp.send('Page.captureScreenshot', { format: 'jpeg', quality: 70 }).then(
        (answer) => ({ answer }),
        (error: Error) => ({ refused: error.message }),
      );
      const outcome = await within(Promise.race([shot, frameCame]), ASK_MS);
      if (this.last) return;
      if (outcome && 'answer' in outcome) return this.emit({ base64: outcome.answer.data, jpeg: Buffer.from(outcome.answer.data, 'base64'), at: Date.now(), ...this.size });
      if (outcome && !TRANSIENT_REFUSAL.test(outcome.refused)) return;
      if (outcome) await within(frameCame, RETRY_MS);
    }
  }

  private paintedSince(at: number): boolean {
    return this.last !== undefined && this.last.at >= at;
  }

  /** One picture of the cast tab, unless a frame painted since `endedAt` came meanwhile; bounded (a stuck tab never answers). */
  private async picture(endedAt: number): Promise<void> {
    const cdp = this.cdp;
    if (!cdp || this.stopped) return;
    const shot = await within(cdp.send('Page.captureScreenshot', { format: 'jpeg', quality: 70, optimizeForSpeed: true }), ASK_MS).catch(() => undefined);
    if (!shot || this.stopped || this.cdp !== cdp || this.paintedSince(endedAt)) return;
    // Dated at the action's end: a frame Chromium painted before it, arriving later, is older and dropped.
    this.emit({ base64: shot.data, jpeg: Buffer.from(shot.data, 'base64'), at: Math.max(endedAt, this.last?.at ?? 0), ...this.size });
  }

  private emit(frame: Frame): void {
    // Under load a frame can arrive after a newer one (the picture a settle took): the view never goes back.
    if (this.last && frame.at < this.last.at) return;
    this.last = frame;
    for (const listener of this.listeners) listener(frame);
  }

  private async detach(): Promise<void> {
    const cdp = this.cdp;
    this.cdp = undefined;
    this.page = undefined;
    if (!cdp) return;
    await within(cdp.send('Page.stopScreencast'), STUCK_TAB_MS).catch(() => undefined);
    await within(cdp.detach(), STUCK_TAB_MS).catch(() => undefined);
  }
}
