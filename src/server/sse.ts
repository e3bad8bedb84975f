// Server-Sent Events for streamed starts: each event is one `data: <json>` line and a blank line.
// The JSON encoder escapes every line break, so nothing a function prints can break the framing.
//
// A reader slower than the function (or one that stopped reading) must not make the server hold
// everything the function prints: when the socket stops taking bytes (`write` answers false), events
// wait for 'drain' in a backlog of bounded size. Past the bound, the waiting log events are dropped
// and counted; once the socket drains, one log event stands where they were, saying how many lines
// were skipped (GET on the run has the lines it keeps). Other events (the result above all) are never
// dropped.
import type { ServerResponse } from 'http';
import type { StreamEvent } from '../api/types';
import { formatLogLine } from '../python/logFormat';

export const SSE_KEEPALIVE_MS = 15_000;
/**
 * While events keep coming, they are written at most this often; the first after a pause goes at
 * once. A function printing as fast as it can then costs a few hundred writes a second instead of one
 * per tick of the event loop (thousands), for at most this much delay.
 */
export const SSE_COALESCE_MS = 4;
/** Most characters of events held for a socket that does not drain; past it, the held log events are dropped. */
export const SSE_BACKLOG_CHARS = 4 * 1024 * 1024;

/** An event waiting for the socket to drain, or log events dropped while it did not. */
type Held = { text: string; log: boolean } | { skipped: number };

export interface SseOptions {
  /** Test fault: destroys the connection once that many events were sent. */
  cutAfter?: number;
  /** The log line standing for `lines` skipped log events (default: a line saying so). */
  skippedLine?(lines: number): string;
}

export class SseWriter {
  private sent = 0;
  private closed = false;
  /** Events not written yet: those of the current tick, or of the last few ms while events keep coming. */
  private pending = '';
  private flushScheduled = false;
  private lastFlushAt = 0;
  private readonly keepAlive: NodeJS.Timeout;
  /** The socket did not take the last write: events wait in `held` until 'drain'. */
  private waiting = false;
  private held: Held[] = [];
  private heldChars = 0;
  /** Log events are being dropped until the socket drains. */
  private skipping = false;
  /** end() was called while waiting: the response ends once the held events are written. */
  private ending = false;
  private readonly cutAfter?: number;

  constructor(
    private readonly res: ServerResponse,
    private readonly options: SseOptions = {},
  ) {
    this.cutAfter = options.cutAfter;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.flushHeaders();
    res.on('close', () => this.stop());
    this.keepAlive = setInterval(() => this.comment('keep-alive'), SSE_KEEPALIVE_MS);
    this.keepAlive.unref();
    if (this.cutAfter === 0) this.cut();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(event: StreamEvent): void {
    this.sendText(encodeEvent(event), event.type === 'log');
  }

  /** A log event from its line's JSON text (`JSON.stringify(line)`, made once by the run manager). */
  sendLog(json: string): void {
    this.sendText(`data: {"type":"log","message":${json}}\n\n`, true);
  }

  private sendText(text: string, log: boolean): void {
    if (this.closed || this.ending) return;
    this.sent++;
    if (this.waiting) {
      this.hold(text, log);
      if (this.cutAfter !== undefined && this.sent >= this.cutAfter) this.cut();
      return;
    }
    this.pending += text;
    if (this.cutAfter !== undefined && this.sent >= this.cutAfter) {
      this.flush();
      this.cut();
      return;
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      const wait = SSE_COALESCE_MS - (performance.now() - this.lastFlushAt);
      if (wait <= 0) setImmediate(() => this.flush());
      else setTimeout(() => this.flush(), wait);
    }
  }

  /** Ends the stream after every event sent so far (at once, or once the socket drained). */
  end(): void {
    if (this.closed || this.ending) return;
    this.flush();
    if (this.waiting) {
      this.ending = true;
      return;
    }
    this.stop();
    this.res.end();
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending === '' || this.closed) return;
    const text = this.pending;
    this.pending = '';
    this.lastFlushAt = performance.now();
    this.write(text);
  }

  private write(text: string): void {
    if (this.res.write(text)) return;
    this.waiting = true;
    this.res.once('drain', () => this.drained());
  }

  /** Keeps an event for when the socket drains; past the bound, the log events held are dropped and counted. */
  private hold(text: string, log: boolean): void {
    if (log && this.skipping) {
      this.countSkipped(this.held, 1);
      return;
    }
    this.held.push({ text, log });
    this.heldChars += text.length;
    if (this.heldChars > SSE_BACKLOG_CHARS) this.dropHeldLogs();
  }

  private dropHeldLogs(): void {
    const kept: Held[] = [];
    let chars = 0;
    for (const entry of this.held) {
      if ('skipped' in entry) this.countSkipped(kept, entry.skipped);
      else if (entry.log) this.countSkipped(kept, 1);
      else {
        kept.push(entry);
        chars += entry.text.length;
      }
    }
    this.held = kept;
    this.heldChars = chars;
    this.skipping = true;
  }

  private countSkipped(into: Held[], lines: number): void {
    const last = into[into.length - 1];
    if (last && 'skipped' in last) last.skipped += lines;
    else into.push({ skipped: lines });
  }

  private drained(): void {
    if (this.closed) return;
    this.waiting = false;
    this.skipping = false;
    const held = this.held;
    this.held = [];
    this.heldChars = 0;
    const text = held.map((entry) => ('skipped' in entry ? encodeEvent({ type: 'log', message: this.skippedLine(entry.skipped) }) : entry.text)).join('');
    if (text) this.write(text);
    if (this.ending && !this.waiting) {
      this.stop();
      this.res.end();
    }
  }

  private skippedLine(lines: number): string {
    if (this.options.skippedLine) return this.options.skippedLine(lines);
    return formatLogLine('WARNING', 'server', `${lines} log line${lines === 1 ? '' : 's'} skipped here: this reader was slower than the function.`);
  }

  private comment(text: string): void {
    // A socket that is not draining needs no keep-alive.
    if (!this.closed && !this.waiting) this.res.write(`: ${text}\n\n`);
  }

  private cut(): void {
    this.stop();
    // Let what was written go out, then break the connection without a proper end.
    const socket = this.res.socket;
    if (socket) socket.end(() => socket.destroy());
    else this.res.destroy();
  }

  private stop(): void {
    this.closed = true;
    clearInterval(this.keepAlive);
  }
}

/** `data: {"type":…,"message":…}` and a blank line: the bytes JSON.stringify gives for the object, built without one per line. */
export function encodeEvent(event: StreamEvent): string {
  if (typeof event.type !== 'string' || typeof event.message !== 'string') return `data: ${JSON.stringify({ type: event.type, message: event.message })}\n\n`;
  return `data: {"type":${JSON.stringify(event.type)},"message":${JSON.stringify(event.message)}}\n\n`;
}
