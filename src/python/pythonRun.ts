// Runs a function file on this machine with the same harness as the local Functions server,
// for Run Locally and Run File Locally. No vscode import.
import fs = require('fs');
import os = require('os');
import path = require('path');
import { randomUUID } from 'crypto';
import { FunctionVariable } from '../api/types';
import { inspectFiles } from './inspect';
import { formatLogLine, libraryLine } from './logFormat';
import { startPython } from './runner';

export interface LocalLine {
  /** As the function wrote it. */
  raw: string;
  /** Without the time, level and place a logging library wrote before it (they are below). */
  text: string;
  /** The logging library's level name when it wrote one, else how the line came (stdout INFO, stderr WARNING). */
  level: string;
  /** The logging library's time, when it wrote one. */
  time?: string;
}

export interface LocalRunOptions {
  python: string;
  file: string;
  cwd?: string;
  variables: Record<string, unknown>;
  /** Added to the interpreter's environment (NOTTE_API_KEY and NOTTE_API_URL for the SDK). */
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  timeoutMs?: number;
  onLine?(line: LocalLine): void;
}

export interface PythonRunOutcome {
  ok: boolean;
  /** The return value as JSON text (null for None) when ok. */
  result?: string | null;
  error?: string;
  stopped: boolean;
  /** Every line, formatted as the service formats log lines, for the run's history. */
  logs: string[];
}

export function runPythonFunction(options: LocalRunOptions): Promise<PythonRunOutcome> {
  const logs: string[] = [];
  const runId = `local_${randomUUID()}`;
  const resultFile = path.join(os.tmpdir(), `notte-${runId}.json`);
  const process = startPython({
    python: options.python,
    file: options.file,
    cwd: options.cwd ?? path.dirname(options.file),
    variables: options.variables,
    env: options.env,
    runId,
    resultFile,
    onLine: (level, text) => {
      logs.push(formatLogLine(level, 'notte_function:run', text));
      const own = libraryLine(text);
      options.onLine?.(own ? { raw: text, text: own.text, level: own.level, time: own.time } : { raw: text, text, level });
    },
  });
  const stop = () => process.kill('The run was stopped.');
  options.signal?.addEventListener('abort', stop);
  if (options.signal?.aborted) stop();
  const timer = options.timeoutMs
    ? setTimeout(() => process.kill(`The run was stopped after ${Math.round(options.timeoutMs! / 1000)} s (the run timeout).`), options.timeoutMs)
    : undefined;
  return process.done.then((outcome) => {
    options.signal?.removeEventListener('abort', stop);
    if (timer) clearTimeout(timer);
    switch (outcome.kind) {
      case 'result':
        return { ok: true, result: outcome.result, stopped: false, logs };
      case 'killed':
        return { ok: false, error: outcome.reason, stopped: true, logs };
      default:
        return { ok: false, error: outcome.error, stopped: false, logs };
    }
  });
}

export type InspectedFile = { ok: true; description: string | null; variables: FunctionVariable[] } | { ok: false; error: string };

/** What Python's own ast module says about a file's run(...) parameters. */
export function inspectFunctionFile(python: string, code: string): Promise<InspectedFile> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-inspect-'));
  const file = path.join(dir, 'function.py');
  fs.writeFileSync(file, code);
  return inspectFiles(python, [file])
    .then((answer): InspectedFile => {
      if (!answer.ok && answer.failure.kind === 'spawn') return { ok: false, error: `Could not start ${python}: ${answer.failure.message}` };
      const inspection = answer.ok ? answer.files[file] : undefined;
      if (!answer.ok || !inspection) {
        const detail = answer.ok ? '' : answer.failure.stderr;
        return { ok: false, error: `${python} could not inspect the file${detail ? `: ${detail}` : ''}` };
      }
      return inspection.ok
        ? { ok: true, description: inspection.description, variables: inspection.variables }
        : { ok: false, error: inspection.error ?? 'The file cannot be read as a function.' };
    })
    .finally(() => fs.rmSync(dir, { recursive: true, force: true }));
}
