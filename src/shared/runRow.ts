// What a run's row in the tree reads: the label is what a person scans (when it started), the
// description how it went (status, duration, where it ran). No vscode import: unit-tested on Node.
import { FunctionRun, isTerminalStatus } from '../api/types';
import { formatStartTime } from './runNames';
import { formatDuration, runDurationMs } from './format';

export type RunRowRun = Pick<FunctionRun, 'created_at' | 'updated_at' | 'status' | 'local'> & { [extra: string]: unknown };

/** The label: `18:31:10` for a run started today, `Dec 1 18:31` before. */
export function runRowLabel(run: RunRowRun, now: number = Date.now()): string {
  return formatStartTime(run.created_at, new Date(now)) || run.created_at || 'run';
}

/** The word a person reads for a run's state: a run this window stopped says "stopped", whatever the service recorded. */
export function runStatusWord(run: Pick<FunctionRun, 'status'>, stoppedHere: boolean): string {
  if (stoppedHere && run.status !== 'closed') return 'stopped';
  return run.status;
}

/** True when the API tells the run was started by a schedule (the contract has no such field yet; some servers add one). */
export function isScheduledRun(run: RunRowRun): boolean {
  return run.scheduled === true || run.trigger === 'schedule' || run.trigger === 'scheduled' || run.source === 'schedule';
}

/** The description: `closed · 3.2s`, `active · 12s`, `stopped · 4.1s · local`, `created`. */
export function runRowDescription(run: RunRowRun, stoppedHere: boolean, now: number = Date.now()): string {
  const parts = [runStatusWord(run, stoppedHere)];
  const duration = runDurationMs(run, now);
  if (duration !== undefined) parts.push(formatDuration(duration));
  if (run.local) parts.push('local');
  if (isScheduledRun(run)) parts.push('scheduled');
  return parts.join(' · ');
}

/** Whether the run is done, for the tooltip's "Ended" line. */
export function runEnded(run: Pick<FunctionRun, 'status'>): boolean {
  return isTerminalStatus(run.status);
}
