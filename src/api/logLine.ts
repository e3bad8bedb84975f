// Decodes the service's log lines: loguru-formatted "time | level | location | text", maybe with ANSI colours.

export interface LogLine {
  /** The line exactly as the server sent it. */
  raw: string;
  /** What a person reads: the part after the third `|`, without terminal escapes. */
  text: string;
  time?: string;
  level?: string;
  location?: string;
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export function stripAnsi(text: string): string {
  return text.indexOf('\x1b') < 0 ? text : text.replace(ANSI, '');
}

export function parseLogLine(raw: string): LogLine {
  const clean = stripAnsi(raw);
  // Only a line that starts like loguru's timestamp has the prefix; other text with pipes stays whole.
  // Checked by character codes: this runs once per log line, hundreds of thousands of times a run.
  if (!startsWithTimestamp(clean)) return { raw, text: clean };
  const first = clean.indexOf('|', 16);
  const second = first < 0 ? -1 : clean.indexOf('|', first + 1);
  const third = second < 0 ? -1 : clean.indexOf('|', second + 1);
  if (third < 0) return { raw, text: clean };
  const text = clean.charCodeAt(third + 1) === 32 ? clean.slice(third + 2) : clean.slice(third + 1);
  return { raw, text, time: clean.slice(0, first).trim(), level: clean.slice(first + 1, second).trim(), location: clean.slice(second + 1, third).trim() };
}

/** "YYYY-MM-DD HH:MM" (or with a T), as loguru and ISO timestamps begin. */
function startsWithTimestamp(line: string): boolean {
  if (line.length < 17) return false;
  for (const i of DIGIT_POSITIONS) {
    const code = line.charCodeAt(i);
    if (code < 48 || code > 57) return false;
  }
  const separator = line.charCodeAt(10);
  return line.charCodeAt(4) === 45 && line.charCodeAt(7) === 45 && (separator === 32 || separator === 84) && line.charCodeAt(13) === 58;
}

const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15];
