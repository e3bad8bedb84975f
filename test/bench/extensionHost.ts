// Runs inside VS Code's extension host, loaded like the in-editor suite (extensionTestsPath): measures
// what only the real editor can show and writes one JSON file for the bench (NOTTE_BENCH_OUT).
// NOTTE_BENCH_MODE: "activation" (a fresh host: activation time, network and modules before the view
// is opened) or "output" (100,000 lines into the Output channel while commands are timed; extension
// host heap after 100,000 and 1,000,000 lines) or "page" (the function page's first paint and its
// frames while lines stream: pageHost.ts) or "recorder" (the browser panel opened and closed as the
// bench asks: recorderHost.ts) or "testing" (the Testing view's discovery: testingHost.ts).
import * as fs from 'fs';
import * as http from 'http';
import * as v8 from 'v8';
import * as vm from 'vm';
import * as vscode from 'vscode';
import { EMPTY_COMMAND, EMPTY_EXTENSION_ID, FLOOR_EXTENSION_ID, READER_COMMAND } from './emptyExtension';
import { pageBench } from './pageHost';
import { recorderBench } from './recorderHost';
import { testingBench } from './testingHost';

const EXTENSION_ID = 'notte-community.notte-functions';
/** Our command timed on its first call: it builds the window's WindowContext, as any first command does. */
const FIRST_COMMAND = 'notte.refresh';

interface RunCommandResult {
  runId?: string;
  status?: string;
  error?: string;
  logFile?: string;
  folded?: number;
}

/** Lines of the function (not the run's header or result) in its full log file, if it wrote one. */
function fullLogLines(file: string | undefined): number | undefined {
  if (!file || !fs.existsSync(file)) return undefined;
  let count = 0;
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) if (/step \d+ of \d+: /.test(line)) count++;
  return count;
}

function getJson<T>(url: string): Promise<T> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => {
          try {
            resolve(JSON.parse(body) as T);
          } catch (error) {
            reject(error);
          }
        });
      })
      .on('error', reject);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function loadedModules(): Set<string> {
  const list = (process as unknown as { moduleLoadList?: string[] }).moduleLoadList ?? [];
  return new Set([...list, ...Object.keys(require.cache).map((k) => `file ${k}`)]);
}

/** Activates one extension cold; answers the time `activate()` took and the modules it loaded. */
async function activateOne(id: string): Promise<{ ms: number; modules: string[] }> {
  const extension = vscode.extensions.getExtension(id);
  if (!extension) throw new Error(`${id} is not installed`);
  if (extension.isActive) throw new Error(`${id} was active before the bench activated it`);
  const before = loadedModules();
  const started = performance.now();
  const api = (await extension.activate()) as { ready?: Promise<void> } | undefined;
  const ms = performance.now() - started;
  await api?.ready;
  const after = loadedModules();
  return { ms, modules: [...after].filter((m) => !before.has(m)) };
}

async function timeCommand(id: string): Promise<number> {
  const started = performance.now();
  await vscode.commands.executeCommand(id);
  return performance.now() - started;
}

async function activation(out: Record<string, unknown>): Promise<void> {
  const counter = process.env.NOTTE_BENCH_COUNTER_URL;
  const extension = vscode.extensions.getExtension(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed`);
  out.activeBefore = extension.isActive;
  // Point the extension at the counting server before it activates (a key comes from NOTTE_API_KEY).
  if (counter) await vscode.workspace.getConfiguration('notte').update('apiUrl', counter, vscode.ConfigurationTarget.Global);
  // Both extensions in this one host, in the order the bench chose for this repetition (alternating,
  // so neither always pays for going first).
  const emptyFirst = process.env.NOTTE_BENCH_EMPTY_FIRST === '1';
  out.emptyFirst = emptyFirst;
  const startedAt = performance.now();
  // The yardsticks go first in every other run (empty, then registrations only), last in the others.
  const activateYardsticks = async () => {
    out.emptyActivateMs = (await activateOne(EMPTY_EXTENSION_ID)).ms;
    out.floorActivateMs = (await activateOne(FLOOR_EXTENSION_ID)).ms;
  };
  if (emptyFirst) await activateYardsticks();
  const ours = await activateOne(EXTENSION_ID);
  out.activateMs = ours.ms;
  out.readyMs = performance.now() - startedAt;
  out.modulesLoaded = ours.modules;
  if (!emptyFirst) await activateYardsticks();
  if (counter) {
    await sleep(2000);
    out.requestsBeforeView = (await getJson<{ count: number }>(`${counter}/__count`)).count;
    // The first call of a command pays for loading its code (and ours, the window's WindowContext): ours vs the
    // empty extension's, in the same alternating order; then each once more, already loaded.
    const commands = emptyFirst ? [EMPTY_COMMAND, FIRST_COMMAND] : [FIRST_COMMAND, EMPTY_COMMAND];
    const beforeCommands = loadedModules();
    const first: Record<string, number> = {};
    for (const id of commands) first[id] = await timeCommand(id);
    const second: Record<string, number> = {};
    for (const id of commands) second[id] = await timeCommand(id);
    out.firstCommandMs = first[FIRST_COMMAND];
    out.emptyFirstCommandMs = first[EMPTY_COMMAND];
    out.secondCommandMs = second[FIRST_COMMAND];
    out.emptySecondCommandMs = second[EMPTY_COMMAND];
    out.filesLoadedByFirstCommand = [...loadedModules()].filter((m) => !beforeCommands.has(m) && m.startsWith(`file ${extension.extensionPath}`)).length;
    await vscode.commands.executeCommand('workbench.view.extension.notte');
    const deadline = Date.now() + 10000;
    let count = 0;
    while (Date.now() < deadline && count === 0) {
      await sleep(100);
      count = (await getJson<{ count: number }>(`${counter}/__count`)).count;
    }
    out.requestsAfterView = count;
  }
  // VS Code's own record, 1: the workbench's "Startup Performance" document (perf: scheme), whose
  // "Extension Activation Stats" table holds the times the extension host reported for each extension.
  try {
    // Opened by the workbench (the extension host cannot resolve that scheme itself); its text model
    // is then mirrored to the extension host like any open document.
    await vscode.commands.executeCommand('perfview.show');
    const deadline = Date.now() + 10000;
    let row: string | undefined;
    let document: vscode.TextDocument | undefined;
    while (!row && Date.now() < deadline) {
      document = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'perf');
      // Matched on the first cell: the "By" cell of the empty extension's row names ours (our test
      // script activated it).
      row = document
        ?.getText()
        .split('\n')
        .find((line) => firstCell(line)?.includes(EXTENSION_ID));
      const rowOf = (id: string) =>
        document
          ?.getText()
          .split('\n')
          .find((line) => firstCell(line)?.includes(id));
      const emptyRow = rowOf(EMPTY_EXTENSION_ID);
      const floorRow = rowOf(FLOOR_EXTENSION_ID);
      if (row && emptyRow) out.emptyPerf = perfCells(emptyRow);
      if (row && floorRow) out.floorPerf = perfCells(floorRow);
      if (!row) await sleep(250);
    }
    if (row) {
      out.perf = perfCells(row);
    } else out.perfMissing = document ? `no row in: ${document.getText().slice(0, 200)}` : 'the perf document did not reach the extension host';
  } catch (error) {
    out.perfError = String(error);
  }
  // VS Code's own record, 2: its Running Extensions editor, read from the page by the bench meanwhile.
  const handshake = process.env.NOTTE_BENCH_HANDSHAKE;
  if (handshake && !out.perf) {
    // Asked again every 2 s until read: a workbench still restoring its layout may close it at first.
    const deadline = Date.now() + 14000;
    let asked = 0;
    while (!fs.existsSync(`${handshake}.done`) && Date.now() < deadline) {
      if (Date.now() - asked > 2000) {
        asked = Date.now();
        await vscode.commands.executeCommand('workbench.action.showRuntimeExtensions');
        fs.writeFileSync(`${handshake}.showing`, '1');
      }
      await sleep(100);
    }
  }
}

function firstCell(line: string): string | undefined {
  return line.trim().startsWith('|') ? line.split('|')[1]?.trim() : undefined;
}

/** A row of the "Extension Activation Stats" table: Extension | Eager | Load Code | Call Activate | Finish Activate | Event | By. */
function perfCells(row: string): { codeLoadingTime: number; activateCallTime: number; activateResolvedTime: number; event: string; row: string } {
  const cells = row
    .split('|')
    .map((c) => c.trim())
    .filter((c, i, all) => i > 0 && i < all.length - 1);
  return { codeLoadingTime: Number(cells[2]), activateCallTime: Number(cells[3]), activateResolvedTime: Number(cells[4]), event: cells[5], row };
}

/** Round trip from the extension host to the workbench and back (a context key, no other effect). */
async function ping(i: number): Promise<number> {
  const started = performance.now();
  await vscode.commands.executeCommand('setContext', 'notteBench.ping', i);
  return performance.now() - started;
}

/** Times pings every `everyMs` until `until` settles; answers the latencies and the event-loop lags. */
async function pingWhile(until: Promise<unknown> | number, everyMs = 50): Promise<{ pings: number[]; lags: number[] }> {
  let done = false;
  if (typeof until === 'number') setTimeout(() => (done = true), until);
  else void until.finally(() => (done = true));
  const pings: number[] = [];
  const lags: number[] = [];
  let i = 0;
  while (!done) {
    pings.push(await ping(i++));
    const due = performance.now() + everyMs;
    await sleep(everyMs);
    lags.push(Math.max(0, performance.now() - due));
  }
  return { pings, lags };
}

function gcFunction(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

async function runLines(count: number): Promise<{ ms: number; result: RunCommandResult | undefined }> {
  const started = performance.now();
  const result = await vscode.commands.executeCommand<RunCommandResult>('notte.runFunction', 'lines', { count });
  const ms = performance.now() - started;
  if (result?.status !== 'closed') throw new Error(`the run of ${count} lines ended ${JSON.stringify(result)}`);
  return { ms, result };
}

async function output(out: Record<string, unknown>): Promise<void> {
  const url = process.env.NOTTE_BENCH_SERVER_URL!;
  const key = process.env.NOTTE_BENCH_SERVER_KEY!;
  const reps = Number(process.env.NOTTE_BENCH_REPS ?? 3);
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  // What the extension's own tests read (its test door, answered in ExtensionMode.Test only).
  const api = await ((await extension.activate()) as { testing(): Promise<{ outputLines(): readonly string[] }> }).testing();
  await vscode.workspace.getConfiguration('notte').update('apiUrl', url, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('notte.setApiKey', key);
  await runLines(100); // warm-up
  await sleep(5000); // let the workbench settle after start-up
  // The bench presses F1 / Escape in the page meanwhile (from .probe to .end) and sorts its timings
  // into these windows by wall-clock time.
  const handshake = process.env.NOTTE_BENCH_HANDSHAKE;
  if (handshake) fs.writeFileSync(`${handshake}.probe`, '1');
  const windows: { kind: 'idle' | 'streaming' | 'floor'; rep: number; from: number; to: number }[] = [];
  const idle: { pings: number[]; lags: number[] }[] = [];
  const streaming: { pings: number[]; lags: number[]; ms: number; lastLine: string; folded?: number; fullLogLines?: number }[] = [];
  // The floor build (readerExtension.ts, installed beside ours): the same run read and counted, nothing shown.
  const floor: { pings: number[]; lags: number[]; ms: number }[] = [];
  const floorRun = async (count: number) => {
    const started = performance.now();
    const answer = await vscode.commands.executeCommand<{ status?: string; lines?: number }>(READER_COMMAND, url, key, 'lines', { count });
    if (answer?.status !== 'closed' || answer.lines !== count) throw new Error(`the floor build's run of ${count} lines ended ${JSON.stringify(answer)}`);
    return performance.now() - started;
  };
  await floorRun(100); // warm-up
  for (let rep = 0; rep < reps; rep++) {
    let from = Date.now();
    idle.push(await pingWhile(3000));
    windows.push({ kind: 'idle', rep, from, to: Date.now() });
    // Ours and the floor build in alternating order, so neither always follows the idle window.
    const order: ('ours' | 'floor')[] = rep % 2 === 0 ? ['ours', 'floor'] : ['floor', 'ours'];
    for (const which of order) {
      from = Date.now();
      if (which === 'floor') {
        const run = floorRun(100_000);
        const probe = await pingWhile(run);
        windows.push({ kind: 'floor', rep, from, to: Date.now() });
        floor.push({ ...probe, ms: await run });
      } else {
        const run = runLines(100_000);
        const probe = await pingWhile(run);
        windows.push({ kind: 'streaming', rep, from, to: Date.now() });
        const { ms, result } = await run;
        const lines = api.outputLines();
        const lastLog = [...lines].reverse().find((l) => /step \d+ of 100000/.test(l)) ?? '';
        streaming.push({ ...probe, ms, lastLine: lastLog, folded: result?.folded, fullLogLines: fullLogLines(result?.logFile) });
      }
      await sleep(2000); // the workbench finishes rendering before the next window
    }
  }
  if (handshake) fs.writeFileSync(`${handshake}.end`, '1');
  out.floor = floor;
  out.idle = idle;
  out.streaming = streaming;
  out.windows = windows;

  // Heap of the extension host: after a GC, before and after 100,000 and 1,000,000 lines.
  const gc = gcFunction();
  const heap = () => {
    gc();
    gc();
    return process.memoryUsage().heapUsed;
  };
  const memory: Record<string, number>[] = [];
  const memoryReps = Number(process.env.NOTTE_BENCH_MEMORY_REPS ?? 2);
  for (let rep = 0; rep < memoryReps; rep++) {
    for (const count of [100_000, 1_000_000]) {
      const before = heap();
      let peak = process.memoryUsage().heapUsed;
      const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().heapUsed)), 20);
      const { ms } = await runLines(count);
      clearInterval(sampler);
      await sleep(2000); // messages to the workbench drain first
      const after = heap();
      memory.push({ count, before, after, peak, ms });
    }
  }
  out.memory = memory;
}

export async function run(): Promise<void> {
  const file = process.env.NOTTE_BENCH_OUT;
  const out: Record<string, unknown> = { node: process.version, vscode: vscode.version };
  try {
    const mode = process.env.NOTTE_BENCH_MODE ?? 'activation';
    if (mode === 'activation') await activation(out);
    else if (mode === 'page') await pageBench(out);
    else if (mode === 'recorder') await recorderBench(out);
    else if (mode === 'testing') await testingBench(out);
    else await output(out);
  } catch (error) {
    out.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  }
  if (file) fs.writeFileSync(file, JSON.stringify(out));
  if (out.error) throw new Error(String(out.error));
}
