// Pure text helpers for tree items and documents; no vscode import so they are unit-tested on Node.
import { FunctionRun, FunctionVariable, isTerminalStatus } from '../api/types';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "42s ago", "5m ago", "3h ago", "2d ago". */
export function formatAge(iso: string | undefined, now: number = Date.now()): string {
  const time = parseTime(iso);
  if (time === undefined) return '';
  const elapsed = Math.max(0, now - time);
  if (elapsed < 5 * SECOND) return 'just now';
  if (elapsed < MINUTE) return `${Math.floor(elapsed / SECOND)}s ago`;
  if (elapsed < HOUR) return `${Math.floor(elapsed / MINUTE)}m ago`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)}h ago`;
  return `${Math.floor(elapsed / DAY)}d ago`;
}

/** "850ms", "12.3s", "4m 05s", "2h 03m". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '';
  if (ms < SECOND) return `${Math.round(ms)}ms`;
  if (ms < MINUTE) return `${(ms / SECOND).toFixed(1)}s`;
  if (ms < HOUR) return `${Math.floor(ms / MINUTE)}m ${pad(Math.floor((ms % MINUTE) / SECOND))}s`;
  return `${Math.floor(ms / HOUR)}h ${pad(Math.floor((ms % HOUR) / MINUTE))}m`;
}

/** How long a run took, or has been running when it is not finished yet. */
export function runDurationMs(run: Pick<FunctionRun, 'created_at' | 'updated_at' | 'status'>, now: number = Date.now()): number | undefined {
  const start = parseTime(run.created_at);
  if (start === undefined) return undefined;
  if (run.status === 'created') return undefined;
  const end = isTerminalStatus(run.status) ? parseTime(run.updated_at) : now;
  return end === undefined ? undefined : Math.max(0, end - start);
}

/** The tree's one-line description of a run: "closed · 5m ago · 3.2s". */
export function describeRun(run: Pick<FunctionRun, 'created_at' | 'updated_at' | 'status' | 'local'>, now: number = Date.now()): string {
  const parts = [run.status, formatAge(run.created_at, now)];
  const duration = runDurationMs(run, now);
  if (duration !== undefined) parts.push(isTerminalStatus(run.status) ? formatDuration(duration) : `running ${formatDuration(duration)}`);
  if (run.local) parts.push('local');
  return parts.filter(Boolean).join(' · ');
}

/** "url: str = 'https://example.com'" as a person reads a Python signature. */
export function describeVariable(variable: FunctionVariable): string {
  let text = variable.name;
  if (variable.type) text += `: ${variable.type}`;
  if (variable.default !== undefined && variable.default !== null) text += ` = ${variable.default}`;
  return text;
}

export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}

function parseTime(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  // The service writes naive UTC timestamps at times; read them as UTC, not local time.
  const normalised = /[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`;
  const time = Date.parse(normalised);
  return Number.isNaN(time) ? undefined : time;
}

function pad(n: number): string {
  return n.toString().padStart(2, '0');
}
