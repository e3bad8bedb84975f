// `npm run bench` (through test/harness/bench.js, which bundles this file): runs every section,
// prints the table and writes it with the machine it ran on to test/bench/results.md.
// Options: --reps N (default 5), --only a,b (sections: activation, editor, page, streaming, harness, tree, memory, server-memory, lenses, server, browser, recorder, contracts, testing-view), --no-write.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { streamingSections } from './streaming';
import { treeSection } from './tree';
import { concurrencySection } from './concurrency';
import { contractsSection } from './contracts';
import { testingViewSection } from './testingView';
import { memorySection, serverMemorySection } from './memory';
import { lensesSection } from './lenses';
import { activationSections, editorSections } from './vscode';
import { pageSection } from './page';
import { browserSection } from './browser';
import { recorderSection } from './recorder';
import { harnessSection } from './harness';
import type { BenchContext, Row, Section } from './types';

const root = path.resolve(__dirname, '..', '..');

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function version(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim().split('\n')[0];
  } catch {
    return 'not found';
  }
}

function machine(loadAtStart: number[]): string[] {
  const cpus = os.cpus();
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  return [
    `- Date: ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`,
    `- CPU: ${cpus[0]?.model.trim() ?? 'unknown'}, ${cpus.length} cores (${os.availableParallelism()} available to Node)`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${os.type()} ${os.release()} (${os.arch()})`,
    `- Node (bench, API module, local server): ${process.version}`,
    `- Python: ${version('python3', ['-c', 'import sys, requests; print(sys.version.split()[0], "requests", requests.__version__)'])}`,
    `- curl: ${version('curl', ['--version'])}`,
    `- Load average (1 / 5 / 15 min) at the start: ${load(loadAtStart)}, at the end: ${load(os.loadavg())} (other processes on the machine were not stopped)`,
  ];
}

function table(sections: Section[]): string {
  const out: string[] = [];
  for (const section of sections) {
    out.push(`### ${section.title}`, '');
    out.push('| Measure | This project: median (min–max) | Alternative, same run | Ratio (this ÷ alternative) | Target | Met |');
    out.push('|---|---|---|---|---|---|');
    for (const row of section.rows) {
      const cells = [row.measure, row.ours, row.alternative ?? '—', row.ratio ?? '—', row.target ?? '—', row.met ?? '—'];
      out.push(`| ${cells.map((c) => c.replace(/\|/g, '\\|').replace(/\n/g, ' ')).join(' | ')} |`);
    }
    out.push('');
    for (const note of section.notes) out.push(`- ${note}`);
    if (section.notes.length) out.push('');
  }
  return out.join('\n');
}

function notMeasured(title: string, error: unknown): Section {
  const reason = error instanceof Error ? error.message : String(error);
  const row: Row = { measure: title, ours: `not measured: ${reason.split('\n')[0].slice(0, 300)}`, met: '—' };
  return { title, rows: [row], notes: [] };
}

async function main(): Promise<void> {
  const reps = Number(option('--reps') ?? 5);
  const only = option('--only')?.split(',');
  const tmp = path.join(root, '.bench-tmp', 'work');
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const started = Date.now();
  const loadAtStart = os.loadavg();
  const ctx: BenchContext = { root, tmp, reps, log: (line) => console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`) };

  const plan: [string, string, (ctx: BenchContext) => Promise<Section[]>][] = [
    ['activation', 'VS Code: cold activation', activationSections],
    ['editor', 'VS Code: Output channel and extension host heap', editorSections],
    ['page', 'VS Code: the function page (first paint, frames while streaming)', async (c) => [await pageSection(c)]],
    ['streaming', 'Streaming', streamingSections],
    ['harness', 'Streaming at the floor: the extension-host harness, listings, the pinned server', async (c) => [await harnessSection(c)]],
    ['tree', 'Tree listing', async (c) => [await treeSection(c)]],
    ['memory', 'Memory of the API module', async (c) => [await memorySection(c)]],
    ['server-memory', "The local server's memory under output capped in bytes", async (c) => [await serverMemorySection(c)]],
    ['lenses', 'Lenses over run(...)', async (c) => [await lensesSection(c)]],
    ['server', 'Local server: 50 concurrent runs', async (c) => [await concurrencySection(c)]],
    ['browser', 'Local server: browser sessions', async (c) => [await browserSection(c)]],
    ['recorder', 'VS Code: the browser panel (first frame, live frames, a click on the frame)', async (c) => [await recorderSection(c)]],
    ['contracts', 'Saved sets as tests: 50 sets vs Run Batch', async (c) => [await contractsSection(c)]],
    ['testing-view', 'Saved sets as tests: discovery in the Testing view', async (c) => [await testingViewSection(c)]],
  ];
  const sections: Section[] = [];
  for (const [name, title, run] of plan) {
    if (only && !only.includes(name)) continue;
    ctx.log(`— ${title}`);
    try {
      sections.push(...(await run(ctx)));
    } catch (error) {
      ctx.log(`${title} failed: ${error instanceof Error ? error.stack : error}`);
      sections.push(notMeasured(title, error));
    }
  }
  const minutes = ((Date.now() - started) / 60000).toFixed(1);
  const text = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` (${reps} repetitions of each figure unless a row says otherwise; alternatives are measured in the same repetitions, interleaved; a ratio is the median of the per-repetition ratios). The whole run took ${minutes} min.`,
    '',
    '## Machine',
    ...machine(loadAtStart),
    '',
    '## Results',
    '',
    table(sections),
  ].join('\n');
  console.log(text);
  if (!process.argv.includes('--no-write') && !only) {
    fs.writeFileSync(path.join(root, 'test', 'bench', 'results.md'), text);
    console.error('bench: written to test/bench/results.md');
  } else if (!process.argv.includes('--no-write')) {
    fs.writeFileSync(path.join(root, '.bench-tmp', 'results-partial.md'), text);
    console.error('bench: partial run (--only), written to .bench-tmp/results-partial.md, not to test/bench/results.md');
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
