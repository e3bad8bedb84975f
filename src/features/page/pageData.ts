// How runs and their logs are described to the page: plain data, secrets masked. No vscode import.
import { isNotteApiError } from '../../api/errors';
import { parseLogLine } from '../../api/logLine';
import { describeError } from '../../core/ui/errorText';
import type { WindowContext } from '../../core/windowContext';
import { isTerminalStatus, type FunctionRun, type RunResult } from '../../api/types';
import { resultValue } from '../../shared/resultText';
import { runDurationMs, shownRunState } from '../../shared/runs';
import { clockTime } from '../../shared/time';
import { maskSecretVariables } from '../../api/redact';
import { LOG_CAP, type HostMessage, type LogEntry, type RunEnd, type RunSummaryView } from './protocol';
import { fieldSpecs } from '../../shared/variables';
import type { NotteFunction } from '../../api/types';
import { stampMoment } from './sessionLinks';

const SUMMARY_LENGTH = 120;

/** `near` (a run's start): for the line's moment, which a session replay seeks to (see stampMoment). */
export function logEntry(raw: string, receivedAt: Date = new Date(), near?: number): LogEntry {
  const line = parseLogLine(raw);
  const at = near === undefined ? undefined : stampMoment(line.time, near);
  return { time: line.time ?? clockTime(receivedAt, true), level: line.level?.toLowerCase(), text: line.text, ...(at === undefined ? {} : { at }) };
}

/** "name=Ada, count=3": one line, secret-looking values masked, cut at a readable length. */
export function variablesSummary(variables: Record<string, unknown> | undefined): string {
  const entries = Object.entries(maskSecretVariables(variables ?? {}));
  if (entries.length === 0) return '(no variables)';
  const text = entries.map(([name, value]) => `${name}=${typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value)}`).join(', ');
  return text.length > SUMMARY_LENGTH ? `${text.slice(0, SUMMARY_LENGTH - 1)}…` : text;
}

/** `stoppedHere`: a person stopped the run from this editor (shared/runs.ts's rule says how it reads). */
export function summarizeRunForPage(run: FunctionRun, stoppedHere = false, now: number = Date.now()): RunSummaryView {
  return {
    runId: run.function_run_id,
    status: shownRunState(run, stoppedHere),
    startedAt: run.created_at,
    // An active run's row is not redrawn as it goes on: a duration there would stand still.
    durationMs: isTerminalStatus(run.status) ? runDurationMs(run, now) : undefined,
    variables: variablesSummary(run.variables),
    local: !!run.local,
  };
}

/** A failure's message is the traceback's last line; the whole text is the traceback. */
export function failureParts(result: unknown): { error: string; traceback: string } {
  const text = typeof result === 'string' ? result : JSON.stringify(result ?? 'The run failed.');
  const lines = text.trim().split('\n');
  return { error: lines[lines.length - 1] || 'The run failed.', traceback: text };
}

export function runEndFromResult(result: RunResult, durationMs: number): RunEnd {
  if (result.status === 'failed') return { runId: result.function_run_id, status: 'failed', durationMs, ...failureParts(result.result) };
  return { runId: result.function_run_id, status: result.status, durationMs, result: resultValue(result.result) };
}

export function runEndFromRun(run: FunctionRun, stoppedHere = false): RunEnd | undefined {
  const state = shownRunState(run, stoppedHere);
  if (state === 'active' || state === 'created') return undefined;
  const durationMs = runDurationMs(run) ?? 0;
  if (state === 'stopped') return { runId: run.function_run_id, status: 'stopped', durationMs, error: 'Stopped by a person.' };
  // resultValue: a local run's traceback may arrive as JSON text of a string.
  if (state === 'failed') return { runId: run.function_run_id, status: 'failed', durationMs, ...failureParts(resultValue(run.result)) };
  return { runId: run.function_run_id, status: run.status, durationMs, result: resultValue(run.result) };
}

/**
 * Why the page has no function to show. One that is gone says so, with what to do when a file of the
 * workspace is linked to it; that file also gets the lens's warning (Link to Function…, Unlink).
 */
export function loadFailure(functionId: string, error: unknown, ctx: Pick<WindowContext, 'connection' | 'linked'>): string {
  if (!(isNotteApiError(error) && error.status === 404)) return `Could not load function ${functionId}: ${describeError(error)}`;
  ctx.linked.functionGone(functionId);
  const linked = ctx.linked.links.filesOf(functionId).length > 0;
  const fix = linked ? ': a file of this workspace is linked to it. Link that file to another function, or unlink it (Notte: Link to Function…, Unlink from Function).' : '.';
  return `There is no function ${functionId} on ${ctx.connection.label}${fix}`;
}

export type InitMessage = Extract<HostMessage, { type: 'init' }>;

/** The page's form of the function as known now, with the texts it was opened with (when they fit its parameters). */
export function pageInit(
  functionId: string,
  functionName: string,
  fn: NotteFunction | undefined,
  pendingTexts: (string | null)[] | undefined,
): Extract<HostMessage, { type: 'init' }> {
  const parameters = fn?.variables ?? [];
  const texts = pendingTexts && pendingTexts.length === parameters.length ? pendingTexts : parameters.map(() => null);
  return { v: 1, type: 'init', functionId, functionName, description: fn?.description ?? undefined, fields: fieldSpecs(parameters), texts, logCap: LOG_CAP };
}
