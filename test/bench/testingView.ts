// The Testing view's discovery in the real VS Code: a workspace of 100 functions' sets files (10 sets
// each), from the Testing view opening to its tree showing the 100 functions (each with its sets),
// against an extension whose test controller has no items, from the view opening to the view showing
// it has none. Each side is its own VS Code launch (a fresh server, page and extension host), both in
// every repetition, in alternating order; the host side is testingHost.ts.
import * as fs from 'fs';
import * as path from 'path';
import { PageLike, runInEditor, type Harness } from './editor';
import { packageExtension } from './emptyExtension';
import { fmt, fmtRatio, fmtSummary, pairedRatio, sleep, summarize } from './stats';
import { EMPTY_CONTROLLER_EXTENSION_ID, EMPTY_CONTROLLER_RESOLVES, TESTING_FUNCTIONS, TESTING_SETS } from './testingShared';
import type { BenchContext, Section } from './types';

/** ours; the empty controller; the floor: that extension's controller making the items ours lists, in memory; one: it making a single item. */
type Side = 'ours' | 'empty' | 'floor' | 'one';

/**
 * The extension of the yardsticks: a controller with our three run profiles, whose resolve handler answers no
 * item, or (NOTTE_BENCH_SIDE=floor) makes the 100 × 10 items ours lists, from memory (what VS Code charges to show them),
 * or (NOTTE_BENCH_SIDE=one) makes a single item (what VS Code charges to show any).
 */
function writeEmptyController(dir: string, engines: { vscode: string }): string {
  fs.mkdirSync(dir, { recursive: true });
  const [publisher, name] = EMPTY_CONTROLLER_EXTENSION_ID.split('.');
  const manifest = { name, displayName: 'Bench: empty test controller', publisher, version: '0.0.1', engines, main: './extension.js', activationEvents: [] };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(
    path.join(dir, 'extension.js'),
    [
      "'use strict';",
      "const vscode = require('vscode');",
      'const resolves = [];',
      'exports.activate = (context) => {',
      "  const controller = vscode.tests.createTestController('notteBenchEmpty.tests', 'Bench: empty controller');",
      '  controller.resolveHandler = async (item) => {',
      '    const calledAt = Date.now();',
      "    if (!item && process.env.NOTTE_BENCH_SIDE === 'floor') controller.items.replace(floorItems(controller));\n    if (!item && process.env.NOTTE_BENCH_SIDE === 'one') controller.items.replace([controller.createTestItem('one', 'one')]);",
      '    resolves.push({ calledAt, returnedAt: Date.now() });',
      '  };',
      '  const nothing = () => undefined;',
      "  controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, nothing, true);",
      "  controller.createRunProfile('Run Locally', vscode.TestRunProfileKind.Run, nothing, false);",
      "  controller.createRunProfile('Debug', vscode.TestRunProfileKind.Debug, nothing, true);",
      `  context.subscriptions.push(controller, vscode.commands.registerCommand('${EMPTY_CONTROLLER_RESOLVES}', () => resolves));`,
      '};',
      'exports.deactivate = () => undefined;',
      '// The floor side: the items ours lists (ids, labels, file, line), made in memory.',
      'function floorItems(controller) {',
      '  const folder = vscode.workspace.workspaceFolders[0].uri;',
      `  return Array.from({ length: ${TESTING_FUNCTIONS} }, (_, f) => {`,
      "    const name = `shop_${String(f).padStart(3, '0')}`;",
      '    const uri = vscode.Uri.joinPath(folder, `${name}.json`);',
      '    const item = controller.createTestItem(`${name}.json`, name, uri);',
      '    item.range = new vscode.Range(0, 0, 0, 0);',
      `    item.children.replace(Array.from({ length: ${TESTING_SETS} }, (_, s) => {`,
      '      const child = controller.createTestItem(`${name}.json#set ${s}`, `set ${s}`, uri);',
      '      child.range = new vscode.Range(1 + s * 17, 0, 1 + s * 17, 0);',
      '      return child;',
      '    }));',
      '    return item;',
      '  });',
      '}',
      '',
    ].join('\n'),
  );
  return dir;
}

async function installEmptyController(ctx: BenchContext): Promise<string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(ctx.root, 'package.json'), 'utf8')) as { engines: { vscode: string } };
  const vsix = packageExtension(ctx.root, writeEmptyController(path.join(ctx.tmp, 'empty-controller'), manifest.engines), path.join(ctx.tmp, 'empty-controller.vsix'));
  const harness = require(path.join(ctx.root, 'test', 'harness', 'lib', 'vscode.js')) as Harness;
  await harness.ensureVSCode(ctx.log);
  const extensionsDir = path.join(ctx.tmp, 'extensions-with-empty-controller');
  await harness.installVsix(vsix, extensionsDir);
  return extensionsDir;
}

/** 100 functions' sets files, 10 sets each, every set with a contract and every other one a result schema, as Save as Expected writes. */
function writeSetsFiles(workspace: string): void {
  const dir = path.join(workspace, '.notte', 'variables');
  fs.mkdirSync(dir, { recursive: true });
  for (let f = 0; f < TESTING_FUNCTIONS; f++) {
    const sets = Array.from({ length: TESTING_SETS }, (_, s) => ({
      name: `set ${s}`,
      variables: { url: `https://shop.example/${f}/${s}`, max_items: s + 1, query: `item ${s}` },
      expect: {
        status: 'closed',
        nonEmpty: true,
        maxSeconds: 60,
        ...(s % 2 === 0 ? { result: { type: 'array', minItems: 1, items: { type: 'object', required: ['name', 'price'], properties: { price: { type: 'number' } } } } } : {}),
      },
    }));
    fs.writeFileSync(path.join(dir, `shop_${String(f).padStart(3, '0')}.json`), `${JSON.stringify(sets, null, 2)}\n`);
  }
}

/** What the page saw of the Testing view (Date.now() times), kept in the page by the observer below. */
interface PageState {
  rowsAt?: number;
  /** The first time the tree draws any row. */
  firstRowAt?: number;
  welcomeShown: number[];
  welcomeVisible: boolean;
}

/**
 * Watches the workbench for the Testing view's state: the first time its tree has a row of a list of
 * 100 (the functions; rows are drawn only in sight, each with aria-setsize) that can be expanded (its
 * sets are there), and each time its "no tests" welcome becomes visible.
 */
function watchTestingView(): void {
  const w = window as unknown as { __notteTesting?: PageState };
  if (w.__notteTesting) return;
  const state: PageState = { welcomeShown: [], welcomeVisible: false };
  w.__notteTesting = state;
  const check = () => {
    const now = Date.now();
    const explorer = document.querySelector('.test-explorer');
    if (!explorer) return;
    if (state.firstRowAt === undefined && explorer.querySelector('.monaco-list-row')) state.firstRowAt = now;
    if (state.rowsAt === undefined && explorer.querySelector('.monaco-list-row[aria-setsize="100"][aria-expanded]')) state.rowsAt = now;
    const welcome = explorer.closest('.pane')?.querySelector('.welcome-view-content') as HTMLElement | null | undefined;
    const visible = !!welcome && welcome.offsetHeight > 0;
    if (visible && !state.welcomeVisible) state.welcomeShown.push(now);
    state.welcomeVisible = visible;
  };
  new MutationObserver(check).observe(document.body, { subtree: true, childList: true, attributes: true });
  setInterval(check, 16);
}

async function waitForFile(file: string, timeoutMs: number, finished: () => boolean): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline || finished()) return false;
    await sleep(20);
  }
  return true;
}

/** The page's side of one launch: arms the observer, then waits for the items (ours) or the empty view after the controller answered (empty). */
async function watchPage(page: PageLike, side: Side, handshake: string, finished: () => boolean): Promise<number | undefined> {
  if (!(await waitForFile(`${handshake}.ready`, 120_000, finished))) return undefined;
  await page.evaluate(watchTestingView);
  fs.writeFileSync(`${handshake}.armed`, '1');
  const deadline = Date.now() + 90_000;
  let shownAt: number | undefined;
  while (shownAt === undefined && Date.now() < deadline && !finished()) {
    const state = await page.evaluate(() => (window as unknown as { __notteTesting: PageState }).__notteTesting);
    if (side === 'one') shownAt = state.firstRowAt;
    else if (side !== 'empty') shownAt = state.rowsAt;
    else if (state.welcomeVisible && fs.existsSync(`${handshake}.resolved`)) {
      // Shown once the controller answered and the view said it has no tests, whichever came last.
      const resolves = JSON.parse(fs.readFileSync(`${handshake}.resolved`, 'utf8')) as { returnedAt: number }[];
      shownAt = Math.max(...resolves.map((r) => r.returnedAt), state.welcomeShown[state.welcomeShown.length - 1]);
    }
    if (shownAt === undefined) await sleep(50);
  }
  fs.writeFileSync(`${handshake}.shown`, String(shownAt ?? ''));
  return shownAt;
}

interface LaunchOut {
  error?: string;
  openedAt: number;
  itemsBeforeView?: number;
  oursActiveAtStart?: boolean;
  vscode?: string;
}

async function launch(ctx: BenchContext, side: Side, rep: number, extensionsDir: string): Promise<{ ms: number; out: LaunchOut }> {
  const file = path.join(ctx.tmp, `testing-${side}-${rep}.json`);
  const handshake = path.join(ctx.tmp, `testing-${side}-${rep}`);
  let shownAt: number | undefined;
  await runInEditor(ctx, {
    extensionTestsPath: path.join(__dirname, 'extensionHost.js'),
    extensionsDir,
    env: { NOTTE_BENCH_MODE: 'testing', NOTTE_BENCH_SIDE: side, NOTTE_BENCH_OUT: file, NOTTE_BENCH_HANDSHAKE: handshake },
    prepareWorkspace: side === 'ours' ? writeSetsFiles : undefined,
    timeoutMs: 240_000,
    withPage: async (page, finished) => {
      shownAt = await watchPage(page, side, handshake, finished);
    },
  });
  const out = JSON.parse(fs.readFileSync(file, 'utf8')) as LaunchOut;
  if (out.error) throw new Error(out.error);
  if (side === 'ours' && out.itemsBeforeView !== 0) throw new Error(`the controller listed ${out.itemsBeforeView} items before the view opened`);
  if (side !== 'ours' && out.oursActiveAtStart) throw new Error(`our extension was active in the ${side} launch`);
  if (shownAt === undefined) throw new Error(`the Testing view did not show ${side === 'empty' ? 'that it has none' : 'the items'} (${side}) within 90 s`);
  return { ms: shownAt - out.openedAt, out };
}

export async function testingViewSection(ctx: BenchContext): Promise<Section> {
  const extensionsDir = await installEmptyController(ctx);
  const sides: Side[] = ['empty', 'ours', 'floor', 'one'];
  const times: Record<Side, number[]> = { ours: [], empty: [], floor: [], one: [] };
  let vscodeVersion: string | undefined;
  // rep -1: one launch of each first, not counted (the first launches after the build pay one-time costs).
  for (let rep = -1; rep < ctx.reps; rep++) {
    // Each side goes first, second, third and last in turn, so that a slow moment of the machine hits all alike.
    const order = sides.map((_, i) => sides[(i + rep + 1) % sides.length]);
    const ms: Partial<Record<Side, number>> = {};
    for (const side of order) {
      const { ms: took, out } = await launch(ctx, side, rep, extensionsDir);
      ms[side] = took;
      vscodeVersion ??= out.vscode;
    }
    ctx.log(
      `testing view ${rep < 0 ? 'warm-up (not counted)' : `rep ${rep + 1}/${ctx.reps}`}: ours ${fmt(ms.ours!)} ms, empty controller ${fmt(ms.empty!)} ms, the same items from memory ${fmt(ms.floor!)} ms, one item ${fmt(ms.one!)} ms`,
    );
    if (rep < 0) continue;
    for (const side of sides) times[side].push(ms[side]!);
  }
  const ratio = pairedRatio(times.ours, times.empty);
  return {
    title: `Saved sets as tests: discovery in the Testing view (VS Code ${vscodeVersion ?? '?'})`,
    rows: [
      {
        measure: `Discovery of ${TESTING_FUNCTIONS} functions × ${TESTING_SETS} sets (${TESTING_FUNCTIONS} sets files, every set with a contract, half with a JSON Schema): from the Testing view opening to its tree showing the ${TESTING_FUNCTIONS} functions with their sets, vs an empty test controller's from the view opening to the view showing it has no tests, same runs`,
        ours: fmtSummary(summarize(times.ours), 'ms'),
        alternative: fmtSummary(summarize(times.empty), 'ms'),
        ratio: fmtRatio(ratio),
        target: '≤ 1.5× (issue 26)',
        met: ratio.median <= 1.5 ? 'yes' : 'no',
      },
      {
        measure: `Of that, what VS Code charges to show ${TESTING_FUNCTIONS} × ${TESTING_SETS} items: a controller that makes the same items (ids, labels, file, line) in memory when the view asks, vs the empty controller, same runs`,
        ours: fmtSummary(summarize(times.floor), 'ms'),
        alternative: fmtSummary(summarize(times.empty), 'ms'),
        ratio: fmtRatio(pairedRatio(times.floor, times.empty)),
        met: '—',
      },
      {
        measure:
          'Of that again, what VS Code charges to show any item: the same controller making a single item (no child) when the view asks, from the view opening to the tree drawing its row, vs the empty controller, same runs',
        ours: fmtSummary(summarize(times.one), 'ms'),
        alternative: fmtSummary(summarize(times.empty), 'ms'),
        ratio: fmtRatio(pairedRatio(times.one, times.empty)),
        met: '—',
      },
      {
        measure: 'Ours vs that in-memory controller (what reading and listing the files adds, same runs)',
        ours: fmtSummary(summarize(times.ours), 'ms'),
        alternative: fmtSummary(summarize(times.floor), 'ms'),
        ratio: fmtRatio(pairedRatio(times.ours, times.floor)),
        met: '—',
      },
    ],
    notes: [
      "Each side is its own VS Code launch (code-server's VS Code, a fresh server, browser page and extension host, as the activation rows), all four in every repetition, each first, second, third and last in turn, after one uncounted launch of each. Ours: a workspace of the sets files, so the extension activates at start-up (workspaceContains), as for a user; the script checks that its controller has listed nothing yet (its items are read on the view's first question), waits 3 s, then opens the Testing view (`workbench.view.testing.focus`). The yardstick: the bench's extension (test/bench/testingView.ts) with one test controller, our three run profiles and a resolve handler that answers no item, activated by the script in a workspace without sets files (ours stays inactive there); the in-memory controllers are the same extension, its resolve handler making the items (or one item). " +
        "The end is read in the workbench's page by a MutationObserver (and a 16 ms timer): ours and the in-memory controller's, the first time the view's tree draws a row of a list of 100 that can be expanded (for the single item, its row) (rows are drawn only in sight; the host checks afterwards that the controller lists 100 functions and 1,000 sets); the empty controller's, once its resolve handler returned and the view shows its \"no tests\" welcome, whichever came last. Start and end are wall-clock times of the same machine (extension host and page). No function file is linked, so no item carries a Python file's ▶ (a link adds one file read per function).",
    ],
  };
}
