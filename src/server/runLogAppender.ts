// A live run's lines on their way to its log file (<data>/runs/<run id>.log, one JSON string a line).
// Each line comes encoded: its JSON text, made once by the run manager for the stream and for the
// file alike. Lines wait in one pending text and go to the file in asynchronous appends of up to
// WRITE_CHUNK_CHARS, one at a time: the writing happens off the event loop (libuv's threads), and a
// run holds in memory only what waits and the chunk being written (what the run keeps is capped in
// bytes, logCaps.ts, so a disk slower than the function cannot make it more than that).
import fs = require('fs');
import { PRIVATE_FILE_MODE } from './dataFolder';
import { readRunLogFile } from './runLogFile';

/** Most characters of encoded lines written at once. */
const WRITE_CHUNK_CHARS = 256 * 1024;
/** Lines wait at most this long for more to join them (a run that prints a line a second still lands soon). */
const WRITE_DELAY_MS = 50;
/** A write that failed (a full disk) is tried again after this long; the lines wait in memory meanwhile. */
const RETRY_WRITE_MS = 5000;

export class RunLogAppender {
  private pending = '';
  /** The text of the write on its way (its lines are not in the file for sure yet). */
  private writing = '';
  /** Bytes of the file known written (whatever was there before, then our appends). */
  private written: number;
  private fd: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private failing = false;
  private closing = false;
  private closed = false;
  private resolveEnded!: () => void;
  private readonly ended = new Promise<void>((resolve) => (this.resolveEnded = resolve));
  /** A line that stands after the lines while the run goes on (the "output cut here" note); never written. */
  trailer: string | undefined;

  constructor(
    private readonly file: string,
    private readonly log?: (line: string) => void,
  ) {
    let size = 0;
    try {
      size = fs.statSync(file).size;
    } catch {
      // A new file.
    }
    this.written = size;
  }

  /** One line, as its JSON text (`JSON.stringify(line)`). */
  append(json: string): void {
    this.pending += `${json}\n`;
    if (this.writing) return;
    if (this.pending.length >= WRITE_CHUNK_CHARS) this.writeNext();
    else this.timer ??= setTimeout(() => this.writeNext(), WRITE_DELAY_MS);
  }

  /** Every line so far, in order: those in the file, those on their way, then the trailer. */
  lines(): string[] {
    const lines = readRunLogFile(this.file, undefined, this.written) ?? [];
    for (const text of [this.writing, this.pending]) {
      for (const row of text.split('\n')) if (row) lines.push(JSON.parse(row) as string);
    }
    if (this.trailer !== undefined) lines.push(this.trailer);
    return lines;
  }

  /** Writes what waits, then closes the file; settles once every line is in it (or could not be). */
  close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      if (!this.writing) this.writeNext();
    }
    return this.ended;
  }

  private writeNext(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.writing) return;
    if (!this.pending) return this.closeFile();
    let text = this.pending;
    this.pending = '';
    if (text.length > WRITE_CHUNK_CHARS) {
      // Whole rows only: cut after the last line break within the chunk (a single longer line goes whole).
      const cut = text.lastIndexOf('\n', WRITE_CHUNK_CHARS);
      if (cut > 0 && cut < text.length - 1) {
        this.pending = text.slice(cut + 1);
        text = text.slice(0, cut + 1);
      }
    }
    this.writing = text;
    this.open((error, fd) => (error ? this.failed(error) : this.writeAll(fd!, Buffer.from(text, 'utf8'), 0)));
  }

  private open(then: (error: NodeJS.ErrnoException | null, fd?: number) => void): void {
    if (this.fd !== undefined) return then(null, this.fd);
    const open = () =>
      fs.open(this.file, 'a', PRIVATE_FILE_MODE, (error, fd) => {
        if (!error) this.fd = fd;
        then(error, fd);
      });
    // After a failed write, what it may have left past the last whole write goes first.
    if (this.failing) fs.truncate(this.file, this.written, () => open());
    else open();
  }

  private writeAll(fd: number, bytes: Buffer, offset: number): void {
    fs.write(fd, bytes, offset, bytes.length - offset, null, (error, count) => {
      if (error) return this.failed(error);
      if (offset + count < bytes.length) return this.writeAll(fd, bytes, offset + count);
      this.written += bytes.length;
      this.writing = '';
      if (this.failing) {
        this.failing = false;
        this.log?.(`the log file ${this.file} is written again`);
      }
      if (this.pending.length >= WRITE_CHUNK_CHARS || this.closing) this.writeNext();
      else if (this.pending) this.timer ??= setTimeout(() => this.writeNext(), WRITE_DELAY_MS);
    });
  }

  /** A full disk must not lose the lines nor take the server down: they wait in memory and are tried again. */
  private failed(error: NodeJS.ErrnoException): void {
    if (!this.failing) this.log?.(`could not append to ${this.file} (the lines wait in memory; tried again every ${RETRY_WRITE_MS / 1000} s): ${error.message}`);
    this.failing = true;
    // What was being written goes first again; a file left half-written by the failure is reopened.
    this.pending = this.writing + this.pending;
    this.writing = '';
    this.dropFd();
    if (this.closing) {
      // Closing (the server stops): the lines that could not be written are lost with the process.
      this.closeFile();
      return;
    }
    this.timer = setTimeout(() => this.writeNext(), RETRY_WRITE_MS);
    this.timer.unref();
  }

  private dropFd(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    fs.close(fd, () => undefined);
  }

  private closeFile(): void {
    if (!this.closing || this.closed) return;
    this.closed = true;
    const fd = this.fd;
    this.fd = undefined;
    if (fd === undefined) return this.resolveEnded();
    fs.close(fd, () => this.resolveEnded());
  }
}
