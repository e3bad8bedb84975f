// A session's recording: its screencast frames, encoded to VP9 while the session runs (encoderPage.ts)
// and written as WebM by mediabunny's muxer straight into a file, so stopping only flushes the last
// frames and writes the header's duration and cues (which make it seekable). WebM, not MP4/H.264:
// VS Code's webviews play WebM only.
import fs = require('fs');
import { mediabunny } from './packages';
import { REPLAY_CODEC, type EncodedChunk, type EncoderPage } from './encoderPage';
import type { Frame } from './screencast';

/** A frame at most this often (Chromium may paint 20 a second; the replay does not need them all). */
const MIN_FRAME_INTERVAL_MS = 150;
/** A key frame at least this often, so a player can seek. */
const KEY_FRAME_INTERVAL_US = 2_000_000;
/**
 * A recording with no new frame for this long rests: its encoder is closed (a VP9 encoder holds about
 * 80 MiB), and opened again by the next frame. The next frame would be a key frame anyway (the interval
 * above), so a rest costs the video nothing.
 */
const REST_AFTER_MS = 2_500;
const MAX_WIDTH = 960;

export interface FinishedRecording {
  file: string;
  /** When the first frame was painted (ms since the epoch). */
  startedAt: number;
  durationMs: number;
  bytes: number;
}

type Mediabunny = typeof import('mediabunny');

export class Recording {
  private readonly fd: number;
  private output?: InstanceType<Mediabunny['Output']>;
  private source?: InstanceType<Mediabunny['EncodedVideoPacketSource']>;
  private ready: Promise<void>;
  private startedAt?: number;
  private width = 0;
  private height = 0;
  private lastFrame?: Frame;
  private pending?: Frame;
  private sentAt = 0;
  private lastKeyAt = -Infinity;
  private timer?: NodeJS.Timeout;
  private restTimer?: NodeJS.Timeout;
  private held?: EncodedChunk;
  private writes: Promise<void> = Promise.resolve();
  private failure?: string;
  private finished?: Promise<FinishedRecording>;
  private readonly doneEncoding: Promise<void>;
  private resolveDone!: () => void;
  private lastAt = 0;
  /**
   * Opened once the session's start has answered: the encoder page is neither made nor asked for while
   * a client waits for its start (on a browser's first session, opening it beside the session's own
   * page took that page 200–400 ms to make instead of 150–230 ms).
   */
  private readonly gate: Promise<void>;
  private openGate!: () => void;

  constructor(
    private readonly id: string,
    readonly file: string,
    private readonly openEncoder: () => Promise<EncoderPage>,
  ) {
    this.fd = fs.openSync(file, 'w', 0o600);
    this.doneEncoding = new Promise((resolve) => (this.resolveDone = resolve));
    this.ready = Promise.resolve();
    this.gate = new Promise((resolve) => (this.openGate = resolve));
  }

  /** Lets the encoding begin (the frames so far wait for it). */
  startEncoding(): void {
    this.openGate();
  }

  /** Why the recording failed, if it did. */
  get error(): string | undefined {
    return this.failure;
  }

  push(frame: Frame): void {
    if (this.finished || this.failure) return;
    this.lastFrame = frame;
    if (this.startedAt === undefined) this.begin(frame);
    this.pending = frame;
    if (this.timer) return;
    const wait = Math.max(0, this.sentAt + MIN_FRAME_INTERVAL_MS - Date.now());
    this.timer = setTimeout(() => this.sendPending(), wait);
  }

  /** Encodes what is left, the last frame once more at `endAt` (so the video lasts as long as the session), and closes the file. */
  finish(endAt: number): Promise<FinishedRecording> {
    this.finished ??= this.close(endAt);
    return this.finished;
  }

  private begin(frame: Frame): void {
    this.startedAt = frame.at;
    const scale = Math.min(1, MAX_WIDTH / frame.width);
    this.width = Math.max(2, Math.round((frame.width * scale) / 2) * 2);
    this.height = Math.max(2, Math.round((frame.height * scale) / 2) * 2);
    this.ready = this.open().catch((error) => this.fail(`the recording could not start: ${(error as Error).message}`));
  }

  private async open(): Promise<void> {
    await this.gate;
    const { Output, WebMOutputFormat, StreamTarget, EncodedVideoPacketSource } = mediabunny();
    const fd = this.fd;
    const writable = new WritableStream<{ type: 'write'; data: Uint8Array; position: number }>({
      write(chunk) {
        fs.writeSync(fd, chunk.data, 0, chunk.data.byteLength, chunk.position);
      },
    });
    this.output = new Output({ format: new WebMOutputFormat(), target: new StreamTarget(writable) });
    this.source = new EncodedVideoPacketSource(REPLAY_CODEC.muxer);
    this.output.addVideoTrack(this.source);
    await this.output.start();
    const encoder = await this.encoder;
    await encoder.start(this.id, this.width, this.height, {
      chunk: (chunk) => this.write(chunk),
      done: () => this.resolveDone(),
      error: (message) => this.fail(`the encoder failed: ${message}`),
    });
  }

  private sendPending(): void {
    this.timer = undefined;
    const frame = this.pending;
    this.pending = undefined;
    if (!frame) return;
    this.sentAt = Date.now();
    this.encode(frame, frame.at);
    clearTimeout(this.restTimer);
    this.restTimer = setTimeout(() => this.rest(), REST_AFTER_MS);
    this.restTimer.unref();
  }

  private rest(): void {
    if (this.finished || this.failure || this.pending) return;
    // In the chain with the frames, so it comes after the last one sent and before the next.
    this.ready = this.ready.then(async () => {
      if (!this.failure) await (await this.encoder).rest(this.id);
    });
    this.ready = this.ready.catch((error) => this.fail(`the encoder could not rest: ${(error as Error).message}`));
  }

  private encode(frame: Frame, at: number): void {
    const micros = Math.max(this.lastAt, Math.round((at - (this.startedAt as number)) * 1000));
    this.lastAt = micros + 1;
    const keyFrame = micros - this.lastKeyAt >= KEY_FRAME_INTERVAL_US;
    if (keyFrame) this.lastKeyAt = micros;
    this.ready = this.ready.then(async () => {
      if (this.failure) return;
      await (await this.encoder).frame(this.id, frame.base64, micros, keyFrame);
    });
    this.ready = this.ready.catch((error) => this.fail(`a frame could not be encoded: ${(error as Error).message}`));
  }

  /** Chunks are written one behind: a chunk's duration is known when the next one comes. */
  private write(chunk: EncodedChunk): void {
    const previous = this.held;
    this.held = chunk;
    if (previous) this.add(previous, chunk.at - previous.at);
  }

  private add(chunk: EncodedChunk, durationUs: number): void {
    const first = !this.writesStarted;
    this.writesStarted = true;
    this.writes = this.writes.then(async () => {
      const { EncodedPacket } = mediabunny();
      const packet = new EncodedPacket(new Uint8Array(chunk.data), chunk.key ? 'key' : 'delta', chunk.at / 1e6, Math.max(1, durationUs) / 1e6);
      await this.source?.add(packet, first ? { decoderConfig: { codec: REPLAY_CODEC.webCodecs, codedWidth: this.width, codedHeight: this.height } } : undefined);
    });
    this.writes = this.writes.catch((error) => this.fail(`the video could not be written: ${(error as Error).message}`));
  }

  private writesStarted = false;
  private encoderPage?: Promise<EncoderPage>;

  /** Asked for after the gate only. */
  private get encoder(): Promise<EncoderPage> {
    this.encoderPage ??= this.openEncoder();
    return this.encoderPage;
  }

  private fail(message: string): void {
    this.failure ??= message;
    this.resolveDone();
  }

  private async close(endAt: number): Promise<FinishedRecording> {
    this.openGate();
    clearTimeout(this.timer);
    clearTimeout(this.restTimer);
    this.timer = undefined;
    const startedAt = this.startedAt;
    try {
      if (startedAt !== undefined && this.lastFrame && !this.failure) {
        if (this.pending) this.encode(this.pending, this.pending.at);
        this.pending = undefined;
        this.encode(this.lastFrame, Math.max(endAt, this.lastFrame.at));
        await this.ready;
        if (!this.failure) await (await this.encoder).finish(this.id);
        await this.doneEncoding;
        if (this.held) this.add(this.held, 1000);
        this.held = undefined;
        await this.writes;
        if (!this.failure) await this.output?.finalize();
      }
    } catch (error) {
      this.fail(`the recording could not be finished: ${(error as Error).message}`);
    } finally {
      fs.closeSync(this.fd);
    }
    if (startedAt === undefined) this.fail('the session showed nothing to record');
    if (this.failure) fs.rmSync(this.file, { force: true });
    return { file: this.file, startedAt: startedAt ?? endAt, durationMs: Math.max(0, Math.round(this.lastAt / 1000)), bytes: this.failure ? 0 : fs.statSync(this.file).size };
  }
}
