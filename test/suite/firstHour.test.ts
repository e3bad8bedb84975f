// The first hour, in a real VS Code against the harness's local server: New Function…, the active
// editor's context keys and the menus and keybindings they scope (their `when` clauses evaluated
// against what the extension set for a linked and an unlinked file), the keybindings' commands run
// where they apply (a function file, the function page), and a saved-sets file's squiggle.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { FunctionRun, Page } from '../../src/api/types';
import type { BatchInputProblem } from '../../src/features/runs/batch';
import type { RunCommandResult } from '../../src/core/runs/runCommand';
import { functionTemplate, TEMPLATE_VARIABLES } from '../../src/shared/functionTemplate';
import { extensionApi, extensionPath, harnessServer, http, useServer, waitFor } from './helpers';
import { Context, evaluateWhen } from './whenClause';

interface Entry {
  command?: string;
  submenu?: string;
  when?: string;
  key?: string;
}
const manifest = () =>
  JSON.parse(fs.readFileSync(path.join(extensionPath(), 'package.json'), 'utf8')) as {
    contributes: { menus: Record<string, Entry[]>; keybindings: Entry[] };
  };

const WORKSPACE = () => vscode.workspace.workspaceFolders![0].uri.fsPath;

function unique(stem: string): string {
  return `${stem}_${Math.random().toString(36).slice(2, 8)}`;
}

function write(relative: string, text: string): vscode.Uri {
  const file = path.join(WORKSPACE(), relative);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  written.push(vscode.Uri.file(file));
  return vscode.Uri.file(file);
}

/** Files this file's tests wrote and linked: unlinked and removed after each test, so later tests find none. */
const written: vscode.Uri[] = [];
const linkedByTest: vscode.Uri[] = [];

/** Links the file as Link to Function… does (it writes .notte/functions.json). */
async function link(uri: vscode.Uri, functionId: string): Promise<void> {
  assert.strictEqual(await vscode.commands.executeCommand('notte.linkToFunction', uri, functionId), true);
  linkedByTest.push(uri);
}

/** Shows the file and waits until the extension's keys say what the test expects of it. */
async function showWithKeys(uri: vscode.Uri, expected: { hasRun: boolean; linked: boolean }): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(uri);
  const api = await extensionApi();
  await waitFor(`the context keys ${JSON.stringify(expected)} for ${path.basename(uri.fsPath)}`, async () => {
    const keys = await api.editorContextKeys();
    return keys?.hasRun === expected.hasRun && keys?.linked === expected.linked;
  });
  return editor;
}

/** The context VS Code evaluates an editor's menus and keybindings in, as far as our clauses read it. */
async function editorContext(editor: vscode.TextEditor): Promise<Context> {
  const keys = (await (await extensionApi()).editorContextKeys()) ?? {};
  const document = editor.document;
  return {
    editorTextFocus: true,
    editorLangId: document.languageId,
    resourceLangId: document.languageId,
    resourceExtname: path.extname(document.uri.fsPath),
    resourceDirname: path.dirname(document.uri.fsPath),
    isWorkspaceTrusted: vscode.workspace.isTrusted,
    'notte.editorHasRun': keys.hasRun,
    'notte.editorLinked': keys.linked,
  };
}

function shown(menu: string, context: Context): string[] {
  return (manifest().contributes.menus[menu] ?? []).filter((entry) => evaluateWhen(entry.when, context)).map((entry) => (entry.command ?? entry.submenu)!);
}

/** Each key's command in this context (at most one per key, or the test says which clash). */
function keyCommands(context: Context): Record<string, string> {
  const bound: Record<string, string> = {};
  for (const binding of manifest().contributes.keybindings) {
    if (!evaluateWhen(binding.when, context)) continue;
    assert.ok(!(binding.key! in bound), `${binding.key} runs both ${bound[binding.key!]} and ${binding.command} here`);
    bound[binding.key!] = binding.command!;
  }
  return bound;
}

describe('The first hour: New Function, menus and keybindings where they apply', function () {
  this.timeout(120000);
  const server = harnessServer();

  before(async () => {
    await useServer(server);
    await extensionApi();
  });

  afterEach(async () => {
    for (const uri of linkedByTest.splice(0)) await vscode.commands.executeCommand('notte.unlinkFunction', uri);
    for (const uri of written.splice(0)) fs.rmSync(uri.fsPath, { force: true });
    fs.rmSync(path.join(WORKSPACE(), '.notte'), { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('New Function writes the template in the functions folder, opens it with its lenses, saves its set, and never writes over a file', async () => {
    const name = unique('fresh_function');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('notte.newFunction', name, { saveSet: true });
    assert.ok(uri, 'the command answered the new file');
    assert.strictEqual(uri.fsPath, path.join(WORKSPACE(), `${name}.py`));
    assert.strictEqual(fs.readFileSync(uri.fsPath, 'utf8'), functionTemplate(name));
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath, 'the new file is the active editor');
    const lenses = await waitFor('the lenses over run(...)', async () => {
      const all = ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? []).filter((l) =>
        l.command?.command.startsWith('notte.'),
      );
      return all.length ? all : undefined;
    });
    assert.deepStrictEqual(
      lenses.map((l) => l.command!.title),
      ['▶ Run Locally', 'Debug', 'Deploy'],
    );
    const runLine = functionTemplate(name)
      .split('\n')
      .findIndex((line) => line.startsWith('def run('));
    assert.ok(lenses.every((l) => l.range.start.line === runLine));
    const sets = JSON.parse(fs.readFileSync(path.join(WORKSPACE(), '.notte', 'variables', `${name}.json`), 'utf8'));
    assert.deepStrictEqual(sets, [{ name: 'example', variables: TEMPLATE_VARIABLES }]);

    // The same name again: refused, and what the user wrote since stays.
    fs.writeFileSync(uri.fsPath, 'def run():\n    return "mine"\n');
    assert.strictEqual(await vscode.commands.executeCommand('notte.newFunction', name), undefined);
    assert.strictEqual(fs.readFileSync(uri.fsPath, 'utf8'), 'def run():\n    return "mine"\n');
    // A name that is not a Python name writes nothing.
    assert.strictEqual(await vscode.commands.executeCommand('notte.newFunction', '2 bad-name'), undefined);
    assert.ok(!fs.existsSync(path.join(WORKSPACE(), '2 bad-name.py')));
    fs.rmSync(uri.fsPath);
  });

  it('New Function writes into notte.localServer.functionsFolder when it is set (relative to the workspace)', async () => {
    const name = unique('in_folder');
    await vscode.workspace.getConfiguration('notte').update('localServer.functionsFolder', 'my_functions', vscode.ConfigurationTarget.Global);
    try {
      const uri = await vscode.commands.executeCommand<vscode.Uri>('notte.newFunction', name, { saveSet: false });
      assert.strictEqual(uri?.fsPath, path.join(WORKSPACE(), 'my_functions', `${name}.py`));
      assert.ok(fs.existsSync(uri.fsPath));
    } finally {
      await vscode.workspace.getConfiguration('notte').update('localServer.functionsFolder', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(path.join(WORKSPACE(), 'my_functions'), { recursive: true, force: true });
    }
  });

  it('shows the Notte submenu and the run buttons on function files only, with the entries of a linked or an unlinked file', async () => {
    const unlinked = write('menus_unlinked.py', 'def run(name: str = "x"):\n    return name\n');
    const linked = write('menus_linked.py', 'def run(name: str = "x"):\n    return name\n');
    const plain = write('menus_plain.py', 'def helper():\n    return 1\n');
    await link(linked, 'echo_variables');

    const onUnlinked = await editorContext(await showWithKeys(unlinked, { hasRun: true, linked: false }));
    assert.deepStrictEqual(shown('editor/context', onUnlinked), ['notte.editor']);
    const recording = ['notte.recordAtCursor', 'notte.recordFromHere', 'notte.pickElement'];
    assert.deepStrictEqual(shown('notte.editor', onUnlinked), ['notte.runFileLocally', 'notte.debugFunctionLocally', 'notte.deployFile', 'notte.linkToFunction', ...recording]);
    assert.deepStrictEqual(shown('editor/title/run', onUnlinked), ['notte.runFileLocally', 'notte.debugFunctionLocally']);

    const onLinked = await editorContext(await showWithKeys(linked, { hasRun: true, linked: true }));
    assert.deepStrictEqual(shown('editor/context', onLinked), ['notte.editor']);
    assert.deepStrictEqual(shown('notte.editor', onLinked), [
      'notte.runFileLocally',
      'notte.debugFunctionLocally',
      'notte.runOnNotte',
      'notte.deployFile',
      'notte.unlinkFunction',
      ...recording,
    ]);
    assert.deepStrictEqual(shown('editor/title/run', onLinked), ['notte.runFileLocally', 'notte.debugFunctionLocally', 'notte.runOnNotte']);

    const onPlain = await editorContext(await showWithKeys(plain, { hasRun: false, linked: false }));
    assert.deepStrictEqual(shown('editor/context', onPlain), []);
    assert.deepStrictEqual(shown('editor/title/run', onPlain), []);

    // Run Batch in the explorer: on a saved-sets file or a CSV file (a batch is what a CSV is to Notte), not on any other JSON file.
    const batchEntries = (file: string) =>
      shown('explorer/context', { resourceLangId: 'json', resourceExtname: path.extname(file), resourceDirname: path.dirname(file) }).filter((c) => c === 'notte.runBatch');
    assert.deepStrictEqual(batchEntries(path.join(WORKSPACE(), '.notte', 'variables', 'echo_variables.json')), ['notte.runBatch']);
    assert.deepStrictEqual(batchEntries(path.join(WORKSPACE(), 'package.json')), []);
    assert.deepStrictEqual(batchEntries(path.join(WORKSPACE(), 'sets', 'variables.json')), []);
    assert.deepStrictEqual(batchEntries(path.join(WORKSPACE(), 'sets', 'inputs.csv')), ['notte.runBatch']);
  });

  it('binds Run Locally, Run on Notte, Debug and Stop Run on function files (Run on Notte once linked) and nowhere else in an editor', async () => {
    const unlinked = write('keys_unlinked.py', 'def run():\n    print("from the key")\n    return 42\n');
    const linked = write('keys_linked.py', 'def run():\n    return 1\n');
    const plain = write('keys_plain.py', 'x = 1\n');
    const json = write('keys.json', '{}\n');
    await link(linked, 'echo_variables');

    const onUnlinked = await editorContext(await showWithKeys(unlinked, { hasRun: true, linked: false }));
    assert.deepStrictEqual(keyCommands(onUnlinked), { 'ctrl+alt+r': 'notte.runFileLocally', 'ctrl+alt+d': 'notte.debugFunctionLocally', 'ctrl+alt+.': 'notte.stopRun' });
    // What Ctrl+Alt+R does there: the command with no argument, as a keybinding calls it, runs the active file.
    const result = await vscode.commands.executeCommand<RunCommandResult>(keyCommands(onUnlinked)['ctrl+alt+r']);
    assert.strictEqual(result?.status, 'closed');
    assert.strictEqual(String(result?.result), '42');

    const onLinked = await editorContext(await showWithKeys(linked, { hasRun: true, linked: true }));
    assert.deepStrictEqual(keyCommands(onLinked), {
      'ctrl+alt+r': 'notte.runFileLocally',
      'ctrl+alt+u': 'notte.runOnNotte',
      'ctrl+alt+d': 'notte.debugFunctionLocally',
      'ctrl+alt+.': 'notte.stopRun',
    });

    assert.deepStrictEqual(keyCommands(await editorContext(await showWithKeys(plain, { hasRun: false, linked: false }))), {});
    assert.deepStrictEqual(keyCommands(await editorContext(await vscode.window.showTextDocument(json))), {});
    // Focus outside an editor (the side bar, the palette): nothing.
    assert.deepStrictEqual(keyCommands({ ...onLinked, editorTextFocus: false }), {});
  });

  it('on the function page the same keys press its buttons: Ctrl+Alt+U runs the form, Ctrl+Alt+. stops the run', async () => {
    const api = await extensionApi();
    const functionId = 'run_until_stopped';
    assert.ok(await vscode.commands.executeCommand('notte.openFunctionPage', functionId));
    const page = await waitFor('the page', () => api.functionPage(functionId));
    await waitFor('the page to be the active editor, its script listening', () => page.panel.active && page.pageReady, 60000);
    const onPage = { activeWebviewPanelId: 'notte.functionPage' };
    assert.deepStrictEqual(keyCommands(onPage), {
      'ctrl+alt+r': 'notte.runFileLocally',
      'ctrl+alt+u': 'notte.runOnNotte',
      'ctrl+alt+d': 'notte.debugFunctionLocally',
      'ctrl+alt+.': 'notte.stopRun',
    });
    assert.deepStrictEqual(keyCommands({ ...onPage, inputFocus: true }), {}, 'typing in the palette over the page runs nothing');

    const runsBefore = (await http<Page<FunctionRun>>(server, 'GET', `/functions/${functionId}/runs/?only_active=false&page_size=100`)).items.length;
    const recording = page.record();
    // Stop with no run of the page's own is not the page's (it did nothing): Stop Run looks for the window's runs.
    // (Not awaited: it may offer a pick of the window's runs, closed here.)
    void vscode.commands.executeCommand(keyCommands(onPage)['ctrl+alt+.']);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await vscode.commands.executeCommand('notifications.clearAll');
    assert.ok(!recording.some((m) => (m as { type: string }).type === 'press'), 'the page is not pressed');
    await vscode.commands.executeCommand(keyCommands(onPage)['ctrl+alt+u']);
    const types = () => recording.map((m) => (m as { type: string; button?: string }).type);
    await waitFor('the page to start a run from its form', () => types().includes('runId'), 60000).catch((error) => {
      throw new Error(`${(error as Error).message}; the page was sent ${JSON.stringify(recording).slice(0, 2000)}`);
    });
    assert.deepStrictEqual(
      recording.find((m) => (m as { type: string }).type === 'press'),
      { v: 1, type: 'press', button: 'run' },
    );
    const runs = (await http<Page<FunctionRun>>(server, 'GET', `/functions/${functionId}/runs/?only_active=false&page_size=100`)).items;
    assert.strictEqual(runs.length, runsBefore + 1, 'one run, started by the page');

    await vscode.commands.executeCommand(keyCommands(onPage)['ctrl+alt+.']);
    await waitFor('the run to end stopped', () => recording.some((m) => (m as { type: string }).type === 'runEnded'), 60000);
    assert.ok(recording.some((m) => JSON.stringify(m) === JSON.stringify({ v: 1, type: 'press', button: 'stop' })));
    page.panel.dispose();
  });

  it('a saved-sets file with a wrong type gets the JSON squiggle at its line, and the extension says the same of that line', async () => {
    const text = '[\n  { "name": "first", "variables": { "name": "Ada" } },\n  { "name": 7, "variables": { "name": "Grace" } }\n]\n';
    const uri = write('.notte/variables/echo_variables.json', text);
    await vscode.window.showTextDocument(uri);
    const squiggle = await waitFor(
      'the JSON language server to check the file against our schema',
      () => vscode.languages.getDiagnostics(uri).find((d) => d.severity <= vscode.DiagnosticSeverity.Warning),
      60000,
    );
    assert.strictEqual(squiggle.range.start.line, 2, `squiggle: ${squiggle.message}`);
    assert.match(squiggle.message, /string/i);

    // The extension reads the same file with the same schema: Run Batch on it refuses, naming line 3.
    const problem = await vscode.commands.executeCommand<BatchInputProblem>('notte.runBatch', uri, 'echo_variables');
    assert.ok(problem && 'error' in problem, JSON.stringify(problem));
    assert.strictEqual(problem.line, squiggle.range.start.line + 1);
    assert.match(problem.error, /set 2: "name" must be a non-empty string, not 7/);
  });
});
