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
  const own = libraryLine(text);
  if (own) return ownLine(own, formatLogTime(date), location.replace(/\|/g, '/'));
  return `${formatLogTime(date)} | ${level.padEnd(8)} | ${location.replace(/\|/g, '/')} | ${text}`;
}

/** A line a logging library already gave a level (and maybe a time and a place): they are the line's own. */
export interface LibraryLine {
  time?: string;
  level: string;
  location?: string;
  text: string;
}

const LIBRARY_LEVEL_NAMES = 'TRACE|DEBUG|INFO|SUCCESS|WARNING|ERROR|CRITICAL';
/**
 * loguru's default (`2026-12-04 10:00:00.000 | INFO     | module:run:12 - text`), a line already in the
 * service's shape (`2026-12-04 10:00:00 | INFO     | user_script | text`, Notte's hosted logger), and the
 * Notte SDK's user format (`INFO     - text`). Anchored on a digit or a level name: most lines fail at once.
 */
const TIMED_LIBRARY_LINE = new RegExp(
  // The place: loguru's `module:function:line` before ` - `, or one word (`user_script`) before ` | `; any
  // other text after the level is the message, whole (a custom format's `a | b`, `Downloading - 3 files`).
  `^(\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d(?:[.,]\\d+)?) \\| (${LIBRARY_LEVEL_NAMES}) *\\| (?:([\\w.<>-]+:[\\w.<>-]+:\\d+) - |([\\w.<>:-]+) \\| )?`,
);
const UNTIMED_LIBRARY_LINE = new RegExp(`^(${LIBRARY_LEVEL_NAMES}) +- `);

/** The time, level and place a logging library wrote at the start of a line, so they are not written twice. */
export function libraryLine(text: string): LibraryLine | undefined {
  const first = text.charCodeAt(0);
  if (first >= 48 && first <= 57) {
    const timed = TIMED_LIBRARY_LINE.exec(text);
    if (timed) return { time: timed[1], level: timed[2], location: (timed[3] ?? timed[4] ?? '').trim() || undefined, text: text.slice(timed[0].length) };
  } else if (first >= 65 && first <= 90) {
    const untimed = UNTIMED_LIBRARY_LINE.exec(text);
    if (untimed) return { level: untimed[1], text: text.slice(untimed[0].length) };
  }
  return undefined;
}

function ownLine(own: LibraryLine, time: string, place: string): string {
  return `${own.time ?? time} | ${own.level.padEnd(8)} | ${(own.location ?? place).replace(/\|/g, '/')} | ${own.text}`;
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
  private readonly place: string;

  constructor(location: string) {
    const place = location.replace(/\|/g, '/');
    this.place = place;
    this.middles = { INFO: ` | ${'INFO'.padEnd(8)} | ${place} | `, WARNING: ` | ${'WARNING'.padEnd(8)} | ${place} | `, ERROR: ` | ${'ERROR'.padEnd(8)} | ${place} | ` };
  }

  format(level: LogLevel, text: string, now = Date.now()): string {
    if (now !== this.lastMs) {
      this.lastMs = now;
      this.lastTime = formatLogTime(new Date(now));
    }
    const own = libraryLine(text);
    if (own) return ownLine(own, this.lastTime, this.place);
    return this.lastTime + this.middles[level] + text;
  }
}

/** Python's logging.basicConfig: `INFO:name:text`. */
const PYTHON_LOGGING_LEVEL = /^(DEBUG|INFO|WARNING|ERROR|CRITICAL):[\w.-]*:/;
const LIBRARY_LEVELS: Record<string, LogLevel> = { TRACE: 'INFO', DEBUG: 'INFO', INFO: 'INFO', SUCCESS: 'INFO', WARNING: 'WARNING', ERROR: 'ERROR', CRITICAL: 'ERROR' };

/**
 * The level of a line written to stderr: the one a logging library wrote at its start (loguru and
 * logging write every level there, so the SDK's INFO lines are not warnings), else WARNING.
 */
export function stderrLevel(text: string): LogLevel {
  const name = libraryLine(text)?.level ?? PYTHON_LOGGING_LEVEL.exec(text)?.[1];
  return name ? LIBRARY_LEVELS[name] : 'WARNING';
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
