import { isNotteApiError, LogLine, RetryInfo } from '../api';
import { describeError } from '../ui/errorText';
import { RunResult } from '../api/types';
import { Ctx } from '../ctx';
import { maskSecretVariables } from '../util/redact';
import { formatResult } from './resultText';

const TRACEBACK_LINES = 400;

export interface LaunchRequest {
  functionId: string;
  functionName: string;
  variables: Record<string, unknown>;
  /** Start this already created run instead of creating one. */
  runId?: string;
  /** Written before every line of this run, e.g. "[3] " in a batch. */
  prefix?: string;
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
  cancelled: boolean;
}

/**
 * Starts one run with streaming on and pipes it into the Output channel, the tree and
 * the status bar. It never throws: the outcome says how the run ended.
 */
// eslint-disable-next-line max-lines-per-function -- one run's life (tracked, announced, streamed, retried, ended) reads in the order it happens
export async function launchRun(ctx: Ctx, request: LaunchRequest): Promise<LaunchOutcome> {
  const prefix = request.prefix ?? '';
  const output = ctx.output;
  output.setSecrets([await ctx.connection.apiKey()]);
  const controller = new AbortController();
  const abort = () => controller.abort();
  request.signal?.addEventListener('abort', abort);
  if (request.signal?.aborted) controller.abort();

  let runId = request.runId;
  let logCount = 0;
  // The end of the logs, where a failed run's traceback is, for the author's file (Problems, links).
  const tail: string[] = [];
  const tracking = ctx.activeRuns.add({
    functionId: request.functionId,
    functionName: request.functionName,
    get runId() {
      return runId;
    },
    cancel: abort,
  });

  output.line(`${prefix}━━ ${request.functionName} (${request.functionId}) ━━`);
  output.line(`${prefix}Variables: ${JSON.stringify(maskSecretVariables(request.variables))}`);
  const announceRun = (id: string) => {
    runId = id;
    output.line(`${prefix}Run ${id} started on ${ctx.connection.label}`);
    request.onRunId?.(id);
    ctx.functions.refreshRuns(request.functionId);
  };
  if (runId) announceRun(runId);

  const handlers = {
    onCreated: (created: { function_run_id: string }) => announceRun(created.function_run_id),
    onLog: (line: LogLine) => {
      logCount++;
      output.line(prefix + line.text);
      tail.push(line.text);
      if (tail.length > TRACEBACK_LINES) tail.shift();
      request.onLog?.(logCount, line.text);
      request.onLine?.(line);
    },
    onSessionStart: (sessionId: string) => {
      output.line(`${prefix}Browser session ${sessionId} started`);
      request.onSessionStart?.(sessionId);
    },
    onFallback: (reason: string) => output.line(`${prefix}Stream interrupted (${reason}); following the run by polling, no line will be lost.`),
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
      output.line(prefix + message);
      request.onRetry?.(message);
    },
  };

  try {
    const client = ctx.connection.client();
    const result = runId
      ? await client.startCreatedRun(request.functionId, runId, request.variables, options)
      : await client.runFunction(request.functionId, request.variables, options);
    runId = result.function_run_id ?? runId;
    const failed = result.status === 'failed';
    output.line(`${prefix}Run ${runId} ${failed ? 'failed' : 'finished'} (${result.status})`);
    if (failed) output.error(`${prefix}${formatResult(result.result)}`);
    else output.line(`${prefix}Result:\n${indent(formatResult(result.result), prefix)}`);
    ctx.author.runFinished({ functionId: request.functionId, runId, ok: !failed, text: `${tail.join('\n')}\n${failed ? formatResult(result.result) : ''}` });
    return { runId, result, cancelled: false };
  } catch (error) {
    const cancelled = isNotteApiError(error) && error.kind === 'cancelled';
    output.error(`${prefix}${cancelled ? `Run ${runId ?? ''} stopped.` : describeError(error)}`);
    return { runId, error, cancelled };
  } finally {
    request.signal?.removeEventListener('abort', abort);
    tracking.dispose();
    output.flush();
    // Whatever happened, show the run's real state: no run stays shown as active when it is not.
    if (runId) void refreshRunInTree(ctx, request.functionId, runId);
  }
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

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}  ${line}`)
    .join('\n');
}
