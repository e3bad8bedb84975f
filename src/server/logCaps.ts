// How much of a run's output the server keeps, and the line that says where output was cut. A
// function may print without end (base64 screenshots are a megabyte a line): its stream still gets
// every line (see sse.ts for a reader slower than the function), but what is kept in memory and in the
// run's log file is bounded, so a GET of the run always answers and the server's memory stays bounded.
import { formatLogLine } from '../python/logFormat';

/** Most log lines a run keeps. */
export const MAX_STORED_LOG_LINES = 200_000;
/** Most bytes of log lines (UTF-8, as formatted) a run keeps. */
export const MAX_STORED_LOG_BYTES = 32 * 1024 * 1024;

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

const LIMITS = `a run keeps at most ${formatBytes(MAX_STORED_LOG_BYTES)} and ${MAX_STORED_LOG_LINES.toLocaleString('en-US')} lines of output`;

/** Lines past the caps kept as the end of a run's output (a failure's traceback is its last lines), and their most bytes. */
export const TAIL_LINES = 1000;
export const TAIL_BYTES = 1024 * 1024;

/**
 * The one line standing where a run's kept output ends: while the run goes on, that the rest is left
 * out; once it ended, how much was (`left` undefined while it is still counting) and how many last lines follow.
 */
export function outputCutLine(left?: { lines: number; bytes: number; tail?: number }): string {
  const tail = !left?.tail ? '' : left.tail === 1 ? '; its last line follows' : `; its last ${left.tail.toLocaleString('en-US')} lines follow`;
  const what = left
    ? `${left.lines.toLocaleString('en-US')} more line${left.lines === 1 ? '' : 's'} (${formatBytes(left.bytes)}) were left out${tail}`
    : 'what the run prints from here on is left out';
  return formatLogLine('WARNING', 'server', `Output cut here: ${what}; ${LIMITS} (a streamed start showed every line).`);
}

/**
 * What a run printed past the caps: counted, and its last TAIL_LINES kept (within TAIL_BYTES) so the
 * end of its output, a traceback above all, is not what is lost.
 */
export class OutputCut {
  /** Left out so far (the lines kept as the tail not counted). */
  lines = 0;
  bytes = 0;
  private tail: ({ json: string; bytes: number } | undefined)[] = [];
  /** Where the tail starts in `tail` (dropped lines are compacted away now and then, not shifted one by one). */
  private start = 0;
  /** What the tail holds, counted on its JSON texts (what memory and the log file take: escapes included). */
  private tailBytes = 0;

  /** A line past the caps, as its JSON text. */
  add(json: string, bytes: number): void {
    this.tail.push({ json, bytes });
    this.tailBytes += json.length;
    while (this.tail.length - this.start > TAIL_LINES || (this.tailBytes > TAIL_BYTES && this.tail.length - this.start > 1)) {
      const dropped = this.tail[this.start]!;
      // Let go at once (a line can be megabytes); the slots themselves are compacted away below.
      this.tail[this.start++] = undefined;
      this.tailBytes -= dropped.json.length;
      this.lines++;
      this.bytes += dropped.bytes;
    }
    if (this.start > TAIL_LINES) {
      this.tail = this.tail.slice(this.start);
      this.start = 0;
    }
  }

  /** The end of the run's kept output, as JSON texts: the cut line saying what was left out, then the last lines. */
  closingLines(): string[] {
    const kept = this.tail.slice(this.start).map((line) => line!.json);
    return [JSON.stringify(outputCutLine({ lines: this.lines, bytes: this.bytes, tail: kept.length })), ...kept];
  }
}

/** The line ending what is read of a run log file too large to read whole (written before these caps existed). */
export function unreadRestLine(bytes: number): string {
  return formatLogLine('WARNING', 'server', `Output cut here: the rest of this run's log file (${formatBytes(bytes)}) is not read; ${LIMITS}.`);
}

/** The log event a streamed start gets where log events were skipped for a reader slower than the function (sse.ts). */
export function skippedLinesLine(lines: number, functionId: string, runId: string): string {
  return formatLogLine(
    'WARNING',
    'server',
    `${lines.toLocaleString('en-US')} log line${lines === 1 ? '' : 's'} skipped here: this reader was slower than the function. GET /functions/${functionId}/runs/${runId} has the lines the run keeps.`,
  );
}
