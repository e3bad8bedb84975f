// The panel's live view of its session: frames relayed from the session's frames websocket (the
// extension host holds the socket and its key; the panel gets JPEG bytes only), the session's remaining
// time, and its end (idle timeout, stopped elsewhere, server gone) told once, with why.
import vscode = require('vscode');
import { isNotteApiError } from '../../api/errors';
import type { FramesSocket } from '../../api/sessionFrames';
import type { BrowserSession } from '../../api/sessionTypes';
import { liveSessionsPart } from '../../core/liveSessions';
import { describeError } from '../../core/ui/errorText';
import type { WindowContext } from '../../core/windowContext';
import type { SessionState } from './protocol';
import { isLoopbackUrl } from '../../shared/loopback';

const STATUS_EVERY_MS = 10_000;

export interface LiveViewHost {
  readonly ctx: WindowContext;
  readonly sessionId: string;
  postFrame(jpeg: Buffer): void;
  postSession(state: SessionState): void;
  /** The session ended (told once), with the text the panel shows; `byPanel`: its Stop Session did it. */
  ended(text: string, byPanel: boolean): void;
}

/** When a session ends at the latest, and when idle; undefined when the server does not say. */
export function sessionDeadlines(session: BrowserSession, now = Date.now()): { endsAt?: number; idleEndsAt?: number } {
  const created = Date.parse(session.created_at ?? '');
  const accessed = Date.parse(session.last_accessed_at ?? '') || now;
  const max = Number(session.max_duration_minutes);
  const idle = Number(session.idle_timeout_minutes);
  return {
    endsAt: Number.isFinite(created) && max > 0 ? created + max * 60_000 : undefined,
    idleEndsAt: idle > 0 ? accessed + idle * 60_000 : undefined,
  };
}

/** Why a session that is not active ended, in words. */
export function endedText(session: BrowserSession, stoppedHere = false): string {
  if (stoppedHere && session.status === 'closed') return 'You stopped the browser session.';
  // The server's reason is a sentence of its own: its full stop is the text's.
  const reason = session.error?.trim().replace(/[.!]+$/, '');
  const why = reason ? `: ${reason}` : '';
  if (session.status === 'timed_out') return `The browser session timed out${why}.`;
  if (session.status === 'error') return `The browser session failed${why}.`;
  return `The browser session ended${why || ' (it was stopped)'}.`;
}

export class LiveView implements vscode.Disposable {
  private socket: FramesSocket | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private over = false;
  private reconnected = false;
  /** The panel's Stop Session ended it: the end reads as the person's doing, not in the server's words. */
  private stoppedHere = false;

  constructor(private readonly host: LiveViewHost) {}

  /** The panel's Stop Session (marked first: the frames' socket may close before the stop answers). */
  async stopSession(): Promise<void> {
    this.stoppedHere = true;
    try {
      await this.host.ctx.get(liveSessionsPart).stop(this.host.sessionId, 'panel');
    } catch (error) {
      this.stoppedHere = false;
      throw error;
    } finally {
      await this.refresh();
    }
  }

  get isOver(): boolean {
    return this.over;
  }

  /** Opens the frames and starts following the session's status. */
  async start(): Promise<void> {
    await Promise.all([this.connect(), this.refresh()]);
    this.timer = setInterval(() => void this.refresh(), STATUS_EVERY_MS);
  }

  private async connect(): Promise<void> {
    try {
      const client = this.host.ctx.connection.client();
      this.socket = await client.sessions.frames(this.host.sessionId, {
        onFrame: (jpeg) => this.host.postFrame(jpeg),
        onClose: (reason) => void this.socketClosed(reason),
      });
    } catch (error) {
      if (!this.stopped) await this.check(`The live frames could not be opened: ${describeError(error)}`);
    }
  }

  /** The socket closed: the session ended, or the connection broke (then one new socket, if the session goes on). */
  private async socketClosed(reason: string): Promise<void> {
    this.socket = undefined;
    if (this.stopped || this.over) return;
    const active = await this.check(`The live frames stopped (${reason}).`);
    if (active && !this.reconnected) {
      this.reconnected = true;
      await this.connect();
    }
  }

  /** Reads the session's status; answers whether it is still active (it says so when not). */
  async refresh(): Promise<boolean> {
    return this.check(undefined);
  }

  private async check(problem: string | undefined): Promise<boolean> {
    if (this.over) return false;
    try {
      const session = await this.host.ctx.get(liveSessionsPart).get(this.host.sessionId);
      // Stopped, or ended by another answer meanwhile (a status asked before a stop can answer after it).
      if (this.stopped || this.over) return false;
      if (session.status !== 'active') {
        this.end(endedText(session, this.stoppedHere), this.stoppedHere && session.status === 'closed');
        return false;
      }
      const deadlines = sessionDeadlines(session);
      this.host.postSession({ state: 'live', text: problem ?? `Session ${this.host.sessionId.slice(0, 8)} on ${this.host.ctx.connection.label}`, ...deadlines });
      return true;
    } catch (error) {
      if (this.stopped) return false;
      if (isNotteApiError(error) && (error.kind === 'not_found' || error.kind === 'network')) {
        this.end(error.kind === 'network' ? `The server is gone: ${describeError(error)}` : `The browser session is gone (${describeError(error)}).`);
        return false;
      }
      this.host.postSession({ state: 'live', text: `Could not read the session's status: ${describeError(error)}` });
      return true;
    }
  }

  /** The session is over: no more frames or polling; the panel offers a new one. */
  end(text: string, byPanel = false): void {
    if (this.over) return;
    this.over = true;
    this.halt();
    this.host.postSession({ state: 'ended', text });
    this.host.ended(text, byPanel);
  }

  private halt(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
  }

  dispose(): void {
    this.stopped = true;
    this.halt();
  }
}

/**
 * The local server's own shop page, suggested in an empty address bar: a page to record on with nothing
 * else running. A server on this machine is taken as the local Functions server (the demo's is one).
 */
export function demoShopUrl(ctx: WindowContext): string | undefined {
  const { usingLocalServer, baseUrl } = ctx.connection;
  return usingLocalServer || isLoopbackUrl(baseUrl) ? `${baseUrl.replace(/\/+$/, '')}/pages/shop` : undefined;
}
