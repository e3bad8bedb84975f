// The server's browser sessions as the rest of the server sees them: owned by the server (closed by
// its close()), light until the first session starts, when it loads the runtime (runtime.ts, with
// playwright-core). It also knows who may touch a session: the server key may touch all of them, a
// run's key (runKeys.ts) only that run's, and a signed link only the one session and purpose it names.
import type { IncomingMessage } from 'http';
import type { Duplex } from 'stream';
import { HttpError, rateLimited } from '../http';
import { runOfKey, requestKeys } from '../runKeys';
import { checkSessionToken, signedSessionUrl } from '../sessions';
import { findBrowser } from './findBrowser';
import type { SessionRuntime } from './runtime';
import type { Session } from './session';
import type { SessionOptions } from './startRequest';

export const DEFAULT_MAX_SESSIONS = 5;
export const DEFAULT_NAVIGATION_TIMEOUT_MS = 30_000;
/** Notte's timeout_evaluate_js_ms: within the SDK's 60 s read timeout, so the function gets an answer. */
export const DEFAULT_EVALUATE_TIMEOUT_MS = 45_000;
/** Seconds a client is asked to wait after a 429 for sessions. */
export const SESSIONS_RETRY_AFTER_SECONDS = 5;
/** How long a viewer link may be opened (the page's websocket token lasts as long as the session). */
export const VIEWER_LINK_SECONDS = 900;

/** What tests shorten or add: how long a navigation, an evaluate_js and one operation may take, how long the idle browser stays, extra Chromium flags, how long a "minute" of the sessions' idle and maximum durations lasts (default 60,000 ms). */
export interface BrowserTuning {
  navigationTimeoutMs?: number;
  evaluateTimeoutMs?: number;
  operationLimitMs?: number;
  browserIdleCloseMs?: number;
  extraBrowserArgs?: string[];
  sessionMinuteMs?: number;
}

export interface BrowserSessionsOptions extends BrowserTuning {
  key: string;
  baseUrl(): string;
  dataDir: string;
  /** --browser PATH; else CHROMIUM_PATH, else one found on the machine. */
  browserPath?: string;
  maxSessions: number;
  allowFileUrls: boolean;
  /** Whether a run's key is still good (its run is created or active). */
  runIsOpen(runId: string): boolean;
  /** A session was started with a run's key: it is that run's session. */
  onRunSession(runId: string, sessionId: string): void;
  /** A run's session ended on its own (its browser crashed, it timed out), with why. */
  onRunSessionLost?(runId: string, sessionId: string, reason: string): void;
  /** The folder of a run's function file (where this server starts the run): its sessions read a relative upload path there. */
  runFolder(runId: string): string | undefined;
  log?(line: string): void;
}

/** Who a request acts for: the server key (every session) or one run's key (that run's sessions). */
export type Scope = { kind: 'server' } | { kind: 'run'; runId: string };

export type SocketKind = 'frames' | 'logs' | 'cdp';
const SOCKET_PATHS: Record<string, SocketKind> = { 'debug/recording': 'frames', 'debug/logs': 'logs', 'debug/cdp': 'cdp' };

export class BrowserSessions {
  private runtime?: SessionRuntime;
  private loading?: Promise<SessionRuntime>;
  private starting = 0;
  private closed = false;

  constructor(readonly options: BrowserSessionsOptions) {}

  /** The runtime if a session was ever started (else nothing is loaded). */
  get loaded(): SessionRuntime | undefined {
    return this.runtime;
  }

  /** The scope of a request's key, or undefined when it carries neither the server key nor a good run key. Api checks the server key first. */
  runScope(req: IncomingMessage): Scope | undefined {
    for (const key of requestKeys(req)) {
      const runId = runOfKey(this.options.key, key);
      if (runId && this.options.runIsOpen(runId)) return { kind: 'run', runId };
    }
    return undefined;
  }

  private async load(): Promise<SessionRuntime> {
    if (this.runtime) return this.runtime;
    this.loading ??= import('./runtime').then(({ SessionRuntime }) => {
      const o = this.options;
      this.runtime = new SessionRuntime({
        executable: () => findBrowser(o.browserPath),
        dataDir: o.dataDir,
        encoderUrl: () => `${o.baseUrl()}/pages/blank`,
        allowFileUrls: o.allowFileUrls,
        navigationTimeoutMs: o.navigationTimeoutMs ?? DEFAULT_NAVIGATION_TIMEOUT_MS,
        evaluateTimeoutMs: o.evaluateTimeoutMs ?? DEFAULT_EVALUATE_TIMEOUT_MS,
        operationLimitMs: o.operationLimitMs,
        browserIdleCloseMs: o.browserIdleCloseMs,
        extraBrowserArgs: o.extraBrowserArgs,
        minuteMs: o.sessionMinuteMs,
        onRunSessionLost: o.onRunSessionLost,
        log: o.log,
      });
      return this.runtime;
    });
    return this.loading;
  }

  async start(options: SessionOptions, scope: Scope): Promise<{ runtime: SessionRuntime; session: Session }> {
    if (this.closed) throw new HttpError(503, 'Service Unavailable', 'The local server is shutting down.');
    const active = (this.runtime?.manager.activeCount ?? 0) + this.starting;
    if (active >= this.options.maxSessions) {
      const error = rateLimited(SESSIONS_RETRY_AFTER_SECONDS, this.options.maxSessions);
      throw new HttpError(
        429,
        error.message,
        `${this.options.maxSessions} browser sessions are open, the most this server allows (--max-sessions): stop one, or wait.`,
        error.headers,
      );
    }
    this.starting++;
    try {
      const runtime = await this.load();
      const session = await runtime.start(options, scope.kind === 'run' ? { runId: scope.runId, folder: this.options.runFolder(scope.runId) } : undefined);
      if (scope.kind === 'run') {
        // The run may have ended while its browser started: a session of an ended run would stay open with no one to close it.
        if (!this.options.runIsOpen(scope.runId)) {
          await runtime.manager.end(session, 'closed', 'Its run ended while the session started.');
          throw new HttpError(409, 'Conflict', `Run ${scope.runId} ended while its session started.`);
        }
        this.options.onRunSession(scope.runId, session.id);
      }
      return { runtime, session };
    } finally {
      this.starting--;
    }
  }

  /** The session a request names, if its scope may see it. */
  find(id: string | undefined, scope: Scope | undefined): Session | undefined {
    const session = id ? this.runtime?.manager.get(id) : undefined;
    if (!session) return undefined;
    if (scope?.kind === 'run' && session.runId !== scope.runId) return undefined;
    return session;
  }

  /** Closes the sessions of a run that ended, saying how it did. */
  async endRun(runId: string, status: string, stopReason?: string | null): Promise<void> {
    const how =
      stopReason === 'timeout'
        ? 'took too long and was stopped'
        : stopReason === 'shutdown'
          ? 'was stopped as the local server shut down'
          : stopReason
            ? 'was stopped by the user'
            : status === 'closed'
              ? 'ended'
              : status;
    await this.runtime?.manager.endRun(runId, `Its run ${how}.`);
  }

  /** Links of a session: signed for it and one purpose, never the key. */
  links() {
    const { key, baseUrl } = this.options;
    const deadline = (s: Session) => Math.max(60, Math.ceil((s.createdAt.getTime() + s.options.maxDurationMinutes * 60_000 - Date.now()) / 1000));
    const ws = (url: string) => url.replace(/^http/, 'ws');
    return {
      viewer: (s: Session) => signedSessionUrl(baseUrl(), key, s.id, 'viewer', VIEWER_LINK_SECONDS).url,
      cdp: (s: Session) => ws(signedSessionUrl(baseUrl(), key, s.id, 'debug/cdp', deadline(s)).url),
      socket: (s: Session, what: 'recording' | 'logs') => ws(signedSessionUrl(baseUrl(), key, s.id, `debug/${what}`, deadline(s)).url),
      replay: (s: Session) => signedSessionUrl(baseUrl(), key, s.id, 'replay.webm', VIEWER_LINK_SECONDS),
    };
  }

  /** Whether a signed link's token opens `what` of the session (viewer, replay.webm, debug/…). */
  tokenOk(sessionId: string, what: string, query: URLSearchParams): boolean {
    return checkSessionToken(this.options.key, sessionId, what, query);
  }

  /**
   * A websocket request: /sessions/{id}/debug/recording|logs|cdp, with a signed token in the URL or a
   * key (the server's, or the session's run's) in the headers. Answers false when it is not one.
   */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, serverKeyOk: boolean): boolean {
    const url = new URL(req.url ?? '/', 'http://local');
    const match = /^\/sessions\/([^/]+)\/(debug\/(?:recording|logs|cdp))\/?$/.exec(url.pathname);
    if (!match) return false;
    const [, id, what] = match;
    const allowed = serverKeyOk || this.tokenOk(id, what, url.searchParams) ? { kind: 'server' as const } : this.runScope(req);
    const session = allowed ? this.find(id, allowed) : undefined;
    if (!allowed || !session || !this.runtime) {
      socket.end(`HTTP/1.1 ${allowed ? '404 Not Found' : '401 Unauthorized'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return true;
    }
    this.runtime.upgrade(session, SOCKET_PATHS[what], req, socket, head);
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    const runtime = this.runtime ?? (await this.loading?.catch(() => undefined));
    await runtime?.close();
  }
}
