// One run = one `python3 -u` process running the harness, in its own process group so that a stop
// ends the function and everything it started. Output lines arrive in order with their level; the
// outcome is read from a result file the harness writes.
import { ChildProcess, spawn, spawnSync } from 'child_process';
import fs = require('fs');
import { LineSplitter, LogLevel, decodeLine, stderrLevel } from './logFormat';
import { HARNESS_SOURCE, LEVEL_MARK } from './pythonScripts';
import { killTaggedProcesses, RUN_TAG_ENV } from './runTag';
import { howProcessEnded } from '../shared/processEnd';

export interface PythonRunOptions {
  python: string;
  file: string;
  cwd: string;
  variables: Record<string, unknown>;
  /** The variables as JSON text, when the caller serialized them already (the server does, before it registers the run). */
  variablesJson?: string;
  runId: string;
  resultFile: string;
  env?: NodeJS.ProcessEnv;
  onLine(level: LogLevel, text: string): void;
}

export type RunOutcome = { kind: 'result'; result: string | null } | { kind: 'error'; error: string } | { kind: 'killed'; reason: string } | { kind: 'crashed'; error: string };

export interface PythonProcess {
  readonly pid: number | undefined;
  /** Settles once the process has ended and its output has been read. */
  readonly done: Promise<RunOutcome>;
  /** Ends the process tree at once; `done` then answers `killed` with this reason. */
  kill(reason: string): void;
}

const LEVELS: Record<number, LogLevel> = { 0x4f: 'INFO', 0x57: 'WARNING', 0x45: 'ERROR' };

export function startPython(options: PythonRunOptions): PythonProcess {
  let killedReason: string | undefined;
  let child: ChildProcess;
  // Serialized before the process starts: a harness must never wait on a stdin that will not come.
  let input: string;
  try {
    input = options.variablesJson ?? JSON.stringify(options.variables);
  } catch (error) {
    return notStarted(`The variables cannot be sent to Python as JSON: ${(error as Error).message}`);
  }
  try {
    fs.rmSync(options.resultFile, { force: true });
    child = spawn(options.python, ['-u', '-X', 'utf8', '-c', HARNESS_SOURCE, options.file, options.resultFile, options.runId], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env, PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8', [RUN_TAG_ENV]: options.runId },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: process.platform !== 'win32',
      windowsHide: true,
    });
  } catch (error) {
    return notStarted(`Could not start ${options.python}: ${(error as Error).message}`);
  }

  const lines = readLines(child, options.onLine);
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(input);

  const done = new Promise<RunOutcome>((resolve) => {
    onEnd(child, (spawnError, exitCode, exitSignal) => {
      lines.end();
      // Whatever the function left behind in its process group goes with it.
      killTree(child, 'SIGKILL');
      if (spawnError) resolve({ kind: 'crashed', error: `Could not start ${options.python}: ${spawnError.message}` });
      else resolve(readOutcome(options.resultFile, killedReason, howProcessEnded(exitCode, exitSignal)));
    });
  });

  return {
    get pid() {
      return child.pid;
    },
    done,
    kill(reason: string) {
      if (killedReason === undefined) killedReason = reason;
      killTree(child, 'SIGKILL');
      // A stop ends what the function started outside its group too (runTag.ts); a run that ends by itself leaves them, as a script run by hand would.
      void killTaggedProcesses(options.runId);
    },
  };
}

/** A run whose process never started: no pid, and `done` answers why. */
function notStarted(error: string): PythonProcess {
  return { pid: undefined, done: Promise.resolve({ kind: 'crashed', error }), kill: () => undefined };
}

/**
 * Calls `ended` once the process has ended and its pipes were read (or could not start). Output still in
 * the pipes is read before 'close'; a grandchild holding them open must not keep us waiting.
 */
function onEnd(child: ChildProcess, ended: (error: Error | undefined, code: number | null, signal: NodeJS.Signals | null) => void): void {
  let called = false;
  let code: number | null = null;
  let signal: NodeJS.Signals | null = null;
  const end = (error?: Error) => {
    if (called) return;
    called = true;
    ended(error, code, signal);
  };
  child.on('error', (error) => end(error));
  child.on('exit', (exitCode, exitSignal) => {
    code = exitCode;
    signal = exitSignal;
    setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
      end();
    }, 2000).unref();
  });
  child.on('close', () => end());
}

/** Reads the harness's lines with their level (stdout carries them all; stderr only what Python itself writes there). */
function readLines(child: ChildProcess, onLine: PythonRunOptions['onLine']): { end(): void } {
  const stdout = new LineSplitter((line) => {
    const level = line.length >= 2 && line[0] === LEVEL_MARK ? LEVELS[line[1]] : undefined;
    if (!level) return onLine('INFO', decodeLine(line));
    const text = decodeLine(line.subarray(2));
    onLine(level === 'WARNING' ? stderrLevel(text) : level, text);
  });
  const stderr = new LineSplitter((line) => onLine('ERROR', decodeLine(line)));
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  return {
    end() {
      stdout.end();
      stderr.end();
    },
  };
}

/**
 * The most a run's outcome file may hold. A result is kept in the run's record, answered in listings and
 * read synchronously here: a 60 MB one was stored whole and streamed as one line (the SDK's reader then
 * hung). Notte's cloud answers from AWS Lambda, whose responses are capped at 6 MB.
 */
export const MAX_RESULT_BYTES = 10 * 1024 * 1024;

/** The outcome the harness wrote to its result file (removed once read); `how` says how the process ended, for a crash. */
function readOutcome(resultFile: string, killedReason: string | undefined, how: string): RunOutcome {
  let written: { ok?: boolean; result?: string | null; error?: string } | undefined;
  try {
    // The file holds the result escaped as ASCII inside JSON (up to 6 bytes a character): far past that, it is not read at all.
    const tooLarge = fs.statSync(resultFile).size > 6 * MAX_RESULT_BYTES;
    written = tooLarge ? { ok: true, result: undefined } : JSON.parse(fs.readFileSync(resultFile, 'utf8'));
    const bytes = tooLarge ? Infinity : typeof written?.result === 'string' ? Buffer.byteLength(written.result) : 0;
    if (written?.ok === true && bytes > MAX_RESULT_BYTES) {
      const size = bytes === Infinity ? `far more than ${MAX_RESULT_BYTES / 1024 / 1024} MiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
      written = { ok: false, error: `The function returned ${size}; a run's result is kept up to ${MAX_RESULT_BYTES / 1024 / 1024} MiB. Return less (a file's path, a summary).` };
    }
  } catch {
    written = undefined;
  }
  fs.rmSync(resultFile, { force: true });
  // A function that had already written its outcome finished, even if a stop came in just after.
  if (killedReason !== undefined && written?.ok === undefined) return { kind: 'killed', reason: killedReason };
  if (written?.ok === true) return { kind: 'result', result: typeof written.result === 'string' ? written.result : null };
  if (written?.ok === false) return { kind: 'error', error: String(written.error ?? 'The function failed.') };
  return { kind: 'crashed', error: `The function's process ${how} without a result.` };
}

/** Ends a process and its group (POSIX) or its tree (Windows). */
export function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    try {
      spawnSync('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true });
    } catch {
      child.kill(signal);
    }
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}

/**
 * After a crash of the server, a harness it started may still run. Ends it when the process with that
 * id is still our harness for that run (Linux: its command line names the run), never a stranger.
 */
export function killOrphan(pid: number, runId: string): boolean {
  if (process.platform !== 'linux' || !Number.isInteger(pid) || pid <= 1) return false;
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    if (!cmdline.includes(runId)) return false;
    process.kill(-pid, 'SIGKILL');
    return true;
  } catch {
    return false;
  }
}
