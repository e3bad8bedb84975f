// The local Notte Functions server: the Functions API of the contract on 127.0.0.1, running the
// Python functions of a folder with the machine's python3. Usable in-process (tests, bench) and from
// the command line (main.ts). No vscode import here.
import fs = require('fs');
import http = require('http');
import type { AddressInfo } from 'net';
import path = require('path');
import { codeUrlEncryptor } from './codeEncryption';
import { ConnectionCap, DEFAULT_MAX_CONNECTIONS } from './connections';
import { defaultDataDir, makePrivateDir, tightenDataDir } from './dataFolder';
import { Faults } from './faults';
import { answerClientError } from './http';
import { FunctionRegistry } from './functionRegistry';
import { generateLocalKey } from '../shared/localServerKey';
import { Api, ApiContext, fireSchedule } from './api';
import { BrowserSessions, DEFAULT_MAX_SESSIONS, type BrowserTuning } from './browser/browserSessions';
import { runKeyFor } from './runKeys';
import { Doors, parseHost } from './doors';
import { RunManager } from './runManager';
import { RunStore } from './runStore';
import { Schedule, Schedules } from './schedules';

export interface LocalServerOptions {
  /** Folder of the function files; default: the bundled examples. */
  functionsDir?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** The key clients must send; default: NOTTE_API_KEY, else a random key. */
  key?: string;
  /** Where runs, versions and schedules are kept (made private to this user: 0700); default: ~/.notte-functions-local/<folder>-<hash>. */
  dataDir?: string;
  /** Active runs allowed at once (the Free plan's 10 by default); more answer 429. */
  maxConcurrent?: number;
  /** A run that takes longer is stopped (default 300 s). */
  runTimeoutSeconds?: number;
  /** Python interpreter (default python3). */
  python?: string;
  /** When set, the `url` of GET /functions/{id} is encrypted for this decryption key. */
  decryptionKey?: string;
  /** Test-only: enables the /__faults control route. */
  faults?: boolean;
  /** The browser the sessions drive (--browser); default CHROMIUM_PATH, else one found on the machine. */
  browserPath?: string;
  /** Browser sessions open at once (default 5); more answer 429. */
  maxSessions?: number;
  /** Let sessions open file:, chrome: and view-source: addresses (default false). */
  allowFileUrls?: boolean;
  /** Tests: the browser sessions' limits and flags. */
  browserTuning?: BrowserTuning;
  /** Start runs for schedules (default true). */
  schedules?: boolean;
  /** Test-only: look for due schedules every this many ms instead of just after each minute starts. */
  scheduleTickMs?: number;
  /** More names requests may address the server by (`Host`), besides 127.0.0.1, localhost, [::1] and the bound address with its port; a name without port is allowed on any port. */
  allowedHosts?: string[];
  /** A client must send its request headers within this many ms (default 20 s), and its whole request within `requestTimeoutMs` (default 120 s); else its connection is closed (408). Answers may take as long as they need (a run's stream). */
  headersTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Connections open at once (default 512); past it, the oldest one with no request in progress is closed (connections.ts). */
  maxConnections?: number;
  /** Diagnostics (run starts and ends, errors). */
  log?(line: string): void;
}

export interface LocalServer {
  url: string;
  key: string;
  /** The server made the key (none was given): only then may it be printed (`--json`). */
  keyGenerated: boolean;
  port: number;
  host: string;
  functionsDir: string;
  dataDir: string;
  /** Runs active now. */
  activeRuns(): number;
  /** The browser sessions (tests look at their browsers). */
  browser: BrowserSessions;
  /** Starts the runs of the schedules due in the minute holding `now` (the server also does it on its own each minute). */
  runDueSchedules(now?: Date): void;
  /** Stops every run, writes what is pending, closes the port. */
  close(): Promise<void>;
}

export { defaultDataDir } from './dataFolder';

export const DEFAULT_MAX_CONCURRENT = 10;
export const DEFAULT_RUN_TIMEOUT_SECONDS = 300;

/** The bundled example functions: dist/examples next to the bundle, or src/server/examples from out/. */
export function defaultFunctionsDir(): string {
  const candidates = [
    path.join(__dirname, 'examples'),
    path.resolve(__dirname, '..', '..', '..', 'src', 'server', 'examples'),
    path.resolve(__dirname, '..', 'src', 'server', 'examples'),
  ];
  return candidates.find((dir) => fs.existsSync(dir)) ?? candidates[0];
}

export const DEFAULT_HEADERS_TIMEOUT_MS = 20_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 120_000;

async function listen(api: Api, port: number, host: string, options: LocalServerOptions): Promise<http.Server> {
  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = Math.max(headersTimeout, options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  const server = http.createServer(
    {
      // Idle keep-alive sockets outlive the clients' own idle limit (undici: 30 s), so a client never
      // sends a request (a run start, which must not be retried) on a socket the server is closing.
      // The headers timeout runs only once a request has begun (Node 18+), never on an idle socket.
      keepAliveTimeout: 65_000,
      headersTimeout,
      // Receiving the request, not answering it: a run's stream goes on as long as the run.
      requestTimeout,
      // How often Node looks for connections past those timeouts.
      connectionsCheckingInterval: Math.max(100, Math.min(5_000, Math.floor(headersTimeout / 4))),
    },
    (req, res) => void api.handle(req, res),
  );
  server.on('upgrade', (req, socket, head) => api.upgrade(req, socket, head));
  server.on('clientError', answerClientError);
  new ConnectionCap(server, options.maxConnections ?? DEFAULT_MAX_CONNECTIONS);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

/** Throws a sentence naming the first option the server cannot start with. */
function checkOptions(functionsDir: string, maxConcurrent: number, runTimeoutSeconds: number, allowedHosts: string[] = []): void {
  if (!fs.existsSync(functionsDir) || !fs.statSync(functionsDir).isDirectory()) throw new Error(`The functions folder ${functionsDir} does not exist.`);
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) throw new Error('maxConcurrent must be a whole number of at least 1.');
  if (!(runTimeoutSeconds > 0)) throw new Error('runTimeoutSeconds must be more than 0.');
  for (const name of allowedHosts) if (!parseHost(name)) throw new Error(`The allowed host "${name}" is not a host name (expected NAME or NAME:PORT).`);
}

export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const functionsDir = path.resolve(options.functionsDir ?? defaultFunctionsDir());
  const dataDir = path.resolve(options.dataDir ?? defaultDataDir(functionsDir, undefined, options.log));
  const givenKey = options.key || process.env.NOTTE_API_KEY;
  const key = givenKey || generateLocalKey();
  const host = options.host ?? '127.0.0.1';
  const python = options.python ?? 'python3';
  const maxConcurrent = options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT;
  const runTimeoutSeconds = options.runTimeoutSeconds ?? DEFAULT_RUN_TIMEOUT_SECONDS;
  checkOptions(functionsDir, maxConcurrent, runTimeoutSeconds, options.allowedHosts);
  // Private to this user: runs hold variables and results, code copies the functions' code.
  makePrivateDir(dataDir);
  tightenDataDir(dataDir);
  const scratchDir = path.join(dataDir, 'tmp');
  makePrivateDir(scratchDir);

  const registry = new FunctionRegistry(functionsDir, dataDir, python);
  const store = new RunStore(dataDir, options.log);
  let baseUrl = '';
  const { browser, manager } = runsAndSessions(options, { key, dataDir, store, registry, python, maxConcurrent, runTimeoutSeconds, scratchDir, baseUrl: () => baseUrl });
  manager.recover();
  const schedules = new Schedules(dataDir, options.log);
  const faults = options.faults ? new Faults() : undefined;
  const encryptUrl = options.decryptionKey ? codeUrlEncryptor(options.decryptionKey) : undefined;
  await registry.refresh();
  registry.watch();

  const ctx: ApiContext = { key, baseUrl: () => baseUrl, registry, store, manager, schedules, faults, encryptUrl, browser, log: options.log };
  const api = new Api(ctx);
  const fire = (functionId: string, schedule: Schedule) => fireSchedule(ctx, functionId, schedule.variables);
  const server = await listen(api, options.port ?? 0, host, options);
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  ctx.doors = new Doors(host, port, options.allowedHosts);
  if (options.schedules !== false) schedules.startTicking(fire, options.scheduleTickMs);

  return {
    url: baseUrl,
    key,
    keyGenerated: !givenKey,
    port,
    host,
    functionsDir,
    dataDir,
    activeRuns: () => manager.activeCount,
    browser,
    runDueSchedules: (now = new Date()) => schedules.fireDue(now, fire),
    close: once(async () => {
      schedules.stop();
      registry.unwatch();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      await manager.stopAll('shutdown');
      await browser.close();
      await store.close();
      server.closeAllConnections();
      await closed;
    }),
  };
}

interface RunsSetting {
  key: string;
  dataDir: string;
  store: RunStore;
  registry: FunctionRegistry;
  python: string;
  maxConcurrent: number;
  runTimeoutSeconds: number;
  scratchDir: string;
  baseUrl(): string;
}

/**
 * The runs and the browser sessions (issue 24): a run's function reaches this server with a key of its
 * run (runKeys.ts), so the sessions it starts are the run's; they close when the run ends.
 */
function runsAndSessions(options: LocalServerOptions, setting: RunsSetting): { browser: BrowserSessions; manager: RunManager } {
  const { key, dataDir, store, registry, baseUrl } = setting;
  const browser = new BrowserSessions({
    key,
    baseUrl,
    dataDir,
    browserPath: options.browserPath,
    maxSessions: options.maxSessions ?? DEFAULT_MAX_SESSIONS,
    allowFileUrls: options.allowFileUrls ?? false,
    ...options.browserTuning,
    runIsOpen: (runId) => ['created', 'active'].includes(store.get(runId)?.status ?? ''),
    onRunSession: (runId, sessionId) => manager.attachSession(runId, sessionId),
    onRunSessionLost: (runId, sessionId, reason) => manager.sessionLost(runId, sessionId, reason),
    runFolder: (runId) => {
      const file = registry.get(store.get(runId)?.function_id ?? '')?.file;
      return file ? path.dirname(file) : undefined;
    },
    log: options.log,
  });
  const manager: RunManager = new RunManager(store, {
    python: setting.python,
    maxConcurrent: setting.maxConcurrent,
    runTimeoutSeconds: setting.runTimeoutSeconds,
    scratchDir: setting.scratchDir,
    runEnv: (runId) => ({ NOTTE_API_URL: baseUrl(), NOTTE_API_KEY: runKeyFor(key, runId) }),
    onRunEnd: (runId, status, stopReason) => void browser.endRun(runId, status, stopReason).catch((error) => options.log?.(`error closing the sessions of run ${runId}: ${error}`)),
    log: options.log,
  });
  return { browser, manager };
}

/** `fn` run at its first call; later calls answer the same promise. */
function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined;
  return () => (running ??= fn());
}
