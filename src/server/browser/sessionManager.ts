// The browser sessions of the local server: starts them (a context of the shared browser each, or of a
// browser of their own when they ask for other Chromium flags), keeps their timers (idle, maximum
// duration), closes them (stop, timeout, end of their run, a crash of their browser, server close) and
// keeps the closed ones' state and replay for a while. Loaded with playwright-core on the first session.
import { randomUUID } from 'crypto';
import fs = require('fs');
import path = require('path');
import type { Browser } from 'playwright-core';
import type { WebSocket, WebSocketServer } from 'ws';
import type { IncomingMessage } from 'http';
import type { Duplex } from 'stream';
import { BrowserHost, type RunningBrowser } from './browserHost';
import { CdpProxy } from './cdpProxy';
import { makePrivateDir } from '../dataFolder';
import { EncoderPage } from './encoderPage';
import { MarkdownConverter } from './markdown';
import type { ActionEnv } from './actionTypes';
import { OPERATION_LIMIT_MS, Session, type SessionRun } from './session';
import type { SessionOptions } from './startRequest';
import { wsPackage } from './packages';
import { within } from '../../api/wait';

/** How long the server's close waits for its sessions to close properly before ending the browsers. */
const CLOSE_GRACE_MS = 5000;
/** Closed sessions kept for their status and replay (the oldest go first, their videos with them). */
const KEPT_CLOSED = 100;

export interface SessionManagerOptions {
  executable(): string;
  dataDir: string;
  /** Where the encoder page is opened: a page of the local server (a secure context). */
  encoderUrl(): string;
  allowFileUrls: boolean;
  navigationTimeoutMs: number;
  evaluateTimeoutMs: number;
  /** How long one operation may hold a session (default session.ts OPERATION_LIMIT_MS; tests shorten it). */
  operationLimitMs?: number;
  browserIdleCloseMs?: number;
  extraBrowserArgs?: string[];
  /** How long a minute of the idle and maximum durations lasts (tests shorten it). */
  minuteMs?: number;
  /** A run's session ended on its own (its browser crashed, it timed out): the run is told why. */
  onRunSessionLost?(runId: string, sessionId: string, reason: string): void;
  log?(line: string): void;
}

export type LiveSocketKind = 'frames' | 'logs' | 'cdp';

export class SessionManager {
  private readonly sessions = new Map<string, Session>();
  private readonly hosts = new Map<string, BrowserHost>();
  private readonly encoders = new WeakMap<Browser, Promise<EncoderPage>>();
  /** Made on the first live socket (ws is read then: packages.ts). */
  private sockets?: WebSocketServer;
  private readonly logSockets = new Map<string, Set<WebSocket>>();
  private readonly proxies = new Set<CdpProxy>();
  readonly env: ActionEnv;
  readonly videosDir: string;
  private closing = false;

  constructor(private readonly options: SessionManagerOptions) {
    this.videosDir = path.join(options.dataDir, 'sessions');
    // Sessions live as long as the server process: replays left by an earlier one can no longer be asked for.
    fs.rmSync(this.videosDir, { recursive: true, force: true });
    // 0700 as every folder of the data folder (a downloads folder per session goes under the second).
    makePrivateDir(this.videosDir);
    makePrivateDir(path.join(options.dataDir, 'downloads'));
    this.env = {
      allowFileUrls: options.allowFileUrls,
      navigationTimeoutMs: options.navigationTimeoutMs,
      evaluateTimeoutMs: options.evaluateTimeoutMs,
      operationLimitMs: options.operationLimitMs ?? OPERATION_LIMIT_MS,
      markdown: new MarkdownConverter(),
    };
  }

  get activeCount(): number {
    return [...this.sessions.values()].filter((s) => s.isActive).length;
  }

  get(id: string): Session | undefined {
    return this.sessions.get(id);
  }

  list(): Session[] {
    return [...this.sessions.values()].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  }

  /** The pid of each browser running now (tests count their processes). */
  browserPids(): number[] {
    return [...this.hosts.values()].map((h) => h.pid).filter((p): p is number => p !== undefined);
  }

  /** How many browser contexts each running browser has (its default one and the encoder's included). */
  browserContexts(): number[] {
    return [...this.hosts.values()].flatMap((h) => (h.browser ? [h.browser.contexts().length] : []));
  }

  async start(options: SessionOptions, run: SessionRun | undefined): Promise<Session> {
    const key = options.chromeArgs.slice().sort().join('\n');
    let host = this.hosts.get(key);
    if (!host) {
      host = new BrowserHost({
        executable: this.options.executable,
        extraArgs: [...(this.options.extraBrowserArgs ?? []), ...options.chromeArgs],
        idleCloseMs: this.options.browserIdleCloseMs,
        log: this.options.log,
      });
      host.onCrash((running, reason) => this.browserLost(running, reason));
      this.hosts.set(key, host);
    }
    const running = await host.acquire();
    let context;
    try {
      context = await running.browser.newContext({
        viewport: options.viewport,
        userAgent: options.userAgent ?? running.userAgent,
        // Chromium on Linux takes its language from the environment, not from --lang: the context is told.
        locale: options.chromeArgs.map((arg) => /^--lang=(.+)$/.exec(arg)?.[1]).find(Boolean),
        extraHTTPHeaders: Object.keys(options.extraHttpHeaders).length ? options.extraHttpHeaders : undefined,
        proxy: options.proxy,
        acceptDownloads: true,
      });
      await context.newPage();
      const id = randomUUID();
      const session = new Session({
        id,
        options,
        context,
        running,
        runId: run?.runId,
        recordingFile: path.join(this.videosDir, `${id}.webm`),
        files: { folder: run?.folder ?? process.cwd(), downloads: path.join(this.options.dataDir, 'downloads', id) },
        openEncoder: () => this.encoderFor(running.browser),
        operationLimitMs: this.env.operationLimitMs,
      });
      await session.page();
      // Counted as open only now: until here BrowserSessions counts it as starting (counted twice, a start could answer 429 early).
      this.sessions.set(session.id, session);
      this.schedule(session, host);
      this.options.log?.(`session ${session.id} started${run ? ` for run ${run.runId}` : ''}`);
      return session;
    } catch (error) {
      await context?.close().catch(() => undefined);
      host.release();
      throw error;
    }
  }

  /** The encoder page of a browser, opened on first use; it goes with its browser. */
  private encoderFor(browser: Browser): Promise<EncoderPage> {
    let encoder = this.encoders.get(browser);
    if (!encoder) {
      const opened = EncoderPage.open(browser, this.options.encoderUrl(), () => {
        if (this.encoders.get(browser) === opened) this.encoders.delete(browser);
      });
      encoder = opened;
      encoder.catch(() => undefined);
      this.encoders.set(browser, encoder);
    }
    return encoder;
  }

  /** The idle and maximum-duration timers: both end the session as `timed_out`. */
  private schedule(session: Session, host: BrowserHost): void {
    const minute = this.options.minuteMs ?? 60_000;
    const maxMs = session.options.maxDurationMinutes * minute;
    const idleMs = session.options.idleTimeoutMinutes * minute;
    const check = () => {
      if (!session.isActive) return;
      const now = Date.now();
      if (now - session.createdAt.getTime() >= maxMs)
        void this.end(session, 'timed_out', `The session reached its maximum duration (${session.options.maxDurationMinutes} min).`, true);
      else if (now - session.lastAccessedAt.getTime() >= idleMs) void this.end(session, 'timed_out', `The session was idle for ${session.options.idleTimeoutMinutes} min.`, true);
      else timer.refresh();
    };
    const timer = setTimeout(check, Math.min(maxMs, idleMs, 1000) / 4);
    timer.unref();
    session.release = () => {
      clearTimeout(timer);
      host.release();
    };
  }

  /** Ends a session: its recording is finished, its context closed. Answers once it is closed. `lost`: it ended on its own (a crash, a timeout), and its run is told why. */
  async end(session: Session, status: 'closed' | 'timed_out' | 'error', reason?: string, lost = false): Promise<void> {
    if (!session.isActive) return session.closing;
    if (lost && session.runId) this.options.onRunSessionLost?.(session.runId, session.id, reason ?? '');
    session.status = status;
    session.closeReason = reason;
    session.closedAt = new Date();
    this.options.log?.(`session ${session.id} ${status}${reason ? `: ${reason}` : ''}`);
    session.closing = (async () => {
      for (const proxy of this.proxies) if (proxy.sessionId === session.id) proxy.close();
      this.closeLogSockets(session.id);
      // The cast stops first: a session that had no frame yet gets its one picture into the recording.
      await session.screencast.stop();
      session.finished = session.recording.finish(session.closedAt!.getTime());
      // The context goes at once; the browser is held until the recording is written (its encoder page is in it).
      await session.context.close().catch(() => undefined);
      await session.finished;
      session.release?.();
      this.forgetOld();
    })();
    return session.closing;
  }

  async endRun(runId: string, reason: string): Promise<void> {
    await Promise.all([...this.sessions.values()].filter((s) => s.runId === runId && s.isActive).map((s) => this.end(s, 'closed', reason)));
  }

  private browserLost(running: RunningBrowser, reason: string): void {
    for (const session of this.sessions.values()) {
      if (session.running === running && session.isActive) void this.end(session, 'closed', `The browser stopped: ${reason}.`, true);
    }
    this.encoders.delete(running.browser);
  }

  private forgetOld(): void {
    const closed = this.list().filter((s) => !s.isActive);
    for (const session of closed.slice(KEPT_CLOSED)) {
      this.sessions.delete(session.id);
      fs.rm(session.recording.file, { force: true }, () => undefined);
    }
  }

  /** A websocket of a session: live frames, the log of its steps, or its CDP proxy. The caller checked the key or token. */
  upgrade(session: Session, kind: LiveSocketKind, req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.sockets ??= new (wsPackage().WebSocketServer)({ noServer: true, maxPayload: 64 * 1024 * 1024 });
    this.sockets.handleUpgrade(req, socket, head, (ws) => {
      if (!session.isActive && kind !== 'frames') {
        ws.close(1008, 'The session is closed.');
        return;
      }
      if (kind === 'frames') this.streamFrames(session, ws);
      else if (kind === 'logs') this.streamLogs(session, ws);
      else {
        const proxy = new CdpProxy(session, ws);
        this.proxies.add(proxy);
        proxy.closed.then(() => this.proxies.delete(proxy));
      }
    });
  }

  private streamFrames(session: Session, ws: WebSocket): void {
    const last = session.screencast.lastFrame;
    if (last) ws.send(last.jpeg);
    if (!session.isActive) {
      ws.close(1000, 'The session is closed.');
      return;
    }
    // A viewer that cannot keep up skips frames rather than piling them up.
    const off = session.screencast.onFrame((frame) => {
      if (ws.bufferedAmount < 4 * 1024 * 1024) ws.send(frame.jpeg);
    });
    const closeWhenEnded = setInterval(() => {
      if (!session.isActive) ws.close(1000, 'The session is closed.');
    }, 500);
    ws.on('close', () => {
      off();
      clearInterval(closeWhenEnded);
    });
    ws.on('error', () => ws.terminate());
  }

  private streamLogs(session: Session, ws: WebSocket): void {
    let set = this.logSockets.get(session.id);
    if (!set) this.logSockets.set(session.id, (set = new Set()));
    set.add(ws);
    ws.on('close', () => set!.delete(ws));
    ws.on('error', () => ws.terminate());
  }

  /** Sends an event of a session (an action, an observe) to its log websockets. */
  logEvent(session: Session, type: string, data: unknown): void {
    const set = this.logSockets.get(session.id);
    if (!set?.size) return;
    const text = JSON.stringify({ type, data, timestamp: new Date().toISOString() });
    for (const ws of set) ws.send(text);
  }

  private closeLogSockets(sessionId: string): void {
    for (const ws of this.logSockets.get(sessionId) ?? []) ws.close(1000, 'The session is closed.');
    this.logSockets.delete(sessionId);
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    // Sessions are closed properly (their replays finished) if that goes quickly; the browsers end regardless.
    const ended = Promise.all([...this.sessions.values()].map((s) => this.end(s, 'closed', 'The local server shut down.')));
    await within(ended, CLOSE_GRACE_MS);
    for (const ws of this.sockets?.clients ?? []) ws.terminate();
    this.sockets?.close();
    await Promise.all([...this.hosts.values()].map((h) => h.close()));
  }
}
