// How a run reads to a person, in every view (the tree, pickers, messages, the page, documents):
// one rule for its state, one name for it, one description of how it went. No vscode import:
// unit-tested on Node.
import { FunctionRun, isTerminalStatus, runState } from '../api/types';
import { apiTimeMs, formatAge, formatDuration, formatStartTime } from './time';
import { raisedInResult } from './traceback';

/** The five states the UI tells apart: the wire's four (api/types runState) and "stopped". */
export type ShownRunState = 'active' | 'created' | 'closed' | 'failed' | 'stopped';

/** What the rule reads of a run: its status, its result, and what a server that records it says stopped it. */
export type RunStateFields = Pick<FunctionRun, 'status'> & { result?: unknown; stop_reason?: unknown };

/**
 * The one rule: a run reads "stopped" when the service says so, when the server recorded that a
 * person stopped it (the local server's `stop_reason: "user"`), or when it was stopped from this
 * editor (`stoppedHere`, kept across reloads by core/runs/stoppedRuns.ts) — unless it closed by itself
 * first. The service records a stopped run as failed (and may still report it active for a moment):
 * it reads stopped all the same, with a stopped icon and no Stop action. A run recorded `closed` with a
 * Python traceback as its result (a function that caught its error and returned the traceback, a local
 * run recorded by an older client) reads failed, as health contracts judge it.
 */
export function shownRunState(run: RunStateFields, stoppedHere: boolean): ShownRunState {
  if (run.status === 'stopped') return 'stopped';
  if (run.status === 'closed' && raisedInResult(run.result)) return 'failed';
  if (run.status !== 'closed' && (stoppedHere || run.stop_reason === 'user')) return 'stopped';
  return runState(run.status);
}

/** What a person may wonder about the state shown when the server's status differs from it, or ''. */
export function shownStateNote(run: RunStateFields, state: ShownRunState): string {
  if (state === 'failed' && run.status === 'closed') return 'its result is a Python traceback: it was recorded closed, but it failed';
  if (state === 'stopped' && run.status !== 'stopped') return `stopped by a person; the service says ${String(run.status)}`;
  return '';
}

/** How long a run took, or has been running when it is not finished yet. */
export function runDurationMs(run: Pick<FunctionRun, 'created_at' | 'updated_at' | 'status'>, now: number = Date.now()): number | undefined {
  const start = apiTimeMs(run.created_at);
  if (start === undefined) return undefined;
  if (run.status === 'created') return undefined;
  const end = isTerminalStatus(run.status) ? apiTimeMs(run.updated_at) : now;
  return end === undefined ? undefined : Math.max(0, end - start);
}

/** "progress_report · 18:31:10": what notifications, pickers and status messages call a run. */
export function runTitle(functionName: string, start: Date | string | undefined | null, now: Date = new Date()): string {
  const when = formatStartTime(start, now);
  return when ? `${functionName} · ${when}` : functionName;
}

export type RunRowRun = Pick<FunctionRun, 'created_at' | 'updated_at' | 'status' | 'local'> & { [extra: string]: unknown };

/** A run's row label: when it started (`18:31:10` today, `Dec 1 18:31` before), which is what a person scans. */
export function runRowLabel(run: RunRowRun, now: number = Date.now()): string {
  return formatStartTime(run.created_at, new Date(now)) || run.created_at || 'run';
}

/** True when the API tells the run was started by a schedule (the contract has no such field yet; some servers add one). */
export function isScheduledRun(run: RunRowRun): boolean {
  return run.scheduled === true || run.trigger === 'schedule' || run.trigger === 'scheduled' || run.source === 'schedule';
}

/** How a run went, in one line: `closed · 3.2s`, `active · 12s`, `stopped · 4.1s · local`, `created`. */
export function runRowDescription(run: RunRowRun, stoppedHere: boolean, now: number = Date.now()): string {
  const parts: string[] = [shownRunState(run, stoppedHere)];
  const duration = runDurationMs(run, now);
  if (duration !== undefined) parts.push(formatDuration(duration));
  if (run.local) parts.push('local');
  if (isScheduledRun(run)) parts.push('scheduled');
  return parts.join(' · ');
}

/** A run document's summary line: "closed · 5m ago · 3.2s". */
export function describeRun(run: RunRowRun, stoppedHere = false, now: number = Date.now()): string {
  const parts = [shownRunState(run, stoppedHere), formatAge(run.created_at, now)];
  const duration = runDurationMs(run, now);
  if (duration !== undefined) parts.push(isTerminalStatus(run.status) ? formatDuration(duration) : `running ${formatDuration(duration)}`);
  if (run.local) parts.push('local');
  return parts.filter(Boolean).join(' · ');
}

/**
 * When a run began, its browser session with it (a replay's moments are counted from here): the
 * local server's `started_at`, else `created_at`, read as the API means them (naive is UTC).
 */
export function runStartedAtMs(run: Pick<FunctionRun, 'created_at'> & { started_at?: unknown }, fallback: number = Date.now()): number {
  return apiTimeMs(typeof run.started_at === 'string' ? run.started_at : run.created_at) ?? fallback;
}
