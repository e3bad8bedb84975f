// Child processes of the bench: the local Functions server (its command-line entry, as users run it),
// the replay server, curl and the Python reader. Each runs in its own process group and is stopped
// by its own id.
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export interface Spawned {
  child: ChildProcess;
  stop(): Promise<void>;
}

function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // gone
      }
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

/** Starts a Node script that prints one JSON line on stdout when it is ready. */
export function spawnJsonReady<T>(
  script: string,
  args: string[],
  timeoutMs = 60000,
  env: NodeJS.ProcessEnv = process.env,
  nodeArgs: string[] = [],
  /** A command the node process is started through (e.g. `taskset -c 0`). */
  prefix: string[] = [],
): Promise<T & Spawned> {
  const command = [...prefix, process.execPath, ...nodeArgs, script, ...args];
  const child = spawn(command[0], command.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      void stopGroup(child);
      reject(new Error(`${path.basename(script)} did not start within ${timeoutMs} ms: ${err.slice(-500)}`));
    }, timeoutMs);
    child.stderr!.on('data', (chunk) => (err += chunk));
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.stdout!.removeAllListeners('data');
      child.stdout!.resume();
      try {
        resolve({ ...(JSON.parse(out.slice(0, newline)) as T), child, stop: () => stopGroup(child) });
      } catch (error) {
        void stopGroup(child);
        reject(new Error(`${path.basename(script)} printed ${out.slice(0, 200)}: ${error}`));
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${path.basename(script)} exited with ${code}: ${err.slice(-500)}`));
    });
  });
}

export interface LocalServerInfo extends Spawned {
  url: string;
  key: string;
  port: number;
}

let python: string | undefined;
/**
 * The interpreter `python3` stands for, as a path. Where `python3` is a version manager's shim
 * (pyenv's is a shell script, about 100 ms to 1 s per start here), timing starts of the name would
 * measure the shim; the server and the bare starts the bench compares it with both run this path.
 */
export function benchPython(): string {
  python ??= execFileSync('python3', ['-c', 'import sys; sys.stdout.write(sys.executable)'], { encoding: 'utf8' }).trim() || 'python3';
  return python;
}

/** One call of the local server's API with `key`, its JSON answer read loosely, as a script would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function serverCall(server: { url: string }, key: string, method: string, route: string, body?: unknown): Promise<any> {
  const answer = await fetch(server.url + route, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`${method} ${route}: ${answer.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : undefined;
}

/** The environment the local server is started with: the key in the variable it reads, not on the command line. */
export function serverEnv(key: string): NodeJS.ProcessEnv {
  return { ...process.env, NOTTE_API_KEY: '', NOTTE_LOCAL_SERVER_KEY: key };
}

/** The bench's own function files (lines.py, noop.py, ticker.py, shop.py), which every section's server runs. */
export function benchFunctions(ctx: { root: string }): string {
  return path.join(ctx.root, 'test', 'bench', 'functions');
}

/** The local Functions server as users start it: `node dist/local-server.js … --json`, with benchPython(). */
export async function startLocalServerProcess(
  root: string,
  options: { functionsDir: string; dataDir: string; key: string; maxConcurrent?: number; prefix?: string[] },
): Promise<LocalServerInfo> {
  const script = path.join(root, 'dist', 'local-server.js');
  if (!fs.existsSync(script)) throw new Error('dist/local-server.js is missing (the build did not produce it)');
  fs.mkdirSync(options.dataDir, { recursive: true });
  const args = ['--functions', options.functionsDir, '--port', '0', '--data', options.dataDir, '--python', benchPython(), '--json'];
  if (options.maxConcurrent) args.push('--max-concurrent', String(options.maxConcurrent));
  // The key in the environment, as the extension gives it (never on the command line).
  const info = await spawnJsonReady<{ url: string; port: number }>(script, args, 120000, serverEnv(options.key), [], options.prefix);
  return { ...info, key: options.key };
}

export interface RunResultOf {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command to its end, timing it from spawn to exit. */
export function run(command: string, args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<RunResultOf> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not finish within ${options.timeoutMs} ms`));
    }, options.timeoutMs ?? 300000);
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
    child.stdin.end(options.input ?? '');
  });
}
