// Times as the API writes them and as people read them: one reading of the API's timestamps and one
// spelling of each format, for the tree, the Output channel, messages, pickers and the page alike.
// No vscode import: unit-tested on Node.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/**
 * A timestamp of the API (`created_at`, `updated_at`, `started_at`). The service writes naive UTC
 * timestamps at times ("2026-12-01T18:31:10.123"): they are read as UTC, never as local time.
 */
export function parseApiTime(iso: string | undefined | null): Date | undefined {
  if (!iso) return undefined;
  const normalised = /[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`;
  const time = Date.parse(normalised);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/** The moment (ms since 1970) of an API timestamp, or undefined. */
export function apiTimeMs(iso: string | undefined | null): number | undefined {
  return parseApiTime(iso)?.getTime();
}

/** `18:31:10` (local time), or `18:31:10.123` with milliseconds: how people name a moment of today. */
export function clockTime(date: Date, withMs = false): string {
  const base = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return withMs ? `${base}.${pad(date.getMilliseconds(), 3)}` : base;
}

/** `2026-12-01 18:31:10.123` (local time): the Output channel's and the log files' stamp. */
export function localTimestamp(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${clockTime(date, true)}`;
}

/**
 * When a run started, as every view names it: `18:31:10` for a start today, `Dec 1 18:31` before
 * (local time). A string is an API timestamp.
 */
export function formatStartTime(start: Date | string | undefined | null, now: Date = new Date()): string {
  const date = typeof start === 'string' || start === undefined || start === null ? parseApiTime(start) : start;
  if (!date) return '';
  const sameDay = date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate();
  if (sameDay) return clockTime(date);
  return `${MONTHS[date.getMonth()]} ${date.getDate()} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** How long something took: "850ms", "12.3s", "4m 05s", "2h 03m". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < SECOND) return `${Math.round(ms)}ms`;
  if (ms < MINUTE) return `${(ms / SECOND).toFixed(1)}s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m ${pad(Math.floor((ms % MINUTE) / SECOND))}s`;
  return `${Math.floor(ms / HOUR)}h ${pad(Math.floor((ms % HOUR) / MINUTE))}m`;
}

/** How long ago: "just now", "42s ago", "5m ago", "3h ago", "2d ago". */
export function formatAge(iso: string | undefined | null, now: number = Date.now()): string {
  const time = apiTimeMs(iso);
  if (time === undefined) return '';
  const elapsed = Math.max(0, now - time);
  if (elapsed < 5 * SECOND) return 'just now';
  if (elapsed < MINUTE) return `${Math.floor(elapsed / SECOND)}s ago`;
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)}m ago`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)}h ago`;
  return `${Math.floor(elapsed / DAY)}d ago`;
}

/** An API timestamp in full, in local time, for detail lines (tooltips, documents): `2026-12-01 18:31:10`. */
export function formatDateTime(iso: string | undefined | null): string {
  const date = parseApiTime(iso);
  return date ? localTimestamp(date).slice(0, 19) : (iso ?? '');
}
