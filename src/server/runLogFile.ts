// A run's log lines on disk: one JSON string per line in <data>/runs/<run id>.log, appended as the run
// logs, so that keeping a long run's lines costs what its new lines cost, not its whole history each
// time (a run of 100,000 lines was a 16 MB file written again and again while it streamed).
import fs = require('fs');
import { writeTextFileAtomic } from './jsonFile';

/** What was written of one run's lines: the array they came from, and how many of them. */
interface Written {
  lines: readonly string[];
  count: number;
}

export class RunLogFiles {
  private readonly written = new Map<string, Written>();

  /**
   * Brings the file up to `lines`: appends the lines added since the last write of the same array,
   * or writes the file again when the lines were replaced (a PATCH) or were never written here.
   */
  write(file: string, lines: readonly string[]): void {
    const before = this.written.get(file);
    if (before && before.lines === lines && before.count <= lines.length) {
      if (before.count < lines.length) fs.appendFileSync(file, encodeLines(lines, before.count));
    } else {
      writeTextFileAtomic(file, encodeLines(lines, 0));
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

/** The lines of a run's log file; a line a crash cut short is left out. Answers undefined when there is no file. */
export function readRunLogFile(file: string): string[] | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const lines: string[] = [];
  for (const row of text.split('\n')) {
    if (!row) continue;
    try {
      const line: unknown = JSON.parse(row);
      if (typeof line === 'string') lines.push(line);
    } catch {
      // Only the last row can be cut short (by a crash while appending).
    }
  }
  return lines;
}

function encodeLines(lines: readonly string[], from: number): string {
  let text = '';
  for (let i = from; i < lines.length; i++) text += `${JSON.stringify(lines[i])}\n`;
  return text;
}
