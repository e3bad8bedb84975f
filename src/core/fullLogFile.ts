// A run's full log: every line it wrote, folded out of the Output channel or not, in a file of the
// extension's log folder ("Open Full Log"). Written off the hot path: a line costs one array push;
// the lines go to the file in large asynchronous appends (a write stream), each batch cleaned of
// terminal escapes and of the API key as one text. A log folder that cannot be written loses the
// full log, never the run.
import fs = require('fs');
import path = require('path');

/** Past this many characters waiting, they are written without waiting for the next tick. */
const WRITE_AT_CHARS = 1024 * 1024;

export class FullLogFile {
  private lines: string[] = [];
  private chars = 0;
  private stream: fs.WriteStream | undefined;
  private failed = false;

  /** `clean`: what every batch goes through before it is written (escapes and secrets cut). */
  constructor(
    readonly file: string,
    private readonly clean: (text: string) => string,
  ) {}

  /** Whether the file can still be written (a failure stops it for the rest of the run). */
  get writable(): boolean {
    return !this.failed;
  }

  add(line: string): void {
    if (this.failed) return;
    this.lines.push(line);
    this.chars += line.length;
    if (this.chars >= WRITE_AT_CHARS) this.write();
  }

  /** Hands what waits to the file (asynchronously). */
  write(): void {
    if (this.lines.length === 0 || this.failed) return;
    const text = this.clean(this.lines.join('\n') + '\n');
    this.lines = [];
    this.chars = 0;
    try {
      if (!this.stream) {
        fs.mkdirSync(path.dirname(this.file), { recursive: true });
        this.stream = fs.createWriteStream(this.file, { flags: 'a' });
        this.stream.on('error', () => (this.failed = true));
      }
      this.stream.write(text);
    } catch {
      this.failed = true;
    }
  }

  /** Writes what waits; settles once the file has every line. */
  async close(): Promise<void> {
    this.write();
    const stream = this.stream;
    this.stream = undefined;
    if (stream) await new Promise<void>((resolve) => stream.end(() => resolve()));
  }
}
