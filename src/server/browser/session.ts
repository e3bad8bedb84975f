// One browser session: a context of the shared browser (its own cookies, storage and settings), its
// tabs and which one is active, the last observe's ids, the steps taken (for workflow/code), the live
// frames and the recording. Its operations are queued: one at a time, in the order they came.
import type { BrowserContext, Page } from 'playwright-core';
import type { EncoderPage } from './encoderPage';
import type { ObservedElement } from './page/perceive';
import type { FinishedRecording } from './recording';
import { Recording } from './recording';
import { Screencast } from './screencast';
import { watchDocuments } from './rawFile';
import type { SessionOptions } from './startRequest';
import type { RunningBrowser } from './browserHost';
import { settleBeforeRead, trackRequests, type SettlingAction } from './readSettle';
import { pageAnswers, PROBE_MS } from './unresponsive';
import { TabCrashes } from './tabCrashes';
import { within } from '../../api/wait';

/** How long replacing a stuck tab may hold the session (a probe, a new tab, its screencast). */
const REPLACE_LIMIT_MS = 4 * PROBE_MS;

/**
 * How long one operation may hold the session. Longer than the server's own limits (navigation 30 s,
 * evaluate_js 45 s, wait 30 s), so only a stuck page reaches it; shorter than the SDK's 60 s read
 * timeout, so the function gets this server's answer. An action that asks for more time gets it (runtime.ts).
 */
export const OPERATION_LIMIT_MS = 55_000;

export type SessionStatus = 'active' | 'closed' | 'error' | 'timed_out';

/**
 * An operation of a session that was closed before or while it ran. The routes answer it as they answer
 * a closed session, knowing it by its name (they do not load this module: it is in the lazy browser chunk).
 */
export class SessionClosed extends Error {
  override readonly name = 'SessionClosed';
  constructor() {
    super('The session was closed.');
  }
}

/** An operation that outlived its limit: the page holds its renderer (a script that never yields). */
export class PageUnresponsive extends Error {
  override readonly name = 'PageUnresponsive';
}

/** An operation whose tab crashed under it (Chromium ended its renderer: too little memory, a renderer bug). */
export class PageCrashed extends Error {
  override readonly name = 'PageCrashed';
  /** `earlier`: it crashed before this call, which was not run. */
  constructor(earlier = false) {
    super(
      earlier
        ? 'The page crashed (Chromium ended its renderer, often for lack of memory) and its tab was replaced by a blank one: this call was not run; go to a page (goto) or to another tab to go on.'
        : 'The page crashed (Chromium ended its renderer, often for lack of memory): its tab was replaced by a blank one, where the session goes on with its cookies and other tabs.',
    );
  }
}

/** One step of the session, as workflow/code exports it. */
export interface Step {
  action: Record<string, unknown>;
  /** For steps on an element: the selector the export uses (resolved later for ids, see `selectorFor`). */
  selector?: Promise<string>;
}

/** The run a session was started for (with the run's key), and the folder of its function file. */
export interface SessionRun {
  runId: string;
  folder?: string;
}

/**
 * Where a relative upload path is read from: the folder of its run's function file, where this server
 * starts the run (a run on another machine or in another folder has no better folder the server could
 * know); with no run, or when the function is gone, the server's own. And the session's downloads folder.
 */
export interface SessionFiles {
  folder: string;
  downloads: string;
}

export interface SessionInit {
  id: string;
  options: SessionOptions;
  context: BrowserContext;
  running: RunningBrowser;
  runId?: string;
  recordingFile: string;
  files: SessionFiles;
  /** The browser's encoder page, asked for once the session's start has answered (recording.ts). */
  openEncoder(): Promise<EncoderPage>;
  /** How long one operation may hold the session (default OPERATION_LIMIT_MS). */
  operationLimitMs?: number;
}

export class Session {
  readonly id: string;
  readonly createdAt = new Date();
  lastAccessedAt = new Date();
  closedAt?: Date;
  status: SessionStatus = 'active';
  /** Why it closed when the client did not stop it (a timeout, a crash, the end of its run). */
  closeReason?: string;
  readonly options: SessionOptions;
  readonly context: BrowserContext;
  readonly running: RunningBrowser;
  readonly runId?: string;
  readonly files: SessionFiles;
  readonly screencast: Screencast;
  readonly recording: Recording;
  /** The ids of the last observe, on the page it was made on. */
  observed = new Map<string, ObservedElement>();
  observedPage?: Page;
  /** The address that observe was made on (for the message when an id is no longer there). */
  observedUrl?: string;
  readonly steps: Step[] = [];
  /** The last action, whose wait the next read pays (readSettle.ts). */
  settling?: SettlingAction;
  finished?: Promise<FinishedRecording>;
  /** Set when it starts closing: resolves once it is closed. */
  closing: Promise<void> = Promise.resolve();
  /** Gives back its hold on the browser (set by the manager). */
  release?: () => void;
  private readonly operationLimitMs: number;
  /** The tab actions apply to, and where it was in the tab list (for the tab that takes its place when it closes). */
  private active?: Page;
  /** The tabs whose closing is listened to (once each). */
  private readonly watched = new WeakSet<Page>();
  /** Its tabs' crashes: a crashed tab answers nothing again, and is replaced (or closed). */
  readonly crashes = new TabCrashes();
  /** The active tab crashed and was replaced by a blank one, and no call has gone to a page since. */
  private blankSinceCrash = false;
  private opening?: Promise<Page>;
  private activeIndex = 0;
  private queue: Promise<unknown> = Promise.resolve();
  private replacing?: Promise<boolean>;

  constructor(init: SessionInit) {
    this.id = init.id;
    this.options = init.options;
    this.context = init.context;
    this.running = init.running;
    this.runId = init.runId;
    this.files = init.files;
    this.operationLimitMs = init.operationLimitMs ?? OPERATION_LIMIT_MS;
    this.screencast = new Screencast(init.context, init.options.viewport);
    this.recording = new Recording(this.id, init.recordingFile, init.openEncoder);
    this.screencast.onFrame((frame) => this.recording.push(frame));
    watchDocuments(init.context);
    // Every tab, active or not (a popup a script opened, one opened over the CDP endpoint).
    init.context.on('page', (page) => this.crashes.watch(page, () => this.crashed(page)));
    for (const page of init.context.pages()) this.crashes.watch(page, () => this.crashed(page));
  }

  get isActive(): boolean {
    return this.status === 'active';
  }

  get tabs(): Page[] {
    return this.context.pages();
  }

  /**
   * The tab actions apply to, and the one the screencast casts. When it closed itself (`window.close()`),
   * the tab at its place (else the last) takes over, as close_tab does; a blank one is opened when every
   * tab was closed.
   */
  async page(): Promise<Page> {
    const tabs = this.tabs;
    if (tabs.length === 0) this.setActive(await this.blankTab());
    else if (!this.active || !tabs.includes(this.active)) this.setActive(tabs[Math.min(this.activeIndex, tabs.length - 1)]);
    const active = this.active as Page;
    this.activeIndex = Math.max(0, this.tabs.indexOf(active));
    if (this.screencast.castPage !== active) await this.screencast.follow(active);
    return active;
  }

  /** When the active tab closes by itself, the live viewer moves to the tab that takes its place at once. */
  private setActive(page: Page): void {
    if (this.active === page) return;
    this.active = page;
    trackRequests(page);
    if (this.watched.has(page)) return;
    this.watched.add(page);
    page.once('close', () => {
      if (this.active === page && this.isActive) void this.page().catch(() => undefined);
    });
  }

  /** A crashed tab stays open and dead: the active one is replaced by a blank tab, another one closed. */
  private crashed(page: Page): void {
    if (!this.isActive) return;
    if (this.active !== page) return void page.close({ runBeforeUnload: false }).catch(() => undefined);
    this.blankSinceCrash = true;
    // After a check of the same tab that may have found it still answering, so that the crash is not lost in it.
    void (this.replacing ?? Promise.resolve()).then(() => this.replaceIfUnresponsive(page));
  }

  /** One blank tab when every tab was closed, however many ask at once (close_tab and the close listener both do). */
  private blankTab(): Promise<Page> {
    this.opening ??= this.context.newPage().finally(() => (this.opening = undefined));
    return this.opening;
  }

  get activeTabIndex(): number {
    const index = this.active ? this.tabs.indexOf(this.active) : -1;
    return index >= 0 ? index : Math.min(this.activeIndex, Math.max(0, this.tabs.length - 1));
  }

  async activate(index: number): Promise<Page> {
    const page = this.tabs[index];
    this.setActive(page);
    this.activeIndex = index;
    await page.bringToFront().catch(() => undefined);
    await this.screencast.follow(page);
    return page;
  }

  /**
   * Runs `operation` after the ones before it (a session does one thing at a time). One that takes more
   * than `limitMs` (a page stuck in a script) fails, so the session's next requests are not stuck behind it;
   * they wait only until a tab that no longer answers has been replaced.
   */
  serialize<T>(operation: () => Promise<T>, limitMs = this.operationLimitMs): Promise<T> {
    let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
    const answer = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
    const turn = async (): Promise<void> => {
      // Queued behind the stop, or cut by it: its failure says so, not what the closed context answered.
      if (!this.isActive) return settle.reject(new SessionClosed());
      // After a crash, the next operation waits for the blank tab that takes the crashed one's place.
      if (this.replacing) await this.replacing;
      if (this.active && this.crashes.has(this.active)) await this.replaceIfUnresponsive(this.active);
      const mark = this.crashes.mark;
      const done = operation().then(settle.resolve, async (error: unknown) => settle.reject(await this.failure(error, mark)));
      const outcome = await within(done, limitMs, 'stuck');
      if (outcome !== 'stuck') return;
      // A session stopped meanwhile says so, as every other request on it does.
      if (!this.isActive) settle.reject(new SessionClosed());
      else settle.reject(new PageUnresponsive(`The page did not answer within ${limitMs / 1000} s; if a script on it never yields, its tab is replaced by a blank one.`));
      await this.replaceIfUnresponsive().catch(() => false);
    };
    this.queue = this.queue.then(turn, turn);
    return answer;
  }

  /** What an operation's failure is told as: the session's closing, or a tab's crash during it, rather than Playwright's words for them. */
  private async failure(error: unknown, mark: number): Promise<unknown> {
    if (!this.isActive) return new SessionClosed();
    if (!(await this.crashes.since(mark, error))) return error;
    return this.isActive ? new PageCrashed() : new SessionClosed();
  }

  /**
   * After the active tab crashed, a call that reads or acts on the page is refused, saying so, until one goes
   * to a page or another tab (`startsAnew`): else calls (a retried one too) would read the blank tab as the page.
   */
  refuseOnCrashedTab(startsAnew = false): void {
    if (startsAnew) this.blankSinceCrash = false;
    if (this.blankSinceCrash) throw new PageCrashed(true);
  }

  /**
   * Closes the active tab (or `page`) when it does not answer (a script that never yields holds its
   * renderer; Chromium ends it without running its unload handlers) and opens a blank one in its place, so
   * the session can go on with its cookies and its other tabs. Answers whether it did.
   */
  replaceIfUnresponsive(page: Page | undefined = this.active): Promise<boolean> {
    // One replacement at a time (a failed goto and the operation limit may both ask), and a bounded one:
    // the session's next operations wait for it.
    this.replacing ??= within(
      this.replace(page).catch(() => false),
      REPLACE_LIMIT_MS,
      false,
    ).finally(() => (this.replacing = undefined));
    return this.replacing;
  }

  private async replace(page: Page | undefined): Promise<boolean> {
    if (!page || page.isClosed() || !this.isActive) return false;
    if (!this.crashes.has(page) && (await pageAnswers(page))) return false;
    const fresh = await this.context.newPage();
    void page.close({ runBeforeUnload: false }).catch(() => undefined);
    this.setActive(fresh);
    this.activeIndex = Math.max(0, this.tabs.indexOf(fresh));
    await this.screencast.follow(fresh);
    return true;
  }

  /** Pays, before a read of the active tab, the wait Notte would have waited after the last action (once). */
  async settleForRead(): Promise<void> {
    const action = this.settling;
    this.settling = undefined;
    if (action) await settleBeforeRead(await this.page(), action);
  }

  touch(): void {
    this.lastAccessedAt = new Date();
  }
}
