// Tree rows: listing 1,000 functions and 10,000 runs of one function, page by page, through the API
// module against a local server whose folders were filled beforehand: time to the first page and to
// the last, at the view's default page size (20) side by side with 100.
import * as fs from 'fs';
import * as path from 'path';
import { NotteClient } from '../../src/api';
import { startLocalServerProcess } from './processes';
import { fmt, fmtRatio, fmtSummary, pairedRatio, summarize } from './stats';
import type { BenchContext, Row, Section } from './types';

const FUNCTIONS = 1000;
const RUNS = 10_000;
const RUN_FUNCTION = 'fn_0000';

function fillFunctions(dir: string): void {
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < FUNCTIONS; i++) {
    const name = `fn_${String(i).padStart(4, '0')}`;
    fs.writeFileSync(path.join(dir, `${name}.py`), `"""Bench function ${i}."""\n\n\ndef run(url: str = "https://example.com", steps: int = ${i % 10}):\n    return url\n`);
  }
}

/** Runs as the local server stores them: one JSON file each under <data>/runs. */
function fillRuns(dataDir: string): void {
  const dir = path.join(dataDir, 'runs');
  fs.mkdirSync(dir, { recursive: true });
  const start = Date.parse('2026-01-01T00:00:00Z');
  for (let i = 0; i < RUNS; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const created = new Date(start + i * 60_000).toISOString();
    const run = {
      function_id: RUN_FUNCTION,
      workflow_id: RUN_FUNCTION,
      function_run_id: id,
      workflow_run_id: id,
      created_at: created,
      updated_at: created,
      status: i % 17 === 0 ? 'failed' : 'closed',
      session_id: null,
      logs: [0, 1, 2].map((l) => `${created.replace('T', ' ').slice(0, 23)} | INFO     | ${RUN_FUNCTION}:run | step ${l} of run ${i}`),
      variables: { url: 'https://example.com', steps: i % 10 },
      result: i % 17 === 0 ? 'Traceback: boom' : JSON.stringify('https://example.com'),
      local: false,
      version: null,
      stop_reason: null,
      pid: null,
    };
    fs.writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(run));
  }
}

interface Timing {
  firstMs: number;
  allMs: number;
  items: number;
}

async function time(iterable: AsyncIterable<unknown>): Promise<Timing> {
  const started = performance.now();
  let firstMs = NaN;
  let items = 0;
  for await (const _ of iterable) {
    void _;
    if (items === 0) firstMs = performance.now() - started;
    items++;
  }
  return { firstMs, allMs: performance.now() - started, items };
}

export async function treeSection(ctx: BenchContext): Promise<Section> {
  const functionsDir = path.join(ctx.tmp, 'tree-functions');
  const dataDir = path.join(ctx.tmp, 'tree-data');
  fillFunctions(functionsDir);
  fillRuns(dataDir);
  const key = 'bench-tree';
  const startedAt = performance.now();
  const server = await startLocalServerProcess(ctx.root, { functionsDir, dataDir, key });
  const serverStartMs = performance.now() - startedAt;
  try {
    const client = new NotteClient({
      baseUrl: server.url,
      apiKey: async () => key,
      origin: 'bench',
      userAgent: 'notte-functions-bench',
      sdkVersion: '0.0.0',
      requestTimeoutMs: 60_000,
    });
    const cases = {
      functions20: () => client.functions({ page_size: 20 }),
      functions100: () => client.functions({ page_size: 100 }),
      runs20: () => client.runs(RUN_FUNCTION, { page_size: 20, only_active: false }),
      runs100: () => client.runs(RUN_FUNCTION, { page_size: 100, only_active: false }),
    };
    type Case = keyof typeof cases;
    const results = Object.fromEntries(Object.keys(cases).map((k) => [k, [] as Timing[]])) as Record<Case, Timing[]>;
    const names = Object.keys(cases) as Case[];
    for (const name of names) await time(cases[name]()); // warm-up
    for (let rep = 0; rep < ctx.reps; rep++) {
      for (let i = 0; i < names.length; i++) {
        const name = names[(i + rep) % names.length];
        const timing = await time(cases[name]());
        const expected = name.startsWith('functions') ? FUNCTIONS : RUNS;
        if (timing.items !== expected) throw new Error(`${name}: ${timing.items} items, not ${expected}`);
        results[name].push(timing);
      }
      ctx.log(`tree rep ${rep + 1}/${ctx.reps}: ${names.map((n) => `${n} ${fmt(results[n][rep].firstMs)}/${fmt(results[n][rep].allMs)} ms`).join(', ')}`);
    }
    const first = (n: Case) => results[n].map((t) => t.firstMs);
    const all = (n: Case) => results[n].map((t) => t.allMs);
    const row = (measure: string, a: number[], b: number[]): Row => ({
      measure,
      ours: fmtSummary(summarize(a), 'ms'),
      alternative: fmtSummary(summarize(b), 'ms'),
      ratio: fmtRatio(pairedRatio(a, b)),
      met: '—',
    });
    return {
      title: 'Tree: listing 1,000 functions and 10,000 runs of one function, paged (API module against the local server)',
      rows: [
        row("1,000 functions, time to first page: page_size 20 (the view's default) vs 100", first('functions20'), first('functions100')),
        row('1,000 functions, time to all pages: page_size 20 (50 requests) vs 100 (10 requests)', all('functions20'), all('functions100')),
        row('10,000 runs, time to first page: page_size 20 vs 100', first('runs20'), first('runs100')),
        row('10,000 runs, time to all pages: page_size 20 (500 requests) vs 100 (100 requests)', all('runs20'), all('runs100')),
      ],
      notes: [
        `\`NotteClient.functions()\` and \`runs(…, {only_active: false})\` iterated to the end; the local server's folder held ${FUNCTIONS} function files and its data folder ${RUNS} stored runs of one function (3 log lines each), written beforehand in the run store's format. ` +
          `The server took ${fmt(serverStartMs)} ms to start with them (1 run). The view itself shows one page and a "Load more…" item; the in-editor tree was not timed.`,
      ],
    };
  } finally {
    await server.stop();
  }
}
