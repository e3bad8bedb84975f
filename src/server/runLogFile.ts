// A run's log lines on disk: one JSON string per line in <data>/runs/<run id>.log, appended as the run
// logs, so that keeping a long run's lines costs what its new lines cost, not its whole history each
// time (a run of 100,000 lines was a 16 MB file written again and again while it streamed). Lines are
// encoded and written a megabyte or so at a time, and read back the same way: never one string near
// V8's limit, whatever a function printed.
import fs = require('fs');
import { appendToFile, writeAllSync, writeFileAtomic } from './jsonFile';
import { MAX_STORED_LOG_BYTES, unreadRestLine } from './logCaps';

/** About how many characters of encoded lines are written at once. */
const WRITE_CHUNK_CHARS = 1024 * 1024;
/** Bytes read at once. */
const READ_CHUNK_BYTES = 1024 * 1024;
/** Most bytes of a log file read back: twice what a run keeps (a file of an earlier version may hold more). */
export const MAX_READ_LOG_BYTES = 2 * MAX_STORED_LOG_BYTES;

/** What was written of one run's lines: the array they came from, and how many of them. */
interface Written {
  lines: readonly string[];
  count: number;
}

export class RunLogFiles {
  private readonly written = new Map<string, Written>();

  /**
   * Brings the file up to `lines`: appends the lines added since the last write of the same array,
   * or writes the file again when the lines were replaced (a PATCH) or were never written here. When
   * it throws (a full disk), what is on disk is unknown: the next write writes the file anew.
   */
  write(file: string, lines: readonly string[]): void {
    const before = this.written.get(file);
    this.written.delete(file);
    if (before && before.lines === lines && before.count <= lines.length) {
      if (before.count < lines.length) appendToFile(file, (fd) => writeLines(fd, lines, before.count));
    } else {
      writeFileAtomic(file, (fd) => writeLines(fd, lines, 0));
    }
    this.written.set(file, { lines, count: lines.length });
  }

  /** Takes `lines`, just read from `file`, as written: appending goes on from there. */
  adopt(file: string, lines: readonly string[]): void {
    this.written.set(file, { lines, count: lines.length });
  }

  /** Forgets what was written of a run whose lines are no longer kept in memory (the file has them all). */
  forget(file: string): void {
    this.written.delete(file);
  }
}

function writeLines(fd: number, lines: readonly string[], from: number): void {
  let text = '';
  for (let i = from; i < lines.length; i++) {
    text += `${JSON.stringify(lines[i])}\n`;
    if (text.length >= WRITE_CHUNK_CHARS) {
      writeAllSync(fd, text);
      text = '';
    }
  }
  if (text) writeAllSync(fd, text);
}

/**
 * The lines of a run's log file; a line a crash cut short is left out. Answers undefined when there is
 * no file. Past `maxBytes` the rest is not read: one line says how much was left. `upTo`: the bytes
 * known written (a live run's file may hold part of a write still on its way past them).
 */
export function readRunLogFile(file: string, maxBytes = MAX_READ_LOG_BYTES, upTo = Infinity): string[] | undefined {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return undefined;
  }
  const lines: string[] = [];
  try {
    const size = Math.min(fs.fstatSync(fd).size, upTo);
    const chunk = Buffer.alloc(READ_CHUNK_BYTES);
    let rest: Buffer = Buffer.alloc(0);
    let read = 0;
    for (;;) {
      if (read - rest.length > maxBytes) {
        lines.push(unreadRestLine(size - read + rest.length));
        return lines;
      }
      const n = fs.readSync(fd, chunk, 0, Math.min(chunk.length, size - read), null);
      if (n === 0) break;
      read += n;
      const data = rest.length > 0 ? Buffer.concat([rest, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      for (let newline = data.indexOf(0x0a); newline >= 0; newline = data.indexOf(0x0a, start)) {
        pushRow(lines, data.subarray(start, newline));
        start = newline + 1;
      }
      // The chunk buffer is reused: what is left of it is copied.
      rest = Buffer.from(data.subarray(start));
    }
    // Only the last row can be cut short (by a crash while appending): kept when it is whole.
    if (rest.length > 0) pushRow(lines, rest);
  } catch {
    // Unreadable from here on: what was read stands.
  } finally {
    fs.closeSync(fd);
  }
  return lines;
}

function pushRow(lines: string[], row: Buffer): void {
  if (row.length === 0) return;
  try {
    const line: unknown = JSON.parse(row.toString('utf8'));
    if (typeof line === 'string') lines.push(line);
  } catch {
    // A row cut short by a crash.
  }
}
