// A run's full log: every line it wrote, folded out of the Output channel or not, in a file of the
// extension's log folder ("Open Full Log"). Written off the hot path: a line is copied as UTF-8 into a
// chunk of memory (keeping lines as strings and joining them cost twice as much, and kept every string
// alive until the next write); what is filled goes to the file in large asynchronous appends (a write
// stream), each cleaned of terminal escapes and of the API key as one text (looked for in its bytes:
// most have none). A log folder that cannot be written loses the full log, never the run.
import fs = require('fs');
import path = require('path');

/**
 * The memory lines are copied into; when it is full it goes to the file without waiting for the next
 * tick. A write cost 0.2–0.5 ms of the event loop whatever its size: 65 of them per 100,000 lines with
 * 256 KiB chunks, 20 with 1 MiB.
 */
const CHUNK_BYTES = 1024 * 1024;

export class FullLogFile {
  private chunk = Buffer.allocUnsafe(0);
  /** The bytes of `chunk` already handed to the file (the stream may still hold them: never rewritten). */
  private written = 0;
  private filled = 0;
  private stream: fs.WriteStream | undefined;
  private failed = false;

  /** `clean`: what each part goes through before it is written, as UTF-8 (escapes and secrets cut). */
  constructor(
    readonly file: string,
    private readonly clean: (bytes: Buffer) => Buffer,
  ) {}

  /** Whether the file can still be written (a failure stops it for the rest of the run). */
  get writable(): boolean {
    return !this.failed;
  }

  add(line: string): void {
    if (this.failed) return;
    // A UTF-8 character takes at most 3 bytes per UTF-16 unit; the newline one more.
    const most = line.length * 3 + 1;
    if (this.filled + most > this.chunk.length) {
      this.write();
      if (most > CHUNK_BYTES) return this.send(Buffer.from(`${line}\n`, 'utf8'));
      this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
      this.written = this.filled = 0;
    }
    this.filled += this.chunk.write(line, this.filled, 'utf8');
    this.chunk[this.filled++] = 0x0a;
  }

  /** Hands what waits to the file (asynchronously). */
  write(): void {
    if (this.filled === this.written) return;
    const part = this.chunk.subarray(this.written, this.filled);
    this.written = this.filled;
    this.send(part);
  }

  /** Writes what waits; settles once the file has every line. */
  async close(): Promise<void> {
    this.write();
    const stream = this.stream;
    this.stream = undefined;
    this.chunk = Buffer.allocUnsafe(0);
    this.written = this.filled = 0;
    if (stream) await new Promise<void>((resolve) => stream.end(() => resolve()));
  }

  private send(bytes: Buffer): void {
    if (this.failed) return;
    try {
      if (!this.stream) {
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        this.stream = fs.createWriteStream(this.file, { flags: 'a' });
        this.stream.on('error', () => (this.failed = true));
      }
      this.stream.write(this.clean(bytes));
    } catch {
      this.failed = true;
    }
  }
}
