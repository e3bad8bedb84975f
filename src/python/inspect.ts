// Asks Python's own `ast` module (INSPECTOR_SOURCE) what function files declare: the module docstring
// and the parameters of `run(...)`. Shared by the local server's registry and local runs.
import { execFile } from 'child_process';
import type { FunctionVariable } from '../api/types';
import { INSPECTOR_SOURCE } from './pythonScripts';

export interface Inspection {
  ok: boolean;
  description: string | null;
  variables: FunctionVariable[];
  error: string | null;
}

/** Why the inspector gave no answer: it could not start, it failed, or it printed something unreadable. */
export interface InspectorFailure {
  kind: 'spawn' | 'failed' | 'unreadable';
  /** The last line Python wrote to stderr ('' when none). */
  stderr: string;
  /** Node's message for the failure ('' when the process ran). */
  message: string;
}

export type InspectorAnswer = { ok: true; files: Record<string, Inspection> } | { ok: false; failure: InspectorFailure };

/** Runs the inspector once over `files` (absolute paths). */
export function inspectFiles(python: string, files: string[]): Promise<InspectorAnswer> {
  return new Promise((resolve) => {
    const child = execFile(python, ['-c', INSPECTOR_SOURCE], { maxBuffer: 64 * 1024 * 1024, timeout: 30_000 }, (error, stdout, stderr) => {
      const lastErrorLine = stderr.toString().trim().split('\n').pop() ?? '';
      if (error) {
        const spawnFailed = typeof (error as NodeJS.ErrnoException).code === 'string';
        resolve({ ok: false, failure: { kind: spawnFailed ? 'spawn' : 'failed', stderr: lastErrorLine, message: error.message } });
        return;
      }
      try {
        resolve({ ok: true, files: JSON.parse(stdout) as Record<string, Inspection> });
      } catch {
        resolve({ ok: false, failure: { kind: 'unreadable', stderr: lastErrorLine, message: '' } });
      }
    });
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(JSON.stringify(files));
  });
}
