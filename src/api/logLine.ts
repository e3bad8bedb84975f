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
  const first = clean.indexOf('|');
  if (first < 0) return { raw, text: clean };
  const second = clean.indexOf('|', first + 1);
  if (second < 0) return { raw, text: clean };
  const third = clean.indexOf('|', second + 1);
  if (third < 0) return { raw, text: clean };
  const time = clean.slice(0, first).trim();
  // Only treat the prefix as loguru's when it starts like a timestamp; other text with pipes stays whole.
  if (!/^\d{4}-\d\d-\d\d[ T]\d\d:\d\d/.test(time)) return { raw, text: clean };
  let text = clean.slice(third + 1);
  if (text.charCodeAt(0) === 32) text = text.slice(1);
  return { raw, text, time, level: clean.slice(first + 1, second).trim(), location: clean.slice(second + 1, third).trim() };
}
