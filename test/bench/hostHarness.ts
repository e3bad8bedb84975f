// Child process of the extension-host harness rows (harness.ts): the extension's own code for a run,
// on Node with a stand-in `vscode` module (vscodeStandIn.ts), fed by the real local server. Modes:
//   floor  the API client alone: startRun streamed, each line counted (what any extension must do)
//   run    Run Function's path: the window's run launcher, the Output channel, the run's full log,
//          the tree told of the run (a stand-in tree that lists the function's runs as the view does)
//   page   the function page's path: Run on the page (PageRuns, PageHistory) on top of all that, its
//          messages serialized and redacted as the page's panel does
// usage: node hostHarness.js BASE_URL KEY MODE COUNT LOG_DIR. Prints one JSON line: cpuMs, wallMs, lines,
// appends, maxAppendsPerSecond, appendedChars, posts, postedBytes, maxPostBytes, lagP99Ms, logFile.
import * as fs from 'fs';
import { NotteClient } from '../../src/api';
import type { FunctionRun } from '../../src/api/types';
import { redactSecrets } from '../../src/api/redact';
import { RunOutput } from '../../src/core/runOutput';
import { ActiveRuns } from '../../src/core/runs/activeRuns';
import { LaunchServices, RunLauncher } from '../../src/core/runs/launcher';
import { StoppedRuns } from '../../src/core/runs/stoppedRuns';
import { PageHistory } from '../../src/features/page/pageHistory';
import type { PageHost } from '../../src/features/page/pageHost';
import { PageRuns } from '../../src/features/page/pageRuns';
import type { HostMessage } from '../../src/features/page/protocol';
import { appends, window as standInWindow } from './vscodeStandIn';

const FUNCTION = 'lines';

interface Measured {
  lines: number;
  logFile?: string;
  posts: number;
  postedBytes: number;
  maxPostBytes: number;
}

/** What the tree does with a run while its function's runs are shown: lists them again, and finds the run among them. */
class ShownTree {
  private readonly listed = new Map<string, FunctionRun>();
  constructor(private readonly client: NotteClient) {}
  refreshRuns(functionId: string): void {
    void this.list(functionId);
  }
  findRun(runId: string): FunctionRun | undefined {
    return this.listed.get(runId);
  }
  updateRun(run: FunctionRun): void {
    this.listed.set(run.function_run_id, run);
  }
  async list(functionId: string): Promise<void> {
    try {
      const page = await this.client.listRuns(functionId, { page: 1, page_size: 20, only_active: false });
      for (const run of page.items) this.listed.set(run.function_run_id, run);
    } catch {
      // As the view: an error shows on its row.
    }
  }
}

function memento() {
  const values = new Map<string, unknown>();
  return {
    get: <T>(key: string, fallback?: T) => (values.has(key) ? values.get(key) : fallback) as T,
    update: async (key: string, value: unknown) => void values.set(key, value),
    keys: () => [...values.keys()],
  };
}

function services(baseUrl: string, key: string, logDir: string): { launch: LaunchServices; client: NotteClient; tree: ShownTree } {
  const client = new NotteClient({ baseUrl, apiKey: async () => key, origin: 'bench', userAgent: 'notte-functions-bench', sdkVersion: '0.0.0', requestTimeoutMs: 300_000 });
  const tree = new ShownTree(client);
  const connection = { apiKey: async () => key, hasApiKey: async () => true, client: () => client, baseUrl, label: 'the local server' };
  const launch = {
    config: { runTimeoutSeconds: 300 },
    output: new RunOutput(standInWindow.createOutputChannel('Notte Runs'), logDir),
    connection,
    activeRuns: new ActiveRuns(),
    stoppedRuns: new StoppedRuns(memento() as never),
    functions: tree,
  } as unknown as LaunchServices;
  return { launch, client, tree };
}

async function floor(client: NotteClient, count: number): Promise<Measured> {
  let lines = 0;
  const result = await client.startRun(FUNCTION, { count }, { stream: true, runTimeoutMs: 300_000, handlers: { onLog: () => void lines++ } });
  if (result.status !== 'closed') throw new Error(`the run ended ${result.status}`);
  return { lines, posts: 0, postedBytes: 0, maxPostBytes: 0 };
}

async function runFunction(launcher: RunLauncher, count: number): Promise<Measured> {
  let lines = 0;
  const outcome = await launcher.launch({ functionId: FUNCTION, functionName: FUNCTION, variables: { count }, onLog: (n) => (lines = n) });
  if (outcome.result?.status !== 'closed') throw new Error(`the run ended ${JSON.stringify(outcome.error ?? outcome.result)}`);
  return { lines, logFile: outcome.logFile, posts: 0, postedBytes: 0, maxPostBytes: 0 };
}

async function pageRun(s: ReturnType<typeof services>, launcher: RunLauncher, key: string, count: number): Promise<Measured> {
  const measured: Measured = { lines: 0, posts: 0, postedBytes: 0, maxPostBytes: 0 };
  const ctx = { ...s.launch, launcher, state: { rememberVariables: async () => undefined }, documents: {} };
  const session = {
    starting: () => undefined,
    noneYet: () => undefined,
    live: async () => undefined,
    replay: async () => undefined,
    none: async () => undefined,
    forRun: async () => undefined,
  };
  let ended = false;
  const host = {
    ctx,
    functionId: FUNCTION,
    functionName: FUNCTION,
    fn: undefined,
    session,
    // As the page's panel posts (functionPage.ts): redacted through its JSON text, then serialized by postMessage.
    post: (message: HostMessage) => {
      const safe = JSON.parse(redactSecrets(JSON.stringify(message), [key])) as HostMessage;
      const bytes = Buffer.byteLength(JSON.stringify(safe));
      measured.posts++;
      measured.postedBytes += bytes;
      measured.maxPostBytes = Math.max(measured.maxPostBytes, bytes);
      if (safe.type === 'logs') measured.lines += safe.lines.length + (safe.skipped ?? 0);
      if (safe.type === 'runEnded') ended = safe.end.status === 'closed';
    },
    notice: () => undefined,
    variablesOrProblems: () => ({ count }),
    refreshSecret: async () => key,
  } as unknown as PageHost;
  const history = new PageHistory(host);
  const runs = new PageRuns(host, () => history.show(1));
  await runs.run([String(count)]);
  if (!ended) throw new Error('the run on the page did not end closed');
  return measured;
}

/** Event-loop lag: a 50 ms timer's lateness, sampled until stopped. */
function lagProbe(): () => number[] {
  const lags: number[] = [];
  let due = performance.now() + 50;
  const timer = setInterval(() => {
    const now = performance.now();
    lags.push(Math.max(0, now - due));
    due = now + 50;
  }, 50);
  return () => {
    clearInterval(timer);
    return lags.sort((a, b) => a - b);
  };
}

function maxPerSecond(times: number[]): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

async function main(): Promise<void> {
  const [baseUrl, key, mode, countText, logDir] = process.argv.slice(2);
  const count = Number(countText);
  const s = services(baseUrl, key, logDir);
  const launcher = new RunLauncher(s.launch);
  const once = (n: number) => (mode === 'floor' ? floor(s.client, n) : mode === 'run' ? runFunction(launcher, n) : pageRun(s, launcher, key, n));
  // Warm: the extension host is a long-lived process whose code is compiled by the time a long run comes.
  await s.tree.list(FUNCTION);
  await once(Math.min(count, 20_000));
  appends.length = 0;
  (globalThis as { gc?: () => void }).gc?.();
  const stopLag = lagProbe();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const measured = await once(count);
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const lags = stopLag();
  const appendTimes = appends.filter((a) => a.at >= started).map((a) => a.at);
  const logFile = measured.logFile && fs.existsSync(measured.logFile) ? measured.logFile : undefined;
  process.stdout.write(
    `${JSON.stringify({
      ...measured,
      logFile,
      cpuMs: (used.user + used.system) / 1000,
      wallMs,
      appends: appendTimes.length,
      maxAppendsPerSecond: maxPerSecond(appendTimes),
      appendedChars: appends.reduce((n, a) => n + a.chars, 0),
      lagP99Ms: lags.length ? lags[Math.min(lags.length - 1, Math.floor(lags.length * 0.99))] : 0,
    })}\n`,
  );
  await s.client.close();
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
    process.exit(1);
  },
);
