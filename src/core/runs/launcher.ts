// The one run launcher of the window (`ctx.launcher`): every run the editor starts goes through it,
// whatever runs it — the profile's server (Notte's cloud or the local server) through the API module,
// this machine's Python (Run Locally, Run File Locally), or a debug session. It writes the run's
// header in the Output channel, keeps the end of its logs (where a traceback is), gives code that runs
// here the environment the SDK reads, and tells `onDidFinishRun` how each run ended.
import vscode = require('vscode');
import { isNotteApiError, LogLine, RetryInfo } from '../../api';
import type { RunResult } from '../../api/types';
import { FinishedRun, FinishedStatus } from '../../shared/finishedRun';
import { formatResult } from '../../shared/resultText';
import { parseMissingModuleMessage } from '../../shared/traceback';
import { runTitle } from '../../shared/runs';
import { isLoopbackUrl } from '../../shared/loopback';
import { clockTime } from '../../shared/time';
import type { Config } from '../config';
import type { Connection } from '../connection';
import type { FunctionsModel } from '../functions/functionsModel';
import type { RunOutput } from '../runOutput';
import { describeError } from '../ui/errorText';
import type { ActiveRuns } from './activeRuns';
import { LocalRunEnd, LocalRunRequest, LocalRunOutcome, runOnThisMachine, ServerRunRef } from './localLaunch';
import { within } from '../../api/wait';
import { RunRecord } from './runRecord';
import { refreshRunInTree } from './runRefresh';
import type { StoppedRuns } from './stoppedRuns';

export { RunRecord };

/** What the launcher uses of the window's services (the window context has them all). */
export interface LaunchServices {
  readonly config: Config;
  readonly output: RunOutput;
  readonly connection: Connection;
  readonly activeRuns: ActiveRuns;
  readonly stoppedRuns: StoppedRuns;
  readonly functions: FunctionsModel;
}

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
  /** The run is stopped after this long (default: the notte.runTimeoutSeconds setting). */
  runTimeoutMs?: number;
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
  /** What the run's Python could not import and the command that installs it, when the local server's own line says so. */
  installHint?: { text: string; command: string };
}

/** How long a local run's end waits for the server to record it. */
const RECORD_WAIT_MS = 10_000;

export class RunLauncher implements vscode.Disposable {
  private readonly finished = new vscode.EventEmitter<FinishedRun>();
  /** Every run this window started, once it ended (however it ended). */
  readonly onDidFinishRun = this.finished.event;

  constructor(private readonly ctx: LaunchServices) {}

  /** A record for a run of `functionName` on `place`: its Output log, marked "<marker>" on every line. */
  record(functionName: string, marker: string): RunRecord {
    return new RunRecord(this.ctx.output.startRun(functionName, marker), (run) => this.fire(run));
  }

  /**
   * The environment of code that runs on this machine (Run Locally, Debug): the SDK inside the
   * function reaches the same server as the extension, with its key, as the SDK's own local runs do.
   * A run the local server knows (`run`, created with {local: true}) gets that run's own key instead:
   * the browser sessions it starts are then the run's (shown on its page, closed when it ends).
   */
  async environment(run?: { functionId: string; runId: string }): Promise<Record<string, string>> {
    const baseUrl = this.ctx.connection.baseUrl;
    const own = run && isLoopbackUrl(baseUrl) ? await this.runKey(run.functionId, run.runId) : undefined;
    if (own) return { NOTTE_API_URL: baseUrl, NOTTE_API_KEY: own };
    const env: Record<string, string> = { NOTTE_API_URL: baseUrl };
    const key = await this.ctx.connection.apiKey();
    if (key) env.NOTTE_API_KEY = key;
    return env;
  }

  /** The local server's key of one run; undefined from a server without the route (the user's key serves then). */
  private async runKey(functionId: string, runId: string): Promise<string | undefined> {
    try {
      return (await this.ctx.connection.client().runKey(functionId, runId)).api_key || undefined;
    } catch (error) {
      this.ctx.output.line(`Run ${runId} runs with your key: the server gave no key of its own for it (${describeError(error)}).`, 'warning');
      return undefined;
    }
  }

  /** A run of the function's code on this machine's Python (see localLaunch.ts). */
  launchLocal(request: LocalRunRequest): Promise<LocalRunOutcome> {
    const { config, output, connection } = this.ctx;
    return runOnThisMachine({ config, output, apiKey: () => connection.apiKey(), recordOnServer: (run, end) => this.recordOnServer(run, end) }, this, request);
  }

  /**
   * A run on this machine (Run Locally, Debug) reported on its run on the server it was created on (its
   * `client`: another profile may be in use by now), as the SDK's local runs are. A failure is told, not
   * thrown; a server slow to answer holds the run's end a few seconds at most (the report goes on meanwhile).
   */
  async recordOnServer(run: ServerRunRef, end: LocalRunEnd): Promise<void> {
    const recorded = run.client
      .updateRun(run.functionId, run.runId, { ...end, session_id: null })
      .catch((error: unknown) => this.ctx.output.error(`The run finished here but could not be recorded on run ${run.runId}: ${describeError(error)}`))
      .finally(() => this.ctx.functions.refreshRuns(run.functionId));
    await within(recorded, RECORD_WAIT_MS, undefined);
  }

  /**
   * A run on the profile's server, streamed into the Output channel, the tree and the status bar.
   * It never throws: the outcome says how the run ended.
   */
  // eslint-disable-next-line max-lines-per-function -- one run's life (tracked, announced, streamed, retried, ended) reads in the order it happens
  async launch(request: LaunchRequest): Promise<LaunchOutcome> {
    const { ctx } = this;
    ctx.output.setSecrets([await ctx.connection.apiKey()]);
    const controller = new AbortController();
    const abort = () => controller.abort();
    request.signal?.addEventListener('abort', abort);
    if (request.signal?.aborted) controller.abort();

    const record = this.record(request.functionName, request.marker ?? `${request.functionName} ${clockTime(new Date())}`);
    const { log } = record;
    const title = runTitle(request.functionName, record.startedAt, record.startedAt);
    let runId = request.runId;
    let logCount = 0;
    /** The last line the server itself wrote into the run (the local server's "server" lines). */
    let lastServerLine: string | undefined;
    const tracking = ctx.activeRuns.add({
      functionId: request.functionId,
      functionName: request.functionName,
      startedAt: record.startedAt,
      baseUrl: ctx.connection.baseUrl,
      get runId() {
        return runId;
      },
      cancel: abort,
    });

    record.open(`started on ${ctx.connection.label}`, request.variables);
    let announced: string | undefined;
    const announceRun = (id: string) => {
      // A run created before it starts (a batch's, a test's) is told again by the stream: once is enough.
      if (announced === id) return;
      announced = id;
      runId = id;
      log.info(`Run ${id} started`);
      request.onRunId?.(id);
      ctx.functions.refreshRuns(request.functionId);
    };
    if (runId) announceRun(runId);

    const options = {
      stream: true,
      handlers: {
        onCreated: (created: { function_run_id: string }) => announceRun(created.function_run_id),
        onLog: (line: LogLine) => {
          logCount++;
          record.line(line);
          if (line.location === 'server') lastServerLine = line.text;
          request.onLog?.(logCount, line.text);
          request.onLine?.(line);
        },
        onSessionStart: (sessionId: string) => {
          log.info(`Browser session ${sessionId} started`);
          request.onSessionStart?.(sessionId);
        },
        onFallback: (reason: string) => log.warn(`The run's stream was cut: ${reason}; following the run by polling, no line will be lost.`),
      },
      signal: controller.signal,
      runTimeoutMs: request.runTimeoutMs ?? ctx.config.runTimeoutSeconds * 1000,
      stopOnCancel: true,
      onRetry: (info: RetryInfo) => {
        const why = info.error.kind === 'rate_limited' ? 'Rate limited by the server' : 'The server did not answer';
        const message = `${why}; retrying in ${Math.max(1, Math.round(info.delayMs / 1000))} s (attempt ${info.attempt + 1}).`;
        log.warn(message);
        request.onRetry?.(message);
      },
    };

    const ended = (outcome: Omit<LaunchOutcome, 'title' | 'logFile' | 'folded'>, status: FinishedStatus, errorText?: string): LaunchOutcome => {
      record.finish({ place: 'server', status, functionId: request.functionId, runId: outcome.runId }, errorText);
      return { ...outcome, title, logFile: log.logFile, folded: log.folded };
    };
    try {
      const client = ctx.connection.client();
      const result = runId
        ? await client.startCreatedRun(request.functionId, runId, request.variables, options)
        : await client.runFunction(request.functionId, request.variables, options);
      runId = result.function_run_id ?? runId;
      // A run this window stopped ends as "failed" on some servers: it is still reported as stopped.
      const stopped = ctx.stoppedRuns.reason(runId);
      if (stopped) {
        log.end(stoppedText(stopped, record.took()), 'warning');
        return ended({ runId, result, cancelled: true, stopped }, 'stopped');
      }
      if (result.status === 'failed') {
        log.end(`failed after ${record.took()}`, 'error');
        log.block('Error:', formatResult(result.result), 'error');
        // The local server ends a run that failed on an import with its own line saying what to install
        // (only its: any other line, or a remote server's, could name any command to copy).
        const installHint = lastServerLine && isLoopbackUrl(ctx.connection.baseUrl) ? parseMissingModuleMessage(lastServerLine) : undefined;
        return ended({ runId, result, cancelled: false, installHint }, 'failed', formatResult(result.result));
      }
      log.end(`${result.status} after ${record.took()}`);
      log.block('Result:', formatResult(result.result));
      return ended({ runId, result, cancelled: false }, 'closed');
    } catch (error) {
      const reason = stopReasonOf(error);
      if (reason && runId) ctx.stoppedRuns.mark(runId, reason);
      const stopped = ctx.stoppedRuns.reason(runId) ?? reason;
      if (stopped) {
        log.end(stoppedText(stopped, record.took()), 'warning');
        return ended({ runId, error, cancelled: true, stopped }, 'stopped');
      }
      log.end(`could not finish, after ${record.took()}`, 'error');
      log.block('Error:', describeError(error), 'error');
      return ended({ runId, error, cancelled: false }, 'error');
    } finally {
      request.signal?.removeEventListener('abort', abort);
      // Whatever happened, show the run's real state: no run stays shown as active when it is not.
      // Started while the run is still followed, so the view's poller does not ask for it as well.
      const id = runId;
      if (id) void ctx.activeRuns.whileFetchingEnd(id, () => refreshRunInTree(ctx, request.functionId, id));
      tracking.dispose();
      // Its last lines go with the channel's next append (at most a quarter of a second away).
      await log.close();
    }
  }

  private fire(run: FinishedRun): void {
    try {
      this.finished.fire(run);
    } catch (error) {
      // A listener that fails (a traceback it cannot read) must not break the run that produced it.
      console.error('Notte: a listener of finished runs failed', error);
    }
  }

  dispose(): void {
    this.finished.dispose();
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
