// Runs start a version manager's shim by the interpreter it stands for. pyenv's `python3` (asdf's and
// mise's likewise) is a shell script in a `shims` folder that looks up the version on every start:
// 0.1 s to 1 s a run, more than all of the server's own work. What it stands for depends on the
// folder (its .python-version), so it is asked once per folder, in the background; runs started
// before the answer start the shim. Any other interpreter, a wrapper script included, is started as
// given: what a wrapper sets up is the user's choice.
import { execFile } from 'child_process';
import fs = require('fs');
import path = require('path');

/** Where `command` is found: itself when it names a path, else the first executable of that name on PATH. */
export function locate(command: string, envPath = process.env.PATH ?? ''): string | undefined {
  if (command.includes('/') || command.includes('\\')) return command;
  for (const dir of envPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function isVersionManagerShim(file: string): boolean {
  return path.basename(path.dirname(file)) === 'shims';
}

export class InterpreterPaths {
  private readonly known = new Map<string, string>();
  private readonly asked = new Set<string>();
  private readonly shim: boolean;

  constructor(private readonly interpreter: string) {
    const found = locate(interpreter);
    this.shim = found !== undefined && isVersionManagerShim(found);
  }

  /** What to start for a run whose working folder is `cwd`. */
  pathFor(cwd: string): string {
    if (!this.shim) return this.interpreter;
    const known = this.known.get(cwd);
    if (known) return known;
    void this.resolve(cwd);
    return this.interpreter;
  }

  /** Asks the shim what it stands for in `cwd`, once per folder (later calls answer at once). */
  resolve(cwd: string): Promise<void> {
    if (!this.shim || this.asked.has(cwd)) return Promise.resolve();
    this.asked.add(cwd);
    return new Promise((done) => {
      execFile(this.interpreter, ['-c', 'import sys; sys.stdout.write(sys.executable)'], { cwd, timeout: 15_000, windowsHide: true }, (error, stdout) => {
        const executable = String(stdout).trim();
        if (!error && path.isAbsolute(executable) && fs.existsSync(executable)) this.known.set(cwd, executable);
        done();
      });
    });
  }
}
