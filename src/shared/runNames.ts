// How messages, headers and tabs name a run: its function and when it started, never a bare id.
// No vscode import: unit-tested on Node.

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** The service writes naive UTC timestamps at times; they are read as UTC, not local time. */
export function parseRunTime(iso: string | undefined): Date | undefined {
  if (!iso) return undefined;
  const normalised = /[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`;
  const time = Date.parse(normalised);
  return Number.isNaN(time) ? undefined : new Date(time);
}

/** `18:31:10` for a start today, `Dec 1 18:31` before (local time). */
export function formatStartTime(start: Date | string | undefined, now: Date = new Date()): string {
  const date = typeof start === 'string' || start === undefined ? parseRunTime(start) : start;
  if (!date) return '';
  const sameDay = date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate();
  if (sameDay) return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  return `${MONTHS[date.getMonth()]} ${date.getDate()} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A function's name as people read it (one definition, in the API's types). */
export { functionLabel } from '../api/types';

/** "progress_report · 18:31:10": what notifications and status messages call a run. */
export function runTitle(functionName: string, start: Date | string | undefined, now: Date = new Date()): string {
  const when = formatStartTime(start, now);
  return when ? `${functionName} · ${when}` : functionName;
}
