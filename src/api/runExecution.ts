// A run's start, followed to its end: the streamed answer read event by event, or the plain answer;
// when the stream breaks or ends without a result, the run followed by polling from the last line
// delivered; the run timeout and a cancel stopping the run on the server. The client's run routes
// (client.ts) hand their request here.
import { NotteApiError } from './errors';
import { parseLogLine } from './logLine';
import { normalizeIds, readRunStream } from './sse';
import { CallOptions, RawResponse, readJsonSafely, Transport } from './transport';
import { sleep } from './wait';
import { FunctionRun, isTerminalStatus, RunResult } from './types';
import type { LogLine } from './logLine';
import type { CreateRunResponse } from './types';

export const DEFAULT_RUN_TIMEOUT_MS = 300_000;
const RUN_TIMEOUT_MARGIN_MS = 5_000;
const POLL_MIN_MS = 200;
const POLL_MAX_MS = 2000;

export interface RunHandlers {
  /** The run exists and has an id (before it starts). */
  onCreated?(run: CreateRunResponse): void;
  onLog?(line: LogLine): void;
  onSessionStart?(sessionId: string): void;
  /** The stream broke or ended without a result: the run is followed by polling from here. */
  onFallback?(reason: string): void;
}

export interface RunOptions extends CallOptions {
  /** Stream logs (default true). */
  stream?: boolean;
  handlers?: RunHandlers;
  /** The run is stopped and the call fails after this long (default 300 s, as the SDK). */
  runTimeoutMs?: number;
  /** Stop the run on the server when the call is cancelled (default true). */
  stopOnCancel?: boolean;
}

/** What the execution needs of the client: the transport, and the run's own routes (when its id is known). */
export interface RunRoutes {
  transport: Transport;
  getRun(signal: AbortSignal): Promise<FunctionRun>;
  /** Stops the run, quietly (it may have ended already). */
  stop(): Promise<void>;
}

/** The start request: its headers (with the key), what it is for messages, where it goes and its body. */
export interface StartRequest {
  headers: Record<string, string>;
  what: string;
  path: string;
  body: { stream: boolean; [field: string]: unknown };
  functionId: string;
  runId?: string;
}

export async function executeRun(routes: RunRoutes, start: StartRequest, o: RunOptions): Promise<RunResult> {
  const { what, functionId, runId } = start;
  const runTimeoutMs = o.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), runTimeoutMs);
  const signal = o.signal ? AbortSignal.any([o.signal, timeout.signal]) : timeout.signal;
  try {
    const response = await routes.transport.send({
      what,
      method: 'POST',
      path: start.path,
      headers: start.headers,
      body: JSON.stringify(start.body),
      signal,
      // Our own timer must fire first, so that a run that outlives its timeout is stopped, not just abandoned.
      timeoutMs: runTimeoutMs + RUN_TIMEOUT_MARGIN_MS,
      streaming: true,
      retry: 'refusedOnly',
      onRetry: o.onRetry,
    });
    if (!start.body.stream || !isEventStream(response)) return normalizeIds(await readFinalAnswer(response, what, functionId, runId));
    const outcome = await readRunStream(response.body, { onLog: o.handlers?.onLog, onSessionStart: o.handlers?.onSessionStart }, signal);
    if (outcome.result) return normalizeIds(outcome.result);
    if (!runId)
      throw new NotteApiError(
        'protocol',
        `${what}: the stream ${outcome.interruption?.replace(/^the stream /, '') ?? 'ended'} and the run id is unknown, so the run cannot be followed.`,
      );
    o.handlers?.onFallback?.(outcome.interruption ?? 'the stream ended without a result');
    return normalizeIds(await followByPolling(routes, outcome.logCount, o.handlers, signal));
  } catch (error) {
    if (timeout.signal.aborted && !o.signal?.aborted) {
      if (runId) await routes.stop();
      const seconds = runTimeoutMs < 10_000 ? Math.round(runTimeoutMs / 100) / 10 : Math.round(runTimeoutMs / 1000);
      throw new NotteApiError('timeout', `The run${runId ? ` ${runId}` : ''} was stopped after ${seconds} s (the run timeout).`);
    }
    if (o.signal?.aborted) {
      const stop = runId !== undefined && (o.stopOnCancel ?? true);
      if (stop) await routes.stop();
      throw new NotteApiError('cancelled', `The run${runId ? ` ${runId}` : ''} was cancelled${stop ? ' and stopped' : ''}.`);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** A non-streamed answer is the final object; if a server streams anyway, it is read as a stream. */
async function readFinalAnswer(response: RawResponse, what: string, functionId: string, runId: string | undefined): Promise<RunResult> {
  const answer = await readJsonSafely(response.body);
  if (!answer || typeof answer !== 'object') throw new NotteApiError('protocol', `${what}: the server's answer was not a JSON object.`);
  if ('detail' in answer) throw new NotteApiError('protocol', `${what}: the server answered an error: ${String((answer as { detail: unknown }).detail)}`);
  const result = normalizeIds(answer as RunResult);
  if (runId && result.function_run_id === undefined) result.function_run_id = runId;
  if (result.function_id === undefined) result.function_id = functionId;
  return result;
}

/** Polls the run until it ends, delivering only the log lines after the first `delivered`. */
async function followByPolling(routes: RunRoutes, delivered: number, handlers: RunHandlers | undefined, signal: AbortSignal): Promise<RunResult> {
  let delay = POLL_MIN_MS;
  let seen = delivered;
  for (;;) {
    if (signal.aborted) throw new NotteApiError('cancelled', 'The run was cancelled.');
    const run = await routes.getRun(signal);
    const logs = run.logs ?? [];
    for (let i = seen; i < logs.length; i++) handlers?.onLog?.(parseLogLine(logs[i]));
    const grew = logs.length > seen;
    seen = Math.max(seen, logs.length);
    if (isTerminalStatus(run.status)) {
      const { function_id, function_run_id, workflow_id, workflow_run_id, result, status } = run;
      return { function_id, function_run_id, workflow_id, workflow_run_id, session_id: run.session_id ?? null, result, status };
    }
    delay = grew ? POLL_MIN_MS : Math.min(POLL_MAX_MS, delay * 2);
    await sleep(delay, signal);
  }
}

function isEventStream(response: RawResponse): boolean {
  const type = response.headers['content-type'];
  return String(Array.isArray(type) ? type[0] : (type ?? '')).includes('text/event-stream');
}
