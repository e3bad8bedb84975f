// Runs kept under <data>/runs, so the history survives a restart: a JSON file per run (its fields) and
// its log lines beside it. A live run's lines go there as they come, in asynchronous appends
// (runLogAppender.ts), never kept in memory; lines given whole (a PATCH) are written at once
// (runLogFile.ts). A run file is written when its fields change. A run file of an earlier version, with
// its lines inside, is still read.
import fs = require('fs');
import path = require('path');
import { FunctionRun, isTerminalStatus } from '../api/types';
import { makePrivateDir } from './dataFolder';
import { readJsonFile, writeJsonFileAtomic } from './jsonFile';
import { RunLogAppender } from './runLogAppender';
import { readRunLogFile, RunLogFiles } from './runLogFile';

/** A run as stored: the wire fields plus a few the server keeps for itself. */
export interface StoredRun extends FunctionRun {
  /** Version of the code the run used. */
  version?: string | null;
  /** Why a run was ended by the server: user, timeout, shutdown or restart. */
  stop_reason?: string | null;
  /** When the run started (with simulated sessions only: the replay's duration). */
  started_at?: string | null;
  /** Process id of the running harness (not sent to clients). */
  pid?: number | null;
}

const SAVE_DELAY_MS = 1000;
/** A run is written again at most once per this many times its last write took (a slow disk stays a small share of the time). */
const SAVE_COST_FACTOR = 20;
/** Ended runs with more log lines than this keep them on disk only, read back when asked for. */
export const IN_MEMORY_LOG_LINES = 1000;
/** ...and so do ended runs whose lines are longer than this, in characters (what the strings cost V8: one or two bytes each). */
export const IN_MEMORY_LOG_CHARS = 1024 * 1024;
/** A run that could not be written (a full disk) is tried again after this long. */
const RETRY_WRITE_MS = 5000;

export class RunStore {
  private readonly runs = new Map<string, StoredRun>();
  /** Runs of each function, oldest first. */
  private readonly byFunction = new Map<string, StoredRun[]>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Runs whose logs were let go from memory (their file has them). */
  private readonly evicted = new Set<string>();
  /** How long the last write of each run took (ms). */
  private readonly writeMs = new Map<string, number>();
  private readonly logFiles = new RunLogFiles();
  private readonly dir: string;
  /** Runs whose last write failed (said once in the log, until one succeeds). */
  private readonly failing = new Set<string>();
  /** Live runs' lines on their way to their log files, until each is closed. */
  private readonly appending = new Map<string, RunLogAppender>();
  private readonly closingAppenders = new Set<Promise<void>>();
  private closed = false;

  constructor(
    dataDir: string,
    private readonly log?: (line: string) => void,
  ) {
    this.dir = path.join(dataDir, 'runs');
    makePrivateDir(this.dir);
  }

  /** Reads every stored run; answers the runs that were active when the server last stopped. */
  load(): StoredRun[] {
    const loaded: StoredRun[] = [];
    for (const name of fs.readdirSync(this.dir)) {
      if (!name.endsWith('.json')) continue;
      const run = readJsonFile<StoredRun>(path.join(this.dir, name));
      if (run && typeof run.function_run_id === 'string' && typeof run.function_id === 'string') loaded.push(run);
    }
    loaded.sort((a, b) => (a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0));
    for (const run of loaded) {
      this.index(run);
      if (Array.isArray(run.logs)) {
        this.evictIfLarge(run);
      } else if (isTerminalStatus(run.status)) {
        // Its lines are in its log file, read when asked for.
        run.logs = [];
        this.evicted.add(run.function_run_id);
      } else {
        // A run that may still change (a created run started after the restart, an active one about
        // to be marked failed) has its lines in memory, appended to from there, as before the restart.
        const file = this.logFileOf(run);
        const lines = readRunLogFile(file);
        run.logs = lines ?? [];
        if (lines) this.logFiles.adopt(file, run.logs);
      }
    }
    return loaded.filter((run) => run.status === 'active');
  }

  /** The run with its logs (read back from its file when they were let go from memory). */
  withLogs(run: StoredRun): StoredRun {
    const appender = this.appending.get(run.function_run_id);
    if (appender) return { ...run, logs: appender.lines() };
    if (!this.evicted.has(run.function_run_id)) return run;
    return { ...run, logs: this.logsOnDisk(run) };
  }

  /**
   * A run about to log as it goes: its lines go to its log file in asynchronous appends, from after
   * what the file holds (the lines it was given before, if any), and are never kept in memory.
   */
  startAppending(run: StoredRun): RunLogAppender {
    const id = run.function_run_id;
    const file = this.logFileOf(run);
    if (!this.evicted.has(id) && run.logs.length > 0) this.logFiles.write(file, run.logs);
    this.logFiles.forget(file);
    run.logs = [];
    this.evicted.add(id);
    const appender = new RunLogAppender(file, this.log);
    this.appending.set(id, appender);
    return appender;
  }

  /** The run's lines are all given: they are written, then its log file is read like any ended run's. */
  endAppending(run: StoredRun): Promise<void> {
    const id = run.function_run_id;
    const appender = this.appending.get(id);
    if (!appender) return Promise.resolve();
    const closing = appender.close().then(() => {
      this.appending.delete(id);
      this.closingAppenders.delete(closing);
    });
    this.closingAppenders.add(closing);
    return closing;
  }

  /** Brings the logs back into memory before the run is changed (a live run's stay where they go). */
  hydrate(run: StoredRun): StoredRun {
    if (this.evicted.has(run.function_run_id) && !this.appending.has(run.function_run_id)) {
      const fromLogFile = readRunLogFile(this.logFileOf(run));
      run.logs = fromLogFile ?? this.linesInRunFile(run);
      if (fromLogFile) this.logFiles.adopt(this.logFileOf(run), run.logs);
      this.evicted.delete(run.function_run_id);
    }
    return run;
  }

  private logsOnDisk(run: StoredRun): string[] {
    return readRunLogFile(this.logFileOf(run)) ?? this.linesInRunFile(run);
  }

  /** The lines inside a run file written by an earlier version (none in the files of this one). */
  private linesInRunFile(run: StoredRun): string[] {
    const stored = readJsonFile<StoredRun>(this.fileOf(run));
    return Array.isArray(stored?.logs) ? stored.logs : [];
  }

  /** An evicted run of an earlier version's file, about to be written without its lines: they move to its log file first. */
  private moveLinesOutOfRunFile(run: StoredRun): void {
    const file = this.logFileOf(run);
    this.logFiles.write(file, this.linesInRunFile(run));
    this.logFiles.forget(file);
  }

  private evictIfLarge(run: StoredRun): void {
    if (!isTerminalStatus(run.status) || this.timers.has(run.function_run_id)) return;
    if (run.logs.length > IN_MEMORY_LOG_LINES || logChars(run.logs) > IN_MEMORY_LOG_CHARS) {
      run.logs = [];
      this.evicted.add(run.function_run_id);
      this.logFiles.forget(this.logFileOf(run));
    }
  }

  private fileOf(run: StoredRun): string {
    return path.join(this.dir, `${run.function_run_id}.json`);
  }

  private logFileOf(run: StoredRun): string {
    return path.join(this.dir, `${run.function_run_id}.log`);
  }

  get(runId: string): StoredRun | undefined {
    return this.runs.get(runId);
  }

  /** The run holding a session id (a scan: sessions are looked up one at a time, by hand). */
  findBySession(sessionId: string): StoredRun | undefined {
    for (const run of this.runs.values()) if (run.session_id === sessionId) return run;
    return undefined;
  }

  /** Runs of one function, newest first. */
  listForFunction(functionId: string): StoredRun[] {
    return [...(this.byFunction.get(functionId) ?? [])].reverse();
  }

  add(run: StoredRun): void {
    this.index(run);
    this.saveNow(run);
  }

  private index(run: StoredRun): void {
    if (this.runs.has(run.function_run_id)) return;
    this.runs.set(run.function_run_id, run);
    const list = this.byFunction.get(run.function_id);
    if (list) list.push(run);
    else this.byFunction.set(run.function_id, [run]);
  }

  /**
   * Writes the run soon, coalescing many changes into one write: after `delayMs` when given (a write
   * already pending is brought forward), else after a second or more for runs whose writes are slow.
   */
  saveSoon(run: StoredRun, delayMs?: number): void {
    const id = run.function_run_id;
    const pending = this.timers.get(id);
    if (pending && delayMs === undefined) return;
    if (pending) clearTimeout(pending);
    const timer = setTimeout(
      () => {
        this.timers.delete(id);
        try {
          this.write(run);
        } catch (error) {
          // A timer's error would end the process: logged instead, the run stays in memory.
          this.log?.(`error while keeping run ${id}: ${(error as Error)?.stack ?? error}`);
        }
      },
      delayMs ?? Math.max(SAVE_DELAY_MS, SAVE_COST_FACTOR * (this.writeMs.get(id) ?? 0)),
    );
    timer.unref();
    this.timers.set(id, timer);
  }

  saveNow(run: StoredRun): void {
    const timer = this.timers.get(run.function_run_id);
    if (timer) {
      clearTimeout(timer);
      this.timers.delete(run.function_run_id);
    }
    this.write(run);
  }

  /** Writes every pending change (live runs' lines included), and stops trying again writes that failed (the server is closing). */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.appending.values()].map((appender) => appender.close()));
    await Promise.all([...this.closingAppenders]);
    this.flush();
  }

  /** Writes every pending change. */
  flush(): void {
    for (const [id, timer] of [...this.timers]) {
      clearTimeout(timer);
      this.timers.delete(id);
      const run = this.runs.get(id);
      if (run) this.write(run);
    }
  }

  private write(run: StoredRun): void {
    const id = run.function_run_id;
    const evicted = this.evicted.has(id);
    const started = performance.now();
    try {
      // Lines first: a run file never names lines its log file does not have yet. An evicted run's file has them all.
      if (!evicted) this.logFiles.write(this.logFileOf(run), run.logs);
      else if (!this.appending.has(id) && !fs.existsSync(this.logFileOf(run))) this.moveLinesOutOfRunFile(run);
      writeJsonFileAtomic(this.fileOf(run), { ...run, logs: undefined });
    } catch (error) {
      this.writeFailed(run, error);
      return;
    }
    if (this.failing.delete(id)) this.log?.(`run ${id} is kept on disk again`);
    if (isTerminalStatus(run.status)) this.writeMs.delete(id);
    else this.writeMs.set(id, performance.now() - started);
    if (!evicted) this.evictIfLarge(run);
  }

  /**
   * A full disk (or a folder gone) must not take the server down, nor lose the run: it stays whole in
   * memory, its log file is written anew at the next try (RunLogFiles forgot what the failed append
   * left), which comes a few seconds later. Said once in the log, until a write succeeds.
   */
  private writeFailed(run: StoredRun, error: unknown): void {
    const id = run.function_run_id;
    if (!this.failing.has(id)) {
      this.failing.add(id);
      this.log?.(`could not keep run ${id} on disk (it stays in memory; tried again every ${RETRY_WRITE_MS / 1000} s): ${(error as Error)?.message ?? error}`);
    }
    if (!this.closed && !this.timers.has(id)) this.saveSoon(run, RETRY_WRITE_MS);
  }
}

function logChars(lines: readonly string[]): number {
  let chars = 0;
  for (const line of lines) chars += line.length;
  return chars;
}
