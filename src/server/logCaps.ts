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

/**
 * The one line standing where a run's kept output ends: while the run goes on, that the rest is left
 * out; once it ended, how much was (`left` undefined while it is still counting).
 */
export function outputCutLine(left?: { lines: number; bytes: number }): string {
  const what = left
    ? `${left.lines.toLocaleString('en-US')} more line${left.lines === 1 ? '' : 's'} (${formatBytes(left.bytes)}) were left out`
    : 'what the run prints from here on is left out';
  return formatLogLine('WARNING', 'server', `Output cut here: ${what}; ${LIMITS} (a streamed start showed every line).`);
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
