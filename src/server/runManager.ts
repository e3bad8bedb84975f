// Creates, starts, stops and finishes runs: the bridge between the store, the Python processes and
// the clients that listen to a run's log lines.
import { randomUUID } from 'crypto';
import path = require('path');
import type { RunResult } from '../api/types';
import type { FunctionEntry } from './functionRegistry';
import { formatLogLine, LogLineFormatter } from '../python/logFormat';
import { killOrphan, PythonProcess, RunOutcome, startPython } from '../python/runner';
import { InterpreterPaths } from './interpreterPath';
import { RunStore, StoredRun } from './runStore';
import { wireIds } from './wireIds';

/** More stored log lines than this are dropped (with one line saying so); streams still get every line. */
export const MAX_STORED_LOG_LINES = 200_000;

export interface RunListener {
  onLog(line: string): void;
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
}

export interface RunManagerOptions {
  python: string;
  maxConcurrent: number;
  runTimeoutSeconds: number;
  scratchDir: string;
  /** More environment of a run's process (the server's address and the run's own key). */
  runEnv?(runId: string): Record<string, string>;
  /** A run ended (its browser sessions close). */
  onRunEnd?(runId: string, status: string): void;
  log?(line: string): void;
}

export function finalOf(run: StoredRun): RunResult {
  return { ...wireIds(run.function_id, run.function_run_id), session_id: run.session_id ?? null, result: run.result, status: run.status };
}

/** The wire shape of a stored run (without what the server keeps for itself). */
export function publicRun(run: StoredRun): Record<string, unknown> {
  const { pid: _pid, ...rest } = run;
  void _pid;
  return { ...rest, ...wireIds(run.function_id, run.function_run_id) };
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
   * Answers the final object once the run has ended.
   */
  start(run: StoredRun, entry: FunctionEntry, variables: Record<string, unknown>, listener?: RunListener): Promise<RunResult> {
    let resolve!: (final: RunResult) => void;
    const done = new Promise<RunResult>((r) => (resolve = r));
    const live: LiveRun = { listener, done, resolve };
    this.live.set(run.function_run_id, live);
    const now = new Date().toISOString();
    run.status = 'active';
    run.variables = variables;
    run.updated_at = now;
    run.version = entry.meta.latest_version;
    const lines = new LogLineFormatter(`${path.basename(entry.file).replace(/\.py$/i, '')}:run`);
    const proc = startPython({
      python: this.interpreters.pathFor(path.dirname(entry.file)),
      file: entry.file,
      cwd: path.dirname(entry.file),
      variables,
      runId: run.function_run_id,
      resultFile: path.join(this.options.scratchDir, `${run.function_run_id}.result.json`),
      env: { NOTTE_FUNCTION_ID: run.function_id, NOTTE_FUNCTION_RUN_ID: run.function_run_id, ...this.options.runEnv?.(run.function_run_id) },
      onLine: (level, text) => this.addLog(run, live, lines.format(level, text)),
    });
    live.process = proc;
    run.pid = proc.pid ?? null;
    this.store.saveNow(run);
    this.options.log?.(`run ${run.function_run_id} of ${run.function_id} started`);
    live.timer = setTimeout(() => proc.kill('timeout'), this.options.runTimeoutSeconds * 1000);
    live.timer.unref();
    void proc.done.then((outcome) => this.finish(run, live, outcome));
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

  private addLog(run: StoredRun, live: LiveRun, line: string): void {
    if (run.logs.length < MAX_STORED_LOG_LINES) run.logs.push(line);
    else if (run.logs.length === MAX_STORED_LOG_LINES) run.logs.push(formatLogLine('WARNING', 'server', `More than ${MAX_STORED_LOG_LINES} lines: the rest is not kept.`));
    this.store.saveSoon(run);
    try {
      live.listener?.onLog(line);
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
    run.pid = null;
    run.updated_at = new Date().toISOString();
    this.live.delete(run.function_run_id);
    this.options.log?.(`run ${run.function_run_id} of ${run.function_id} ended: ${run.status}`);
    const final = finalOf(run);
    try {
      live.listener?.onEnd(final);
    } catch {
      // Ignored, as above.
    }
    live.resolve(final);
    this.options.onRunEnd?.(run.function_run_id, run.status);
    // Written just after the client has its answer (a run of 100,000 lines is a 16 MB file); close() still waits for it.
    this.store.saveSoon(run, 0);
  }
}
