// Starts the bundled local Functions server as a child process and learns its URL from the
// one JSON line it prints. No vscode import: the extension and the demo share it.
// The key goes through the child's environment, never its command line (see shared/localServerKey.ts).
import { ChildProcess, spawn } from 'child_process';
import { generateLocalKey, LOCAL_SERVER_KEY_ENV } from '../../shared/localServerKey';
import { howProcessEnded } from '../../shared/processEnd';

/** How to start the server process (the server's own options are src/server's LocalServerOptions). */
export interface LocalServerProcessOptions {
  /** Path of dist/local-server.js. */
  script: string;
  functionsDir: string;
  dataDir: string;
  port?: number;
  /** The key clients must send; a random one when omitted. */
  key?: string;
  python?: string;
  /** More command-line options (for example --faults in tests). */
  extraArgs?: string[];
  /** Lines the server writes to stderr (diagnostics), already stripped of the key. */
  onLog?(line: string): void;
  /** Called once if the process ends on its own: how it ended ("exited with code 1", "was ended by SIGKILL"). */
  onExit?(how: string): void;
  startTimeoutMs?: number;
}

export interface RunningLocalServer {
  url: string;
  key: string;
  pid: number;
  functionsDir: string;
  stop(): Promise<void>;
}

export function startLocalServerProcess(options: LocalServerProcessOptions): Promise<RunningLocalServer> {
  const key = options.key ?? generateLocalKey();
  // --stop-with-stdin: the server ends with this process, however it ends (a killed VS Code server left it holding its port).
  const args = [options.script, '--functions', options.functionsDir, '--data', options.dataDir, '--port', String(options.port ?? 0), '--json', '--stop-with-stdin'];
  if (options.python) args.push('--python', options.python);
  args.push(...(options.extraArgs ?? []));
  // In desktop VS Code process.execPath is Electron: this flag makes it behave as plain Node. The
  // user's own NOTTE_API_KEY is not the server's business (nor its functions').
  const child = spawn(process.execPath, args, {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1', NOTTE_API_KEY: '', [LOCAL_SERVER_KEY_ENV]: key },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  });
  const clean = (text: string) => text.split(key).join('••••••');
  let stderrTail = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderrTail = (stderrTail + chunk).slice(-2000);
    for (const line of chunk.split(/\r?\n/)) if (line.trim()) options.onLog?.(clean(line));
  });

  return new Promise((resolve, reject) => {
    let settled = false;
    let stdout = '';
    const timer = setTimeout(() => fail(new Error(`The local server did not start within ${(options.startTimeoutMs ?? 15000) / 1000} s.`)), options.startTimeoutMs ?? 15000);
    function fail(error: Error) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      killTree(child);
      reject(error);
    }
    child.on('error', (error) => fail(new Error(`Could not start the local server: ${error.message}`)));
    child.on('exit', (code, signal) => {
      const how = howProcessEnded(code, signal);
      if (!settled) fail(new Error(`The local server ${how} before it was ready. ${clean(stderrTail).trim().split('\n').slice(-3).join(' ')}`.trim()));
      else options.onExit?.(how);
    });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      if (settled) return;
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      try {
        const info = JSON.parse(stdout.slice(0, newline)) as { url: string; functionsDir?: string };
        settled = true;
        clearTimeout(timer);
        resolve({ url: info.url, key, pid: child.pid!, functionsDir: info.functionsDir ?? options.functionsDir, stop: () => stopChild(child) });
      } catch {
        fail(new Error('The local server printed something other than its address.'));
      }
    });
  });
}

function killTree(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    // The server runs in its own process group: end it with every function it started.
    if (process.platform !== 'win32') process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    child.kill(signal);
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => killTree(child, 'SIGKILL'), 3000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    killTree(child);
  });
}
