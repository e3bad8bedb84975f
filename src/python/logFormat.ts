// Turns the bytes a function writes into log lines shaped like the service's (loguru) lines:
// `<time> | <LEVEL> | <location> | <text>`, so clients can show the text after the third `|`.

export type LogLevel = 'INFO' | 'WARNING' | 'ERROR';

/** Longest line kept in one piece; longer output is cut into several lines, nothing is dropped. */
export const MAX_LINE_BYTES = 1024 * 1024;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** Local time as loguru prints it: `2026-11-28 12:00:00.123`. */
export function formatLogTime(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
    `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`
  );
}

/** One log line; the location must not contain `|` (it is built from URL-safe ids). */
export function formatLogLine(level: LogLevel, location: string, text: string, date = new Date()): string {
  return `${formatLogTime(date)} | ${level.padEnd(8)} | ${location.replace(/\|/g, '/')} | ${text}`;
}

/**
 * Formats the lines of one location as formatLogLine does, with less work per line: the time text is
 * made once per millisecond (a function printing fast writes many lines in one) and the level and
 * location part once per level.
 */
export class LogLineFormatter {
  private lastMs = -1;
  private lastTime = '';
  private readonly middles: Record<LogLevel, string>;

  constructor(location: string) {
    const place = location.replace(/\|/g, '/');
    this.middles = { INFO: ` | ${'INFO'.padEnd(8)} | ${place} | `, WARNING: ` | ${'WARNING'.padEnd(8)} | ${place} | `, ERROR: ` | ${'ERROR'.padEnd(8)} | ${place} | ` };
  }

  format(level: LogLevel, text: string, now = Date.now()): string {
    if (now !== this.lastMs) {
      this.lastMs = now;
      this.lastTime = formatLogTime(new Date(now));
    }
    return this.lastTime + this.middles[level] + text;
  }
}

/**
 * A logging library's own level at the start of a line: loguru's default and the Notte SDK's (`INFO     - …`,
 * `2026-12-04 10:00:00.000 | INFO     | place - …`) and Python's logging.basicConfig (`INFO:name:…`).
 */
const LIBRARY_LEVEL = /^(?:\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \| )?(TRACE|DEBUG|INFO|SUCCESS|WARNING|ERROR|CRITICAL)(?: *(?: - | \| )|:[\w.-]*:)/;
const LIBRARY_LEVELS: Record<string, LogLevel> = { TRACE: 'INFO', DEBUG: 'INFO', INFO: 'INFO', SUCCESS: 'INFO', WARNING: 'WARNING', ERROR: 'ERROR', CRITICAL: 'ERROR' };

/**
 * The level of a line written to stderr: the one a logging library wrote at its start (loguru and
 * logging write every level there, so the SDK's INFO lines are not warnings), else WARNING.
 */
export function stderrLevel(text: string): LogLevel {
  const match = LIBRARY_LEVEL.exec(text);
  return match ? LIBRARY_LEVELS[match[1]] : 'WARNING';
}

/** The text part of a formatted line (everything after the third `|`), as the SDK shows it. */
export function logText(line: string): string {
  let index = -1;
  for (let i = 0; i < 3; i++) {
    index = line.indexOf('|', index + 1);
    if (index < 0) return line;
  }
  return line.slice(index + 1).replace(/^ /, '');
}

/**
 * Splits a byte stream into lines. Lines are cut on `\n` (a trailing `\r` is dropped) before they are
 * decoded, so a character split across chunks survives, and invalid UTF-8 becomes U+FFFD.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(
    private readonly onLine: (line: Buffer) => void,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {}

  push(chunk: Buffer): void {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      if (newline < 0) break;
      this.pending.push(chunk.subarray(start, newline));
      this.emitPending();
      start = newline + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.subarray(start);
      this.pending.push(rest);
      this.pendingBytes += rest.length;
      while (this.pendingBytes > this.maxLineBytes) this.emitLongPrefix();
    }
  }

  /** Emits what is left (a last line without newline). */
  end(): void {
    if (this.pendingBytes > 0 || this.pending.some((b) => b.length > 0)) this.emitPending();
    this.pending = [];
    this.pendingBytes = 0;
  }

  private emitPending(): void {
    let line = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending);
    this.pending = [];
    this.pendingBytes = 0;
    if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, line.length - 1);
    while (line.length > this.maxLineBytes) {
      const cut = utf8Boundary(line, this.maxLineBytes);
      this.onLine(line.subarray(0, cut));
      line = line.subarray(cut);
    }
    this.onLine(line);
  }

  private emitLongPrefix(): void {
    const all = Buffer.concat(this.pending);
    const cut = utf8Boundary(all, this.maxLineBytes);
    this.onLine(all.subarray(0, cut));
    const rest = all.subarray(cut);
    this.pending = [rest];
    this.pendingBytes = rest.length;
  }
}

/** A cut position at or before `max` that does not split a UTF-8 sequence (when the input is valid). */
function utf8Boundary(buffer: Buffer, max: number): number {
  let cut = Math.min(max, buffer.length);
  let back = 0;
  while (cut > 0 && back < 3 && cut < buffer.length && (buffer[cut] & 0xc0) === 0x80) {
    cut--;
    back++;
  }
  return cut > 0 ? cut : Math.min(max, buffer.length);
}

/** Decodes a line, replacing invalid UTF-8 with U+FFFD. */
export function decodeLine(line: Buffer): string {
  return line.toString('utf8');
}
