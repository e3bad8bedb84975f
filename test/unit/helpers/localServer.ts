// Test helpers for the local Functions server: start it in-process (fast) or as a child process
// (`node out/src/server/main.js`, as the extension does), on a free loopback port with a fresh data folder.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generateLocalKey, LOCAL_SERVER_KEY_ENV } from '../../../src/shared/localServerKey';
import { LocalServer, LocalServerOptions, startLocalServer } from '../../../src/server/server';

/** The repository root, found from here whether this runs from out/ or from the sources. */
export const REPO_ROOT = (() => {
  let dir = __dirname;
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();

/** The example functions shipped with the server (progress_report, always_fails, run_until_stopped, echo_variables). */
/** (and browser_shop_order, which needs notte-sdk) */
export const EXAMPLE_FUNCTIONS_DIR = path.join(REPO_ROOT, 'src', 'server', 'examples');
/** Fixture functions of the server tests (chatty, hostile, spawns_child, slow, ...). */
export const FIXTURE_FUNCTIONS_DIR = path.join(REPO_ROOT, 'test', 'unit', 'server', 'fixtures');
/** The command-line entry as tsc builds it. */
export const SERVER_SCRIPT = path.join(REPO_ROOT, 'out', 'src', 'server', 'main.js');

export interface TestServerOptions {
  functionsDir?: string;
  key?: string;
  maxConcurrent?: number;
  faults?: boolean;
  decryptionKey?: string;
  runTimeoutSeconds?: number;
  /** Browser sessions open at once (--max-sessions). */
  maxSessions?: number;
  /** --allow-file-urls */
  allowFileUrls?: boolean;
  /** --browser */
  browserPath?: string;
  /** In-process only: navigation timeout, idle browser lifetime, extra Chromium flags. */
  browserTuning?: LocalServerOptions['browserTuning'];
  /** Default: a new temporary folder, removed by close(). */
  dataDir?: string;
  python?: string;
  /** Start runs for schedules (off by default in tests), looking every `scheduleTickMs` when given. */
  schedules?: boolean;
  scheduleTickMs?: number;
  /** The server's diagnostics. */
  log?(line: string): void;
  /** Slow clients: request timeouts and the connection cap (server defaults when omitted). */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  maxConnections?: number;
  /** More names requests may address the server by (--allowed-host), e.g. a TLS front's address. */
  allowedHosts?: string[];
}

export interface TestServer {
  url: string;
  key: string;
  dataDir: string;
  /** Headers that authenticate (Authorization: Bearer, JSON content type). */
  headers: Record<string, string>;
  /** The server object itself (in-process servers only). */
  local?: LocalServer;
  close(): Promise<void>;
}

export function tempDir(prefix = 'notte-local-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

function authHeaders(key: string): Record<string, string> {
  return { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
}

/** Starts the server in this process. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const ownData = options.dataDir === undefined;
  const dataDir = options.dataDir ?? tempDir('notte-local-data-');
  const key = options.key ?? generateLocalKey();
  const server = await startLocalServer({
    functionsDir: options.functionsDir ?? EXAMPLE_FUNCTIONS_DIR,
    dataDir,
    key,
    port: 0,
    host: '127.0.0.1',
    maxConcurrent: options.maxConcurrent,
    faults: options.faults,
    decryptionKey: options.decryptionKey,
    runTimeoutSeconds: options.runTimeoutSeconds,
    python: options.python,
    maxSessions: options.maxSessions,
    allowFileUrls: options.allowFileUrls,
    browserPath: options.browserPath,
    browserTuning: options.browserTuning,
    schedules: options.schedules ?? false,
    scheduleTickMs: options.scheduleTickMs,
    log: options.log,
    headersTimeoutMs: options.headersTimeoutMs,
    requestTimeoutMs: options.requestTimeoutMs,
    maxConnections: options.maxConnections,
    allowedHosts: options.allowedHosts,
  });
  return {
    url: server.url,
    key: server.key,
    dataDir,
    headers: authHeaders(server.key),
    local: server,
    async close() {
      await server.close();
      if (ownData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface SpawnedServer extends TestServer {
  pid: number;
  child: ChildProcess;
  /** The JSON line the server printed on start. */
  startLine: string;
  /** Lines the server wrote to stderr so far. */
  stderr(): string;
  /** SIGTERM to its process group, SIGKILL after 5 s; resolves when it has exited. */
  stop(): Promise<void>;
  /** Ends it at once (SIGKILL to the server only, as a crash would). */
  crash(): Promise<void>;
}

/**
 * Starts `node out/src/server/main.js --json ...` in its own process group and reads its JSON line. The
 * key goes in the environment, as the extension gives it; `key: null` lets the server make one.
 */
export function spawnServerProcess(
  options: Omit<TestServerOptions, 'key'> & { key?: string | null; script?: string; extraArgs?: string[]; nodeArgs?: string[]; env?: NodeJS.ProcessEnv } = {},
): Promise<SpawnedServer> {
  const ownData = options.dataDir === undefined;
  const dataDir = options.dataDir ?? tempDir('notte-local-data-');
  const key = options.key === null ? undefined : (options.key ?? generateLocalKey());
  const args = [
    ...(options.nodeArgs ?? []),
    options.script ?? SERVER_SCRIPT,
    '--json',
    '--port',
    '0',
    '--host',
    '127.0.0.1',
    '--data',
    dataDir,
    '--functions',
    options.functionsDir ?? EXAMPLE_FUNCTIONS_DIR,
    ...(options.schedules ? [] : ['--no-schedules']),
  ];
  if (options.maxConcurrent !== undefined) args.push('--max-concurrent', String(options.maxConcurrent));
  if (options.runTimeoutSeconds !== undefined) args.push('--run-timeout', String(options.runTimeoutSeconds));
  if (options.faults) args.push('--faults');
  if (options.decryptionKey) args.push('--decryption-key', options.decryptionKey);
  if (options.python) args.push('--python', options.python);
  if (options.maxSessions !== undefined) args.push('--max-sessions', String(options.maxSessions));
  if (options.allowFileUrls) args.push('--allow-file-urls');
  if (options.browserPath) args.push('--browser', options.browserPath);
  args.push(...(options.extraArgs ?? []));
  const env = { ...process.env, NOTTE_API_KEY: '', ...(key === undefined ? {} : { [LOCAL_SERVER_KEY_ENV]: key }), ...options.env };
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: process.platform !== 'win32', env });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (process.platform !== 'win32' && child.pid) process.kill(-child.pid, signal);
      else child.kill(signal);
    } catch {
      // Gone already.
    }
  };
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      signalGroup('SIGKILL');
      reject(new Error(`The server did not start in 15 s. ${stderr}`));
    }, 15_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${code}) before printing its address. ${stderr}`));
    });
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      const startLine = stdout.slice(0, newline);
      const info = JSON.parse(startLine) as { url: string; key?: string };
      const serverKey = key ?? (info.key as string);
      const spawned: SpawnedServer = {
        url: info.url,
        key: serverKey,
        dataDir,
        pid: child.pid as number,
        child,
        startLine,
        headers: authHeaders(serverKey),
        stderr: () => stderr,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) {
            const force = setTimeout(() => signalGroup('SIGKILL'), 5000);
            signalGroup('SIGTERM');
            await exited;
            clearTimeout(force);
          }
        },
        async crash() {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGKILL');
            await exited;
          }
        },
        async close() {
          await spawned.stop();
          if (ownData) fs.rmSync(dataDir, { recursive: true, force: true });
        },
      };
      resolve(spawned);
    });
  });
}
