// A run's lines on their way to the function page (no vscode import: unit-tested). The page shows a
// run's last lines, the full log is one command away: so a line costs one array push as it comes, and
// only the lines that will be posted become entries (their time read, their text cleaned). A post goes
// at most every POST_MS with at most what a reader's pace allows (a burst, then a few lines a second),
// and never more than POST_MAX_LINES lines nor POST_MAX_CHARS characters of JSON.
import type { LogLine } from '../../api/logLine';
import { stripControlCharacters } from '../../api/redact';
import { formatCount } from '../../shared/floodGate';
import { clockTime } from '../../shared/time';
import type { LogEntry } from './protocol';
import { stampMoment } from './sessionLinks';

/** A post at most this often (4 a second). */
export const POST_MS = 250;
/** Lines in one post at most: a burst a person can scroll through. */
export const POST_MAX_LINES = 500;
/** Characters of JSON in one post at most (about: each entry's text and fields). */
export const POST_MAX_CHARS = 64 * 1024;
/** A run's past lines shown from the history: one post, a larger cap. */
export const DETAIL_MAX_CHARS = 256 * 1024;
/** A line's text is cut past this many characters on the page (a megabyte of base64 is no line to read). */
export const LINE_MAX_CHARS = 2000;
/** After the first burst, lines a second the page is given while a run floods. */
const LINES_PER_SECOND = 100;
/** What a post's JSON holds besides its entries (its type, version, the skipped count). */
const ENTRY_OVERHEAD = 64;

export class PageLogBatch {
  private waiting: LogLine[] = [];
  /** Lines that came since the last post (those waiting and those already let go). */
  private came = 0;
  private tokens = POST_MAX_LINES;
  private lastTake: number;

  constructor(
    private readonly runStartedAt: number,
    now: number = Date.now(),
  ) {
    this.lastTake = now;
  }

  get pending(): boolean {
    return this.came > 0;
  }

  add(line: LogLine): void {
    this.came++;
    this.waiting.push(line);
    // Only the last POST_MAX_LINES can be posted: the older ones go (counted), in halves, not one by one.
    if (this.waiting.length >= 2 * POST_MAX_LINES) this.waiting = this.waiting.slice(-POST_MAX_LINES);
  }

  /** The next post's lines (the last ones, within the budget and the caps) and how many came before them unposted. */
  take(now: number = Date.now(), final = false): { lines: LogEntry[]; skipped: number } | undefined {
    if (this.came === 0) return undefined;
    this.tokens = Math.min(POST_MAX_LINES, this.tokens + ((now - this.lastTake) / 1000) * LINES_PER_SECOND);
    this.lastTake = now;
    // The run's last lines always go (its end is what a reader looks for).
    const allowed = final ? POST_MAX_LINES : Math.floor(this.tokens);
    const chosen = this.waiting.slice(-Math.min(allowed, POST_MAX_LINES));
    const lines = capEntries(
      chosen.map((line) => pageEntry(line, now, this.runStartedAt)),
      POST_MAX_CHARS,
    );
    this.tokens = Math.max(0, this.tokens - lines.length);
    const skipped = this.came - lines.length;
    this.came = 0;
    this.waiting = [];
    return { lines, skipped };
  }
}

/** A line of a run going on as the page shows it: its time (the server's, else its arrival), level, text cleaned and cut, and its moment. */
export function pageEntry(line: LogLine, receivedAt: number, runStartedAt: number): LogEntry {
  const at = stampMoment(line.time, runStartedAt) ?? receivedAt;
  return { time: line.time ?? clockTime(new Date(receivedAt), true), level: line.level?.toLowerCase(), text: cutText(stripControlCharacters(line.text)), at };
}

/** A text as long as the page shows a line: cut past LINE_MAX_CHARS, saying how much was. */
export function cutText(text: string): string {
  return text.length > LINE_MAX_CHARS ? `${text.slice(0, LINE_MAX_CHARS)}… (${formatCount(text.length - LINE_MAX_CHARS)} more characters)` : text;
}

/** The last entries whose JSON (with a comma each) fits in `maxChars`. */
export function capEntries(entries: LogEntry[], maxChars: number): LogEntry[] {
  let chars = ENTRY_OVERHEAD;
  let first = entries.length;
  while (first > 0) {
    chars += JSON.stringify(entries[first - 1]).length + 1;
    if (chars > maxChars) break;
    first--;
  }
  return first === 0 ? entries : entries.slice(first);
}
