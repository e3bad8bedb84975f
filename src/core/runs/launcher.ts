import { isNotteApiError, LogLine, RetryInfo } from '../../api';
import { describeError } from '../ui/errorText';
import { RunResult } from '../../api/types';
import { Ctx } from '../window';
import { clockTime } from '../../shared/time';
import { maskSecretVariables } from '../../shared/redact';
import { formatResult } from '../../shared/resultText';
import { runTitle } from '../../shared/runs';

const TRACEBACK_LINES = 400;

export interface LaunchRequest {
  functionId: string;
  functionName: string;
  variables: Record<string, unknown>;
  /** Start this already created run instead of creating one. */
  runId?: string;
  /** Written on every line of this run; "<function> <start time>" unless given (a batch uses "<function> #3"). */
  marker?: string;
  signal?: AbortSignal;
  /** Called as soon as the run id is known. */
  onRunId?(runId: string): void;
  /** Each log line as shown (after the prefix), with the count so far. */
  onLog?(count: number, text: string): void;
  /** Each log line as it arrives, parsed (time, level, text), after it was queued for the Output channel. */
  onLine?(line: LogLine): void;
  onSessionStart?(sessionId: string): void;
  /** The server refused for now (429, busy): the request is retried after `delayMs`. */
  onRetry?(message: string): void;
}

export interface LaunchOutcome {
  runId?: string;
  result?: RunResult;
  error?: unknown;
  /** The run was stopped by this window (a Cancel included). */
  cancelled: boolean;
  /** Why this window stopped the run (Stop Run, Cancel, the run timeout), when it did. */
  stopped?: string;
  /** "progress_report · 18:31:10": how messages name this run. */
  title: string;
  /** The run's full log (every line, none folded), when one could be written. */
  logFile?: string;
  /** Lines folded out of the Output channel because they came faster than anyone reads. */
  folded: number;
}

/**
 * Starts one run with streaming on and pipes it into the Output channel, the tree and
 * the status bar. It never throws: the outcome says how the run ended.
 */
// eslint-disable-next-line max-lines-per-function -- one run's life (tracked, announced, streamed, retried, ended) reads in the order it happens
export async function launchRun(ctx: Ctx, request: LaunchRequest): Promise<LaunchOutcome> {
  const output = ctx.output;
  output.setSecrets([await ctx.connection.apiKey()]);
  const controller = new AbortController();
  const abort = () => controller.abort();
  request.signal?.addEventListener('abort', abort);
  if (request.signal?.aborted) controller.abort();

  const startedAt = new Date();
  const title = runTitle(request.functionName, startedAt, startedAt);
  const log = output.startRun(request.functionName, request.marker ?? `${request.functionName} ${clockTime(startedAt)}`);
  let runId = request.runId;
  let logCount = 0;
  // The end of the logs, where a failed run's traceback is, for the author's file (Problems, links).
  const tail: string[] = [];
  const tracking = ctx.activeRuns.add({
    functionId: request.functionId,
    functionName: request.functionName,
    startedAt,
    get runId() {
      return runId;
    },
    cancel: abort,
  });

  log.header(`started on ${ctx.connection.label}`);
  log.info(`Variables: ${JSON.stringify(maskSecretVariables(request.variables))}`);
  const announceRun = (id: string) => {
    runId = id;
    log.info(`Run ${id} started`);
    request.onRunId?.(id);
    ctx.functions.refreshRuns(request.functionId);
  };
  if (runId) announceRun(runId);

  const handlers = {
    onCreated: (created: { function_run_id: string }) => announceRun(created.function_run_id),
    onLog: (line: LogLine) => {
      logCount++;
      log.log(line);
      tail.push(line.text);
      if (tail.length > TRACEBACK_LINES) tail.shift();
      request.onLog?.(logCount, line.text);
      request.onLine?.(line);
    },
    onSessionStart: (sessionId: string) => {
      log.info(`Browser session ${sessionId} started`);
      request.onSessionStart?.(sessionId);
    },
    onFallback: (reason: string) => log.warn(`Stream interrupted (${reason}); following the run by polling, no line will be lost.`),
  };
  const options = {
    stream: true,
    handlers,
    signal: controller.signal,
    runTimeoutMs: ctx.config.runTimeoutSeconds * 1000,
    stopOnCancel: true,
    onRetry: (info: RetryInfo) => {
      const why = info.error.kind === 'rate_limited' ? 'Rate limited by the server' : 'The server did not answer';
      const message = `${why}; retrying in ${Math.max(1, Math.round(info.delayMs / 1000))} s (attempt ${info.attempt + 1}).`;
      log.warn(message);
      request.onRetry?.(message);
    },
  };

  const took = () => formatSeconds(Date.now() - startedAt.getTime());
  const finish = (outcome: Omit<LaunchOutcome, 'title' | 'logFile' | 'folded'>): LaunchOutcome => ({ ...outcome, title, logFile: log.logFile, folded: log.folded });
  try {
    const client = ctx.connection.client();
    const result = runId
      ? await client.startCreatedRun(request.functionId, runId, request.variables, options)
      : await client.runFunction(request.functionId, request.variables, options);
    runId = result.function_run_id ?? runId;
    // A run this window stopped ends as "failed" on some servers: it is still reported as stopped.
    const stopped = ctx.activeRuns.stopReason(runId);
    if (stopped) {
      log.end(stoppedText(stopped, took()), 'warning');
      return finish({ runId, result, cancelled: true, stopped });
    }
    const failed = result.status === 'failed';
    if (failed) {
      log.end(`failed after ${took()}`, 'error');
      log.block('Error:', formatResult(result.result), 'error');
    } else {
      log.end(`${result.status} after ${took()}`);
      log.block('Result:', formatResult(result.result));
    }
    ctx.author.runFinished({ functionId: request.functionId, runId, ok: !failed, text: `${tail.join('\n')}\n${failed ? formatResult(result.result) : ''}` });
    return finish({ runId, result, cancelled: false });
  } catch (error) {
    const reason = stopReasonOf(error);
    if (reason && runId) ctx.activeRuns.markStopped(runId, reason);
    const stopped = ctx.activeRuns.stopReason(runId) ?? reason;
    if (stopped) log.end(stoppedText(stopped, took()), 'warning');
    else {
      log.end(`could not finish, after ${took()}`, 'error');
      log.block('Error:', describeError(error), 'error');
    }
    return finish({ runId, error, cancelled: stopped !== undefined, stopped });
  } finally {
    request.signal?.removeEventListener('abort', abort);
    // Whatever happened, show the run's real state: no run stays shown as active when it is not.
    // Started while the run is still followed, so the view's poller does not ask for it as well.
    const id = runId;
    if (id) void ctx.activeRuns.whileFetchingEnd(id, () => refreshRunInTree(ctx, request.functionId, id));
    tracking.dispose();
    await log.close();
    output.flush();
  }
}

/** A cancel or the run timeout, as the reason a run was stopped; undefined for real failures. */
function stopReasonOf(error: unknown): string | undefined {
  if (!isNotteApiError(error)) return undefined;
  if (error.kind === 'cancelled') return 'by Cancel';
  if (error.kind === 'timeout') return /stopped (after .*?)\.?$/.exec(error.message)?.[1] ?? 'by the run timeout';
  return undefined;
}

function stoppedText(reason: string, took: string): string {
  return reason.startsWith('after ') ? `stopped ${reason}` : `stopped ${reason}, after ${took}`;
}

function formatSeconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

export async function refreshRunInTree(ctx: Ctx, functionId: string, runId: string): Promise<void> {
  // A run the tree does not show needs no fetch (the contract answers a run with every log line):
  // its function's list reloads when, and if, it is shown.
  if (!ctx.functions.findRun(runId)) {
    ctx.functions.refreshRuns(functionId);
    return;
  }
  try {
    ctx.functions.updateRun(await ctx.connection.client().getRun(functionId, runId));
  } catch {
    ctx.functions.refreshRuns(functionId);
  }
}
