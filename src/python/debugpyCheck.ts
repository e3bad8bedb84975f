// Whether an interpreter can import debugpy. Without it, debugpy's adapter waits for the debuggee
// forever, so this is asked before a session starts. No vscode import.
import { spawn } from 'child_process';

export type DebugpyCheck = { ok: true; version: string } | { ok: false; reason: string };

const CHECK_TIMEOUT_MS = 15000;

export function checkDebugpy(python: string): Promise<DebugpyCheck> {
  return new Promise((resolve) => {
    let out = '';
    let err = '';
    let settled = false;
    const finish = (answer: DebugpyCheck) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
    };
    const child = spawn(python, ['-c', 'import debugpy, sys; sys.stdout.write(debugpy.__version__)'], { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ ok: false, reason: `${python} did not answer within ${CHECK_TIMEOUT_MS / 1000} s` });
    }, CHECK_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', (error) => finish({ ok: false, reason: `${python} could not be started: ${error.message}` }));
    child.on('close', (code) => {
      if (code === 0) finish({ ok: true, version: out.trim() });
      else finish({ ok: false, reason: err.trim().split('\n').pop() || `exited with code ${code}` });
    });
  });
}
