// The page of the shared browser that encodes the sessions' recordings (page/encoder.ts), in a context
// of its own, opened on the local server's own address (a secure context, which WebCodecs needs). One
// for all sessions: a session costs an encoder, not a page.
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { installEncoder } from './page/encoder';

/**
 * The replay's codec: VP9 (profile 0, 8 bits, level 4.1, which covers a 960-wide frame of any usual
 * height). Not VP8: Chromium's software VP8 encoder cost 60–140 ms of CPU a frame at 960 px on a loaded
 * 2-core machine (its threads wait by spinning), VP9 7–11 ms, so the recording no longer slows the
 * session's own actions. WebM plays either in VS Code's webviews.
 */
export const REPLAY_CODEC = { webCodecs: 'vp09.00.41.08', muxer: 'vp9' } as const;

export interface EncodedChunk {
  key: boolean;
  /** Microseconds from the start of the recording. */
  at: number;
  data: Buffer;
}

export interface TrackListener {
  chunk(chunk: EncodedChunk): void;
  done(): void;
  error(message: string): void;
}

export class EncoderPage {
  private readonly listeners = new Map<string, TrackListener>();
  /** Why the page can no longer encode (it crashed or closed), once it cannot. */
  private goneReason?: string;
  /** Rejects once it is gone: a call on a crashed page may never be answered. */
  private readonly lost: Promise<never>;
  private reject!: (error: Error) => void;

  private constructor(
    private readonly context: BrowserContext,
    private readonly cdp: CDPSession,
    page: Page,
    private readonly onGone: () => void,
  ) {
    this.lost = new Promise<never>((_, reject) => (this.reject = reject));
    this.lost.catch(() => undefined);
    // Its recordings would otherwise wait for their `done` forever, and their sessions' stops with them.
    page.on('crash', () => this.gone('the encoder page crashed'));
    page.on('close', () => this.gone('the encoder page closed'));
    cdp.on('Runtime.bindingCalled', (event: { name: string; payload: string }) => {
      if (event.name !== '__notteEncoded') return;
      const message = JSON.parse(event.payload) as { id: string; key?: boolean; at?: number; data?: string; done?: boolean; error?: string };
      const listener = this.listeners.get(message.id);
      if (!listener) return;
      if (message.error) listener.error(message.error);
      else if (message.done) {
        this.listeners.delete(message.id);
        listener.done();
      } else listener.chunk({ key: message.key === true, at: message.at as number, data: Buffer.from(message.data as string, 'base64') });
    });
  }

  /** `onGone`: the page crashed or closed (the next recording needs a new one). */
  static async open(browser: Browser, url: string, onGone: () => void): Promise<EncoderPage> {
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(url);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Runtime.addBinding', { name: '__notteEncoded' });
      await page.evaluate(installEncoder, REPLAY_CODEC.webCodecs);
      return new EncoderPage(context, cdp, page, onGone);
    } catch (error) {
      await context.close().catch(() => undefined);
      throw error;
    }
  }

  async start(id: string, width: number, height: number, listener: TrackListener): Promise<void> {
    this.listeners.set(id, listener);
    await this.call(`__notteEncoder.start(${JSON.stringify(id)}, ${width}, ${height})`);
  }

  frame(id: string, jpegBase64: string, at: number, keyFrame: boolean): Promise<void> {
    // The JPEG travels as a string literal: CDP carries text, and the screencast gave it in base64 already.
    return this.call(`__notteEncoder.frame(${JSON.stringify(id)}, "${jpegBase64}", ${Math.round(at)}, ${keyFrame})`);
  }

  /** Closes the recording's encoder until its next frame (which opens a new one, from a key frame). */
  rest(id: string): Promise<void> {
    return this.call(`__notteEncoder.rest(${JSON.stringify(id)})`);
  }

  finish(id: string): Promise<void> {
    return this.call(`__notteEncoder.finish(${JSON.stringify(id)})`);
  }

  async close(): Promise<void> {
    this.gone('the browser closed');
    await this.context.close().catch(() => undefined);
  }

  private gone(reason: string): void {
    if (this.goneReason) return;
    this.goneReason = reason;
    this.reject(new Error(reason));
    for (const listener of this.listeners.values()) listener.error(reason);
    this.listeners.clear();
    this.onGone();
    // A crashed tab is still a target of the browser until its context goes.
    void this.context.close().catch(() => undefined);
  }

  private async call(expression: string): Promise<void> {
    if (this.goneReason) throw new Error(this.goneReason);
    const result = (await Promise.race([this.cdp.send('Runtime.evaluate', { expression }), this.lost])) as { exceptionDetails?: { text: string } };
    if (result.exceptionDetails) throw new Error(`The encoder page failed: ${result.exceptionDetails.text}`);
  }
}
