// Creates, starts, stops and finishes runs: the bridge between the store, the Python processes and
// the clients that listen to a run's log lines.
import { randomUUID } from 'crypto';
import path = require('path');
import type { RunResult } from '../api/types';
import type { FunctionEntry } from './functionRegistry';
import { LogLineFormatter } from '../python/logFormat';

/** The server's own lines in a run's log, told apart from the function's by their place. */
const SERVER_LINES = new LogLineFormatter('local-server');
import { killOrphan, PythonProcess, RunOutcome, startPython } from '../python/runner';
import { InterpreterPaths } from './interpreterPath';
import { LOCAL_SERVER_KEY_ENV } from '../shared/localServerKey';
import { MAX_STORED_LOG_BYTES, MAX_STORED_LOG_LINES, OutputCut, outputCutLine } from './logCaps';
import { missingModuleLines } from './missingModuleLines';
import type { RunLogAppender } from './runLogAppender';
import { RunStore, StoredRun } from './runStore';
import { wireIds } from './wireIds';

/** What a run is started with: the variables, and the same as JSON text, serialized once by the caller (a 422 when it could not be). */
export interface RunInput {
  variables: Record<string, unknown>;
  json: string;
}

export interface RunListener {
  /** One line, and its JSON text (made once: the stream and the log file both use it). */
  onLog(line: string, json: string): void;
  /** The run's function started its (first) browser session. */
  onSession?(sessionId: string): void;
  onEnd(final: RunResult): void;
}

interface LiveRun {
  process?: PythonProcess;
  /** The client that started the run with a stream. */
  listener?: RunListener;
  done: Promise<RunResult>;
  resolve(final: RunResult): void;
  timer?: NodeJS.Timeout;
  /** Where its lines go (its log file, in asynchronous appends). */
  appender?: RunLogAppender;
  /** Lines and bytes of the log lines kept so far. */
  storedLines: number;
  storedBytes: number;
  /** Once the run printed more than it keeps: what was left out since. */
  cut?: OutputCut;
}

export interface RunManagerOptions {
  python: string;
  maxConcurrent: number;
  runTimeoutSeconds: number;
  scratchDir: string;
  /** More environment of a run's process (the server's address and the run's own key). */
  runEnv?(runId: string): Record<string, string>;
  /** A run ended (its browser sessions close): its status, and why it was stopped if it was. */
  onRunEnd?(runId: string, status: string, stopReason?: string | null): void;
  log?(line: string): void;
}

export function finalOf(run: StoredRun): RunResult {
  return { ...wireIds(run.function_id, run.function_run_id), session_id: run.session_id ?? null, result: run.result, status: run.status };
}

export class RunManager {
  private readonly live = new Map<string, LiveRun>();
  private readonly interpreters: InterpreterPaths;

  constructor(
    private readonly store: RunStore,
    private readonly options: RunManagerOptions,
  ) {
    this.interpreters = new InterpreterPaths(options.python);
  }

  /** Marks runs left active by a server that died as failed, and ends their processes if still there. */
  recover(): void {
    const now = new Date().toISOString();
    for (const run of this.store.load()) {
      if (typeof run.pid === 'number') killOrphan(run.pid, run.function_run_id);
      run.status = 'failed';
      run.result = 'The local server stopped while this run was active.';
      run.stop_reason = 'restart';
      run.pid = null;
      run.updated_at = now;
      this.store.saveNow(run);
    }
  }

  get activeCount(): number {
    return this.live.size;
  }

  get maxConcurrent(): number {
    return this.options.maxConcurrent;
  }

  /** Whether one more run may start now. */
  hasCapacity(): boolean {
    return this.activeCount < this.options.maxConcurrent;
  }

  create(functionId: string, local: boolean): StoredRun {
    const now = new Date().toISOString();
    const run: StoredRun = {
      ...wireIds(functionId, randomUUID()),
      created_at: now,
      updated_at: now,
      status: 'created',
      session_id: null,
      logs: [],
      variables: {},
      result: null,
      local,
    };
    this.store.add(run);
    return run;
  }

  /**
   * Starts a created run. The caller checked capacity in the same tick; the listener gets every line.
   * The run is registered (counted against the limit, stored active) only once its process started
   * and its timeout is set; when the process cannot start, the run ends failed with the reason and
   * takes no slot. Answers the final object once the run has ended.
   */
  start(run: StoredRun, entry: FunctionEntry, input: RunInput, listener?: RunListener): Promise<RunResult> {
    let resolve!: (final: RunResult) => void;
    const done = new Promise<RunResult>((r) => (resolve = r));
    const live: LiveRun = { listener, done, resolve, storedLines: 0, storedBytes: 0 };
    const id = run.function_run_id;
    const lines = new LogLineFormatter(`${path.basename(entry.file).replace(/\.py$/i, '')}:run`);
    const proc = startPython({
      python: this.interpreters.pathFor(path.dirname(entry.file)),
      file: entry.file,
      cwd: path.dirname(entry.file),
      variables: input.variables,
      variablesJson: input.json,
      runId: id,
      resultFile: path.join(this.options.scratchDir, `${id}.result.json`),
      // The server's own key variable is gone from its environment already (main.ts); this keeps it so for in-process servers too.
      env: { NOTTE_FUNCTION_ID: run.function_id, NOTTE_FUNCTION_RUN_ID: id, ...this.options.runEnv?.(id), [LOCAL_SERVER_KEY_ENV]: undefined },
      onLine: (level, text) => this.addLog(live, lines.format(level, text)),
    });
    const now = new Date().toISOString();
    run.variables = input.variables;
    run.updated_at = now;
    run.version = entry.meta.latest_version;
    if (proc.pid === undefined) {
      // Never registered: `done` says why it did not start (a later tick, so a stream's listener is set up first).
      void proc.done.then((outcome) => this.finish(run, live, outcome)).catch((error) => this.logError(`ending run ${id}`, error));
      return done;
    }
    live.process = proc;
    live.appender = this.store.startAppending(run);
    live.timer = setTimeout(() => this.guarded(`the timeout of run ${id}`, () => proc.kill('timeout')), this.options.runTimeoutSeconds * 1000);
    live.timer.unref();
    this.live.set(id, live);
    run.status = 'active';
    run.pid = proc.pid;
    this.store.saveNow(run);
    this.options.log?.(`run ${id} of ${run.function_id} started`);
    void proc.done.then((outcome) => this.finish(run, live, outcome)).catch((error) => this.logError(`ending run ${id}`, error));
    return done;
  }

  /** A run's function started a browser session: the first one is the run's session_id, and its stream says so. */
  attachSession(runId: string, sessionId: string): void {
    const run = this.store.get(runId);
    if (!run || run.session_id) return;
    run.session_id = sessionId;
    this.store.saveNow(run);
    try {
      this.live.get(runId)?.listener?.onSession?.(sessionId);
    } catch {
      // A broken listener must not stop the run.
    }
  }

  /**
   * A run's browser session ended on its own (its browser crashed, it timed out): a warning in the run's
   * log says so, where the function's own failure on its next call (a 404 of the closed session) shows.
   */
  sessionLost(runId: string, sessionId: string, reason: string): void {
    const live = this.live.get(runId);
    if (live) this.addLog(live, SERVER_LINES.format('WARNING', `The browser session ${sessionId} was closed: ${reason}`));
  }

  /** Runs a timer's work: an error is logged, never thrown out of the timer (it would end the process). */
  private guarded(what: string, work: () => void): void {
    try {
      work();
    } catch (error) {
      this.logError(what, error);
    }
  }

  private logError(what: string, error: unknown): void {
    this.options.log?.(`error in ${what}: ${(error as Error)?.stack ?? error}`);
  }

  isLive(runId: string): boolean {
    return this.live.has(runId);
  }

  /** Stops a run: its process tree ends at once; a created run is closed without starting. */
  async stop(run: StoredRun, reason: 'user' | 'timeout' | 'shutdown'): Promise<void> {
    const live = this.live.get(run.function_run_id);
    if (live) {
      live.process?.kill(reason);
      await live.done;
      return;
    }
    if (run.status === 'created' || run.status === 'active') {
      run.status = 'failed';
      run.result = reason === 'user' ? 'The run was stopped before it started.' : 'The run was stopped.';
      run.stop_reason = reason;
      run.updated_at = new Date().toISOString();
      this.store.saveNow(run);
    }
  }

  async stopAll(reason: 'shutdown'): Promise<void> {
    const runs = [...this.live.keys()].map((id) => this.store.get(id)).filter((r): r is StoredRun => r !== undefined);
    await Promise.all(runs.map((run) => this.stop(run, reason)));
  }

  /**
   * Keeps a line (up to the run's caps, logCaps.ts) and hands it to the stream, which gets every line.
   * The line is encoded once (its JSON text) for both. A line printed before the process was known to
   * have started (none in practice) only goes to the stream.
   */
  private addLog(live: LiveRun, line: string): void {
    const json = JSON.stringify(line);
    const bytes = Buffer.byteLength(line);
    if (live.cut) {
      live.cut.add(json, bytes);
    } else if (live.storedLines >= MAX_STORED_LOG_LINES || live.storedBytes + bytes > MAX_STORED_LOG_BYTES) {
      live.cut = new OutputCut();
      live.cut.add(json, bytes);
      if (live.appender) live.appender.trailer = outputCutLine();
    } else {
      live.appender?.append(json);
      live.storedLines++;
      live.storedBytes += bytes;
    }
    try {
      live.listener?.onLog(line, json);
    } catch {
      // A broken listener must not stop the run.
    }
  }

  private finish(run: StoredRun, live: LiveRun, outcome: RunOutcome): void {
    if (live.timer) clearTimeout(live.timer);
    switch (outcome.kind) {
      case 'result':
        run.status = 'closed';
        run.result = outcome.result;
        break;
      case 'error':
      case 'crashed':
        run.status = 'failed';
        run.result = outcome.error;
        for (const hint of missingModuleLines(this.options.python, outcome.error)) this.addLog(live, hint);
        break;
      case 'killed':
        run.status = 'failed';
        run.stop_reason = outcome.reason;
        run.result =
          outcome.reason === 'timeout'
            ? `The run took longer than ${this.options.runTimeoutSeconds} s and was stopped.`
            : outcome.reason === 'shutdown'
              ? 'The run was stopped because the local server shut down.'
              : 'The run was stopped by the user.';
        break;
    }
    if (live.cut && live.appender) {
      // The cut line now says how much was left out, and the run's last lines follow it.
      live.appender.trailer = undefined;
      for (const json of live.cut.closingLines()) live.appender.append(json);
    }
    run.pid = null;
    run.updated_at = new Date().toISOString();
    this.live.delete(run.function_run_id);
    this.options.log?.(`run ${run.function_run_id} of ${run.function_id} ended: ${run.status}`);
    const final = finalOf(run);
    // First, so that whoever learns of the end finds the run's sessions closed already (their replays being written).
    this.options.onRunEnd?.(run.function_run_id, run.status, run.stop_reason);
    try {
      live.listener?.onEnd(final);
    } catch {
      // Ignored, as above.
    }
    live.resolve(final);
    // Written just after the client has its answer; close() still waits for both.
    void this.store.endAppending(run);
    this.store.saveSoon(run, 0);
  }
}
