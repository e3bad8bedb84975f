// Server-Sent Events for streamed starts: each event is one `data: <json>` line and a blank line.
// The JSON encoder escapes every line break, so nothing a function prints can break the framing.
import type { ServerResponse } from 'http';
import type { StreamEvent } from '../api/types';

export const SSE_KEEPALIVE_MS = 15_000;
/**
 * While events keep coming, they are written at most this often; the first after a pause goes at
 * once. A function printing as fast as it can then costs a few hundred writes a second instead of one
 * per tick of the event loop (thousands), for at most this much delay.
 */
export const SSE_COALESCE_MS = 4;

export class SseWriter {
  private sent = 0;
  private closed = false;
  /** Events not written yet: those of the current tick, or of the last few ms while events keep coming. */
  private pending = '';
  private flushScheduled = false;
  private lastFlushAt = 0;
  private readonly keepAlive: NodeJS.Timeout;

  /** `cutAfter`: test fault, destroys the connection once that many events were sent. */
  constructor(
    private readonly res: ServerResponse,
    private readonly cutAfter?: number,
  ) {
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
    if (cutAfter === 0) this.cut();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(event: StreamEvent): void {
    if (this.closed) return;
    this.pending += encodeEvent(event);
    this.sent++;
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

  end(): void {
    if (this.closed) return;
    this.flush();
    this.stop();
    this.res.end();
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.pending === '' || this.closed) return;
    const text = this.pending;
    this.pending = '';
    this.lastFlushAt = performance.now();
    this.res.write(text);
  }

  private comment(text: string): void {
    if (!this.closed) this.res.write(`: ${text}\n\n`);
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
