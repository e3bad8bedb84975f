// The extension-host harness rows (issue 27): the extension's own run code on Node with a stand-in
// `vscode` (hostHarness.ts), fed by the real local server, against a "floor" build that only reads and
// counts; then what a listing of runs costs when the runs are long, and the local server pinned to one
// core against the bare producer. Cheaper and steadier than the in-editor rows, so measured every run.
import * as fs from 'fs';
import * as path from 'path';
import { NotteClient } from '../../src/api';
import { benchFunctions, benchPython, run, startLocalServerProcess } from './processes';
import { readWithCurl } from './readers';
import { fmt, fmtRatio, fmtSummary, pairedRatio, quantile, summarize } from './stats';
import type { BenchContext, Row, Section } from './types';

const LINES = 100_000;
type Mode = 'floor' | 'run' | 'page';

interface HarnessOut {
  cpuMs: number;
  wallMs: number;
  lines: number;
  appends: number;
  maxAppendsPerSecond: number;
  appendedChars: number;
  posts: number;
  postedBytes: number;
  maxPostBytes: number;
  lagP99Ms: number;
  logFile?: string;
}

async function harnessRun(ctx: BenchContext, server: { url: string; key: string }, mode: Mode): Promise<HarnessOut & { fullLogLines?: number }> {
  const logDir = path.join(ctx.tmp, 'harness-logs');
  const out = await run(process.execPath, ['--expose-gc', path.join(__dirname, 'hostHarness.js'), server.url, server.key, mode, String(LINES), logDir], { timeoutMs: 600_000 });
  if (out.code !== 0) throw new Error(`harness (${mode}): exit ${out.code}: ${out.stderr.slice(-800)}`);
  const parsed = JSON.parse(out.stdout.trim().split('\n').pop()!) as HarnessOut;
  let fullLogLines: number | undefined;
  if (parsed.logFile) {
    fullLogLines = 0;
    for (const line of fs.readFileSync(parsed.logFile, 'utf8').split('\n')) if (/step \d+ of \d+: /.test(line)) fullLogLines++;
    fs.rmSync(parsed.logFile, { force: true });
  }
  return { ...parsed, fullLogLines };
}

async function harnessRows(ctx: BenchContext, notes: string[]): Promise<Row[]> {
  const key = 'bench-harness';
  const server = await startLocalServerProcess(ctx.root, { functionsDir: benchFunctions(ctx), dataDir: path.join(ctx.tmp, 'harness-data'), key, maxConcurrent: 10 });
  const modes: Mode[] = ['floor', 'run', 'page'];
  const results: Record<Mode, (HarnessOut & { fullLogLines?: number })[]> = { floor: [], run: [], page: [] };
  try {
    for (let rep = 0; rep < ctx.reps; rep++) {
      for (const mode of modes.map((_, i) => modes[(i + rep) % modes.length])) results[mode].push(await harnessRun(ctx, server, mode));
      ctx.log(`harness rep ${rep + 1}/${ctx.reps}: ${modes.map((m) => `${m} ${fmt(results[m][rep].cpuMs)} ms CPU (${fmt(results[m][rep].wallMs)} ms)`).join(', ')}`);
    }
  } finally {
    await server.stop();
  }
  const cpu = (mode: Mode) => results[mode].map((r) => r.cpuMs);
  const runRatio = pairedRatio(cpu('run'), cpu('floor'));
  const pageRatio = pairedRatio(cpu('page'), cpu('floor'));
  const lag = (mode: Mode) => results[mode].map((r) => r.lagP99Ms);
  const lagRatio = pairedRatio(lag('run'), lag('floor'));
  const postedKb = results.page.map((r) => r.postedBytes / 1024);
  const maxAppends = Math.max(...results.run.map((r) => r.maxAppendsPerSecond), ...results.page.map((r) => r.maxAppendsPerSecond));
  notes.push(
    "A child process per figure (test/bench/hostHarness.ts): the extension's own modules bundled for Node with a stand-in of the `vscode` module (test/bench/vscodeStandIn.ts: an Output channel that records each append, a tree that lists the function's runs again when told a run started or ended, as the view does while shown), fed by the local server running lines.py. CPU is the process's user + system time (`process.cpuUsage`, its I/O threads included) from the start request to the end of the run, after one warm-up run of 20,000 lines in the same process. " +
      '"Run Function": the window\'s run launcher (core/runs/launcher.ts) with the Output channel and the run\'s full log; "the page path": Run on the function page (PageRuns and PageHistory), its messages redacted through their JSON text and serialized as the panel posts them; the floor: the API client\'s streamed start, each line counted. ' +
      `Lines in the run's full log after each Run Function: ${results.run.map((r) => r.fullLogLines ?? 'no log').join(', ')}; lines the page was told of (shown or counted as skipped): ${results.page.map((r) => r.lines).join(', ')}; Output appends per run: ${results.run.map((r) => r.appends).join(', ')} (${results.run.map((r) => fmt(r.appendedChars / 1024)).join(', ')} KiB); posts to the page per run: ${results.page.map((r) => r.posts).join(', ')}, the largest ${fmt(Math.max(...results.page.map((r) => r.maxPostBytes)) / 1024)} KiB.`,
  );
  return [
    {
      measure:
        'Extension-host harness, CPU per 100,000 lines: Run Function (launcher, Output channel, full log, the tree told) vs the floor build (the API client reading and counting)',
      ours: fmtSummary(summarize(cpu('run')), 'ms'),
      alternative: fmtSummary(summarize(cpu('floor')), 'ms'),
      ratio: fmtRatio(runRatio),
      target: '≤ 1.5× (before: 2.4×)',
      met: runRatio.median <= 1.5 ? 'yes' : 'no',
    },
    {
      measure: 'The same, the page path (Run on the function page: launcher, Output, page posts, its history) vs the floor build',
      ours: fmtSummary(summarize(cpu('page')), 'ms'),
      alternative: fmtSummary(summarize(cpu('floor')), 'ms'),
      ratio: fmtRatio(pageRatio),
      target: '≤ 2× (before: 5.2×)',
      met: pageRatio.median <= 2 ? 'yes' : 'no',
    },
    {
      measure: 'Bytes posted to the page per run of 100,000 lines (JSON of every message, as serialized for the webview)',
      ours: fmtSummary(summarize(postedKb), 'KiB'),
      target: `≤ 0.1× before (${BYTES_BEFORE_KIB} KiB)`,
      met: summarize(postedKb).median <= 0.1 * BYTES_BEFORE_KIB ? 'yes' : 'no',
    },
    {
      measure: 'Output channel appends per second while streaming, the most in any second (Run Function and the page path)',
      ours: `${maxAppends}`,
      target: '≤ 4',
      met: maxAppends <= 4 ? 'yes' : 'no',
    },
    {
      measure: 'Harness event-loop lag (50 ms timer), p99 while streaming: Run Function vs the floor build',
      ours: fmtSummary(summarize(lag('run')), 'ms'),
      alternative: fmtSummary(summarize(lag('floor')), 'ms'),
      ratio: fmtRatio(lagRatio),
      met: '—',
    },
  ];
}

/**
 * Before this issue's changes: the issue's profile of the previous code measured 3.1–3.4 MB posted per
 * run of 100,000 lines; the lower end (3.1 MB = 3027 KiB) is taken, so the target is not made easier.
 */
const BYTES_BEFORE_KIB = Number(process.env.NOTTE_BENCH_PAGE_BYTES_BEFORE_KIB ?? 3027);

/** Functions of the listing rows: the same code under two names, one given long runs, the other short ones. */
function listingFunctions(ctx: BenchContext): string {
  const dir = path.join(ctx.tmp, 'listing-functions');
  fs.mkdirSync(dir, { recursive: true });
  const lines = fs.readFileSync(path.join(benchFunctions(ctx), 'lines.py'), 'utf8');
  fs.writeFileSync(path.join(dir, 'long_runs.py'), lines);
  fs.writeFileSync(path.join(dir, 'short_runs.py'), lines);
  return dir;
}

async function listingRows(ctx: BenchContext, notes: string[]): Promise<Row[]> {
  const key = 'bench-listing';
  const server = await startLocalServerProcess(ctx.root, { functionsDir: listingFunctions(ctx), dataDir: path.join(ctx.tmp, 'listing-data'), key, maxConcurrent: 10 });
  const client = new NotteClient({
    baseUrl: server.url,
    apiKey: async () => key,
    origin: 'bench',
    userAgent: 'notte-functions-bench',
    sdkVersion: '0.0.0',
    requestTimeoutMs: 300_000,
  });
  const long: number[] = [];
  const short: number[] = [];
  const bytes = { long: 0, short: 0 };
  try {
    for (let i = 0; i < 10; i++) {
      await client.startRun('long_runs', { count: LINES });
      await client.startRun('short_runs', { count: 1 });
    }
    const size = async (fn: string) => {
      const res = await fetch(`${server.url}/functions/${fn}/runs?page=1&page_size=10&only_active=false`, { headers: { Authorization: `Bearer ${key}` } });
      return (await res.arrayBuffer()).byteLength;
    };
    bytes.long = await size('long_runs');
    bytes.short = await size('short_runs');
    const timeOne = async (fn: string) => {
      const started = performance.now();
      const page = await client.listRuns(fn, { page: 1, page_size: 10, only_active: false });
      if (page.items.length !== 10) throw new Error(`${fn}: ${page.items.length} runs listed`);
      return performance.now() - started;
    };
    for (let i = 0; i < 5; i++) await Promise.all([timeOne('long_runs'), timeOne('short_runs')]); // warm-up
    for (let rep = 0; rep < ctx.reps; rep++) {
      const times = { long: [] as number[], short: [] as number[] };
      for (let i = 0; i < 10; i++) for (const fn of i % 2 === 0 ? (['long', 'short'] as const) : (['short', 'long'] as const)) times[fn].push(await timeOne(`${fn}_runs`));
      long.push(
        quantile(
          [...times.long].sort((a, b) => a - b),
          0.5,
        ),
      );
      short.push(
        quantile(
          [...times.short].sort((a, b) => a - b),
          0.5,
        ),
      );
      ctx.log(`listing rep ${rep + 1}/${ctx.reps}: long runs ${fmt(long[rep])} ms, short runs ${fmt(short[rep])} ms`);
    }
  } finally {
    await client.close();
    await server.stop();
  }
  const ratio = pairedRatio(long, short);
  const perRun = bytes.long / 10;
  notes.push(
    `Listings: the local server ran long_runs.py 10 times with 100,000 lines and short_runs.py (the same code) 10 times with one line, then \`NotteClient.listRuns(…, {page_size: 10, only_active: false})\` of each was timed 10 times per repetition, alternating (the median per repetition), from the request to the parsed page; the listing of the short runs is ${fmt(bytes.short / 1024)} KiB.`,
  );
  return [
    {
      measure: 'A listing of 10 runs of 100,000 lines each: size per run',
      ours: `${fmt(perRun / 1024)} KiB`,
      target: '≤ 2 KiB per run',
      met: perRun <= 2048 ? 'yes' : 'no',
    },
    {
      measure: 'The same listing, time (request to parsed page) vs a listing of 10 runs of one line each',
      ours: fmtSummary(summarize(long), 'ms'),
      alternative: fmtSummary(summarize(short), 'ms'),
      ratio: fmtRatio(ratio),
      target: '≤ 1.1×',
      met: ratio.median <= 1.1 ? 'yes' : 'no',
    },
  ];
}

/** A Node process that only reads the producer's pipe and counts its lines: what any Node server on that core pays. */
const NODE_PIPE_FLOOR = `
const { spawn } = require('child_process');
const [python, dir, count] = process.argv.slice(1);
const started = performance.now();
const child = spawn(python, ['-u', '-c', 'import sys; sys.path.insert(0, sys.argv[1]); import lines; lines.run(' + count + ')', dir], { stdio: ['ignore', 'pipe', 'inherit'] });
let lines = 0;
child.stdout.setEncoding('utf8').on('data', (text) => { for (let at = text.indexOf('\\n'); at >= 0; at = text.indexOf('\\n', at + 1)) lines++; });
child.on('close', () => process.stdout.write(JSON.stringify({ lines, ms: performance.now() - started })));
`;

/** The server and its Python on core 0 (`taskset -c 0`), curl on the other; the bare producer, and a Node process only reading it, on core 0 too. */
async function pinnedRows(ctx: BenchContext, notes: string[]): Promise<Row[]> {
  const key = 'bench-pinned';
  const functionsDir = benchFunctions(ctx);
  const server = await startLocalServerProcess(ctx.root, { functionsDir, dataDir: path.join(ctx.tmp, 'pinned-data'), key, prefix: ['taskset', '-c', '0'] });
  const timed: Record<'server' | 'bare' | 'node', number[]> = { server: [], bare: [], node: [] };
  const bare = async () =>
    (
      await run('sh', [
        '-c',
        `taskset -c 0 '${benchPython()}' -u -c 'import sys; sys.path.insert(0, sys.argv[1]); import lines; lines.run(${LINES})' '${functionsDir}' | cat > /dev/null`,
      ])
    ).ms;
  const nodeFloor = async () => {
    const out = await run('taskset', ['-c', '0', process.execPath, '-e', NODE_PIPE_FLOOR, benchPython(), functionsDir, String(LINES)]);
    // Its own time, from the producer's spawn to its end: Node's start-up is not what is compared.
    const read = JSON.parse(out.stdout.trim() || '{}') as { lines?: number; ms?: number };
    if (read.lines !== LINES || read.ms === undefined) throw new Error(`the Node pipe reader counted ${read.lines} lines: ${out.stderr.slice(-400)}`);
    return read.ms;
  };
  const target = { baseUrl: server.url, key, functionId: 'lines' };
  const measure = { server: async () => (await readWithCurl(target, { count: LINES })).ms, bare, node: nodeFloor };
  const kinds = ['server', 'bare', 'node'] as const;
  try {
    for (const kind of kinds) await measure[kind]();
    for (let rep = 0; rep < ctx.reps; rep++) {
      for (const kind of kinds.map((_, i) => kinds[(i + rep) % kinds.length])) timed[kind].push(await measure[kind]());
      ctx.log(
        `pinned rep ${rep + 1}/${ctx.reps}: curl through the server ${fmt(timed.server[rep])} ms, bare producer ${fmt(timed.bare[rep])} ms, Node only reading it ${fmt(timed.node[rep])} ms`,
      );
    }
  } finally {
    await server.stop();
  }
  const ratio = pairedRatio(timed.server, timed.bare);
  const floorRatio = pairedRatio(timed.server, timed.node);
  notes.push(
    "Pinned: the local server started under `taskset -c 0` (its Python runs inherit the core), the bare producer (`python3 -u` running lines.py into `cat`) under `taskset -c 0` too; curl and cat are not pinned. The Node floor: a Node process on core 0 that spawns the same producer and only reads its pipe and counts its lines, timed by itself from the spawn to the producer's end. Rotating order, one uncounted run of each first.",
    "Why the server pinned is not near the bare producer: on one core, each time the function writes a line, the reader is woken and reads what is there (about 270 bytes at a time here: some 30,000 reads per 100,000 lines, counted in a Node reader); `cat` pays a read per wake, Node pays its event loop's turn and a JavaScript callback, about 15–20 µs, so a Node process that does nothing but read the pipe already takes most of the server's time (the floor row). Pausing the pipe to read larger chunks made it slower (the producer then waits on a full pipe).",
  );
  return [
    {
      measure: 'The server pinned to one core: `curl -N` through it vs the bare producer on the same core (100,000 lines)',
      ours: fmtSummary(summarize(timed.server), 'ms'),
      alternative: fmtSummary(summarize(timed.bare), 'ms'),
      ratio: fmtRatio(ratio),
      target: '≤ 1.05× (before: 1.12×)',
      met: ratio.median <= 1.05 ? 'yes' : 'no',
    },
    {
      measure: "The same, vs the Node floor: a Node process on the same core only reading the producer's pipe and counting its lines",
      ours: fmtSummary(summarize(timed.server), 'ms'),
      alternative: fmtSummary(summarize(timed.node), 'ms'),
      ratio: fmtRatio(floorRatio),
      target: '—',
      met: '—',
    },
  ];
}

export async function harnessSection(ctx: BenchContext): Promise<Section> {
  const notes: string[] = [];
  const rows = [...(await harnessRows(ctx, notes)), ...(await listingRows(ctx, notes)), ...(await pinnedRows(ctx, notes))];
  return { title: 'Streaming at the floor (issue 27): the extension-host harness, listings of long runs, the server on one core', rows, notes };
}
