// Saved sets as tests in the real Testing view: the items VS Code asks for when the view opens, runs
// of each profile on a real local server (and under the debugger), the messages a failure leaves in
// the Test Results view, Save as Expected, the agents' tool, and the page's "Rerun failed runs since…".
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { TestItemView, TestResultView } from '../../src/app/testDoor';
import type { FunctionRun } from '../../src/api/types';
import { extensionApi, extensionPath, fixtureFunctions, http, listRuns, ownServerForSuite, TestServer, useServer, waitFor } from './helpers';

/** Debian's python3-debugpy serves this interpreter (see shared/vscode-testing.md). */
const DEBIAN_PYTHON = '/usr/bin/python3';

const workspace = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
const setsDir = () => path.join(workspace(), '.notte', 'variables');
const setsFile = (name: string) => path.join(setsDir(), name);
const linkFile = () => path.join(workspace(), '.notte', 'functions.json');

/** The functions the suite's server runs: two examples and the fixtures made for these tests. */
function functionsFolder(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-suite-testing-'));
  for (const name of ['echo_variables.py', 'always_fails.py']) fs.copyFileSync(path.join(extensionPath(), 'dist', 'examples', name), path.join(dir, name));
  for (const name of ['empty_listing.py', 'swallowed_error.py']) fs.copyFileSync(path.join(fixtureFunctions(), name), path.join(dir, name));
  return dir;
}

/** The 0-based line of the first line of `file` that contains `text`. */
/** The 0-based line of the first line holding `text`, from line `from` on. */
function lineOf(file: string, text: string, from = 0): number {
  const line = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .findIndex((l, index) => index >= from && l.includes(text));
  assert.ok(line >= 0, `${text} is not in ${file}`);
  return line;
}

function find(items: TestItemView[], id: string): TestItemView | undefined {
  for (const item of items) {
    if (item.id === id) return item;
    const inside = find(item.children, id);
    if (inside) return inside;
  }
  return undefined;
}

async function result(id: string): Promise<TestResultView> {
  const api = await extensionApi();
  const found = await api.testResult(id);
  assert.ok(found, `no result for ${id}`);
  return found;
}

/** Links a copy of the server's function file into the workspace, as Link to Function does. */
function linkIntoWorkspace(server: TestServer, functionsDir: string, ...stems: string[]): void {
  const links = fs.existsSync(linkFile()) ? JSON.parse(fs.readFileSync(linkFile(), 'utf8')) : { functions: {} };
  for (const stem of stems) {
    fs.copyFileSync(path.join(functionsDir, `${stem}.py`), path.join(workspace(), `${stem}.py`));
    links.functions[`${stem}.py`] = { functionId: stem, apiUrl: server.url, name: stem };
  }
  fs.mkdirSync(path.dirname(linkFile()), { recursive: true });
  fs.writeFileSync(linkFile(), JSON.stringify(links, null, 2));
}

describe('Saved sets as tests in the Testing view', function () {
  this.timeout(180_000);
  let server: TestServer;
  let functionsDir: string;
  before(() => {
    functionsDir = functionsFolder();
    fs.mkdirSync(setsDir(), { recursive: true });
    for (const name of fs.readdirSync(path.join(extensionPath(), 'test', 'fixtures', 'savedSets'))) {
      fs.copyFileSync(path.join(extensionPath(), 'test', 'fixtures', 'savedSets', name), setsFile(name));
    }
  });
  ownServerForSuite(
    [],
    (started) => (server = started),
    () => functionsDir,
  );
  after(async () => {
    await vscode.debug.stopDebugging();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    await vscode.workspace.getConfiguration('notte').update('python.interpreter', undefined, vscode.ConfigurationTarget.Global);
    fs.rmSync(path.join(workspace(), '.notte'), { recursive: true, force: true });
    for (const stem of ['echo_variables', 'swallowed_error']) fs.rmSync(path.join(workspace(), `${stem}.py`), { force: true });
    fs.rmSync(functionsDir, { recursive: true, force: true });
  });

  it('lists echo_variables with its two sets once the Testing view opens, each set at its line; a broken file shows its line, an empty one nothing', async () => {
    const api = await extensionApi();
    fs.writeFileSync(setsFile('nothing_saved.json'), '[]\n');
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    const items = await waitFor('the items of the sets files', () => (api.testItems().length >= 3 ? api.testItems() : undefined));
    assert.deepStrictEqual(items.map((i) => i.label).sort(), ['echo_variables', 'empty_listing', 'swallowed_error']);
    const echo = find(items, 'echo_variables.json')!;
    assert.deepStrictEqual(
      echo.children.map((c) => [c.id, c.label, c.file, c.line]),
      [
        ['echo_variables.json#ada', 'ada', setsFile('echo_variables.json'), lineOf(setsFile('echo_variables.json'), '"name": "ada"') - 1],
        ['echo_variables.json#wants a price', 'wants a price', setsFile('echo_variables.json'), lineOf(setsFile('echo_variables.json'), '"name": "wants a price"') - 1],
      ],
    );

    // The view's Refresh reads the files again (the next tests follow the files without it).
    fs.writeFileSync(setsFile('broken.json'), '[\n  { "name": "smoke",\n    "variables": { "name": }\n  }\n]\n');
    await vscode.commands.executeCommand('testing.refreshTests');
    const broken = await waitFor('the broken file as an item with its error', () => find(api.testItems(), 'broken.json'));
    assert.match(broken.error ?? '', /^\.notte\/variables\/broken\.json, line 3: .*Fix the file by hand; it is left as it is\.$/);
    assert.deepStrictEqual(broken.children, []);
    fs.rmSync(setsFile('broken.json'));
    fs.rmSync(setsFile('nothing_saved.json'));
    await vscode.commands.executeCommand('testing.refreshTests');
    await waitFor('the broken file gone from the view', () => (find(api.testItems(), 'broken.json') ? undefined : true));
  });

  it('follows a sets file edited on disk and in an editor without a refresh: a set added, renamed, removed, the file broken by hand (left as it is), fixed, deleted', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    await waitFor('the items of the sets files', () => find(api.testItems(), 'echo_variables.json'), 60_000);
    const file = setsFile('live_listing.json');
    const entry = (name: string, query: string) => `  { "name": "${name}", "variables": { "query": "${query}" } }`;
    const write = (...entries: string[]) => fs.writeFileSync(file, `[\n${entries.join(',\n')}\n]\n`);
    /** The function's sets as the Testing view shows them, each with its line; undefined while it differs from `want`. */
    const setsShown = (want: [string, number][]) => () => {
      const shown = find(api.testItems(), 'live_listing.json')?.children.map((c): [string, number | undefined] => [c.label, c.line]);
      return JSON.stringify(shown) === JSON.stringify(want) ? shown : undefined;
    };
    const watched = (what: string, want: [string, number][]) => waitFor(what, setsShown(want), 60_000);
    try {
      write(entry('tea', 'green tea'));
      await watched('a new sets file listed', [['tea', 1]]);
      write(entry('tea', 'green tea'), entry('coffee', 'espresso'));
      await watched('a set added on disk', [
        ['tea', 1],
        ['coffee', 2],
      ]);

      // In an editor, saved: the view follows what is saved, as a run reads it.
      const document = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(document);
      const edit = new vscode.WorkspaceEdit();
      const at = document.getText().indexOf('"coffee"');
      edit.replace(document.uri, new vscode.Range(document.positionAt(at), document.positionAt(at + '"coffee"'.length)), '"flat white"');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await document.save());
      await watched('a set renamed in an editor', [
        ['tea', 1],
        ['flat white', 2],
      ]);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');

      write(entry('flat white', 'espresso'));
      await watched('a set removed on disk', [['flat white', 1]]);

      // Listed first by name, the file is then read in full: a contract it cannot use shows at its set's item, at its line; the other set stays.
      const unusable = `[\n${entry('flat white', 'espresso')},\n  { "name": "mocha", "variables": {}, "expect": { "result": { "type": "objekt" } } }\n]\n`;
      fs.writeFileSync(file, unusable);
      const shownUnusable = await waitFor(
        'a set whose contract cannot be used, at its item and line',
        () => find(api.testItems(), 'live_listing.json')?.children.find((child) => child.error),
        60_000,
      );
      assert.match(
        shownUnusable.error!,
        /^\.notte\/variables\/live_listing\.json, line 3: set "mocha": "expect\.result\.type" must be one of .*Fix the file by hand; the other sets run\.$/,
      );
      assert.deepStrictEqual([shownUnusable.label, shownUnusable.line], ['mocha', 2]);
      const fileItem = find(api.testItems(), 'live_listing.json')!;
      assert.deepStrictEqual(
        [fileItem.error, fileItem.children.map((child) => [child.label, child.error === undefined])],
        [
          undefined,
          [
            ['flat white', true],
            ['mocha', false],
          ],
        ],
      );
      assert.strictEqual(fs.readFileSync(file, 'utf8'), unusable, 'byte for byte what the user wrote');

      const broken = `[\n${entry('flat white', 'espresso')},\n  { "name": "mocha", "variables": { "query": } }\n]\n`;
      fs.writeFileSync(file, broken);
      const shownBroken = await waitFor(
        'the broken file as an item with its error',
        () => {
          const item = find(api.testItems(), 'live_listing.json');
          return item?.error ? item : undefined;
        },
        60_000,
      );
      assert.match(shownBroken.error!, /^\.notte\/variables\/live_listing\.json, line 3: .*Fix the file by hand; it is left as it is\.$/);
      assert.deepStrictEqual([shownBroken.children, shownBroken.file, shownBroken.line], [[], file, 2]);
      assert.strictEqual(fs.readFileSync(file, 'utf8'), broken, 'byte for byte what the user wrote');

      write(entry('flat white', 'espresso'), entry('mocha', 'chocolate'));
      await watched('the file fixed by hand', [
        ['flat white', 1],
        ['mocha', 2],
      ]);
      assert.strictEqual(find(api.testItems(), 'live_listing.json')?.error, undefined, 'the error is gone with the fix');

      fs.rmSync(file);
      await waitFor('a deleted sets file gone from the view', () => !find(api.testItems(), 'live_listing.json'), 60_000);
      assert.ok(find(api.testItems(), 'echo_variables.json'), 'the other files stay listed');
    } finally {
      fs.rmSync(file, { force: true });
    }
  });

  it('follows the sets folder itself: removed, the items go; made again with a file, it is listed; moved back, its files return', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    await waitFor('the items of the sets files', () => find(api.testItems(), 'echo_variables.json'), 60_000);
    const away = path.join(workspace(), '.notte', 'variables-away');
    const labels = () =>
      api
        .testItems()
        .map((i) => i.id)
        .sort();
    fs.renameSync(setsDir(), away);
    try {
      await waitFor('no items once the folder is gone', () => labels().length === 0, 60_000);
      fs.mkdirSync(setsDir());
      fs.writeFileSync(setsFile('first_saved.json'), '[{ "name": "tea", "variables": { "query": "green tea" } }]\n');
      await waitFor('the first file of a new folder', () => JSON.stringify(labels()) === JSON.stringify(['first_saved.json']), 60_000);
      fs.rmSync(setsDir(), { recursive: true });
      fs.renameSync(away, setsDir());
      await waitFor(
        'the files of the folder moved back',
        () => JSON.stringify(labels()) === JSON.stringify(['echo_variables.json', 'empty_listing.json', 'swallowed_error.json']),
        60_000,
      );
    } finally {
      if (fs.existsSync(away)) {
        fs.rmSync(setsDir(), { recursive: true, force: true });
        fs.renameSync(away, setsDir());
      }
    }
  });

  it('takes a result schema copied with its $id into another sets file as it is, and still refuses one it cannot use, at its line', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    const schema = { $id: 'https://example.com/order.json', type: 'object', required: ['total'] };
    const copies = ['a_copy_one.json', 'a_copy_two.json'];
    // The copy was edited since (one more required field): same $id, another schema.
    copies.forEach((name, i) => {
      const result = i === 0 ? schema : { ...schema, required: ['total', 'currency'] };
      fs.writeFileSync(setsFile(name), JSON.stringify([{ name: 'order', variables: {}, expect: { result } }], null, 2) + '\n');
    });
    // Checked after the copies (the files are checked in order): once it shows its error, the copies were checked.
    fs.writeFileSync(setsFile('z_unusable.json'), '[\n  { "name": "odd", "variables": {},\n    "expect": { "result": { "$ref": "#/definitions/missing" } } }\n]\n');
    try {
      // One pass over every file (as when the view opens), so the copies are checked in the same pass.
      await vscode.commands.executeCommand('testing.refreshTests');
      const unusable = await waitFor('the unusable schema refused, at its set', () => find(api.testItems(), 'z_unusable.json')?.children[0]?.error, 60_000);
      assert.match(unusable, /^\.notte\/variables\/z_unusable\.json, line 3: set "odd": "expect\.result" is not a JSON Schema that can be used/);
      for (const name of copies) {
        const item = find(api.testItems(), name);
        assert.strictEqual(item?.error, undefined, `${name}: ${item?.error}`);
        assert.deepStrictEqual(
          item?.children.map((c) => c.label),
          ['order'],
        );
      }
    } finally {
      for (const name of [...copies, 'z_unusable.json']) fs.rmSync(setsFile(name), { force: true });
      await waitFor('the files gone from the view', () => (api.testItems().some((i) => [...copies, 'z_unusable.json'].includes(i.id)) ? undefined : true), 60_000);
    }
  });

  it("runs the sets on the local server: one passes with its run's log lines, the other fails with the violation's path and a diff", async () => {
    const api = await extensionApi();
    const before = (await listRuns(server, 'echo_variables')).length;
    await api.runTests(['echo_variables.json'], 'server');
    const ada = await result('echo_variables.json#ada');
    assert.strictEqual(ada.state, 'passed', JSON.stringify(ada));
    assert.ok(ada.output.includes("name = 'Ada' (str)"), ada.output.join('\n'));
    assert.match(ada.output[0], /^▶ echo_variables \/ ada: run \S+ on /);
    // The server is named once: a profile named by its address is not followed by it again.
    const host = new URL(server.url).host;
    assert.ok(ada.output[0].endsWith(`on ${host}`), ada.output[0]);
    const run = await http<FunctionRun>(server, 'GET', `/functions/echo_variables/runs/${ada.runId}`);
    assert.deepStrictEqual([run.status, run.variables], ['closed', { name: 'Ada', count: 3 }]);

    const price = await result('echo_variables.json#wants a price');
    assert.strictEqual(price.state, 'failed');
    const [violation] = price.messages;
    // The view shows a message's first line: the violation is on it.
    assert.match(violation.text, /^The result does not match the set's schema \(expect\.result\): \$\.price is missing \(required\)\n/);
    assert.match(violation.expected ?? '', /"required": \[\s*"variables",\s*"price"\s*\]/, 'expected: the schema');
    assert.ok(violation.actual && !violation.actual.includes('"price"') && violation.actual.includes('"types"'), `actual: the shape of the result\n${violation.actual}`);
    // At the contract's field, where the schema is edited: the set's "result", not its name or another set's.
    const sets = setsFile('echo_variables.json');
    assert.deepStrictEqual([violation.file, violation.line], [sets, lineOf(sets, '"result"', lineOf(sets, '"name": "wants a price"'))]);
    assert.strictEqual(violation.contextValue, 'notte.result', 'Save as Expected is offered on it');
    assert.strictEqual((await listRuns(server, 'echo_variables')).length, before + 2, 'one run per set');
  });

  it('answers the agents with each verdict, the violation and the run, after a confirmation, never with the key', async () => {
    const api = await extensionApi();
    const prepared = await api.prepareAgentTool('notte_test_function', { function_id: 'echo_variables' });
    assert.match(prepared?.confirmationMessages?.title ?? '', /^Test the Notte function echo_variables\?$/);
    const confirmation = prepared!.confirmationMessages!.message;
    assert.match(typeof confirmation === 'string' ? confirmation : confirmation.value, /saved sets of echo\\?_variables \(ada, wants a price\) on the local Functions server/);
    const answer = (await vscode.lm.invokeTool('notte_test_function', { input: { function_id: 'echo_variables' }, toolInvocationToken: undefined })).content
      .map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : ''))
      .join('');
    assert.match(answer, /^1 passed, 1 failed \(saved sets of echo_variables on the local Functions server/);
    assert.match(answer, /✓ ada: passed in \d+\.\d s \(run_id \S+, status closed\)\./);
    assert.match(
      answer,
      /✗ wants a price: failed \(run_id \S+, status closed\)\.\n- the result does not match the schema: \$\.price is missing \(required\)\n {2}- \$\.price is missing \(required\)/,
    );
    assert.ok(!answer.includes(server.key), 'the key is never in an answer');
    const one = (await vscode.lm.invokeTool('notte_test_function', { input: { function_id: 'echo_variables', set: 'no such set' }, toolInvocationToken: undefined })).content
      .map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : ''))
      .join('');
    assert.match(one, /has no saved set named "no such set"; its sets: ada, wants a price\./);
  });

  it('a set that passed and now fails says what changed since its last passing result', async () => {
    const api = await extensionApi();
    const file = setsFile('echo_variables.json');
    const original = fs.readFileSync(file, 'utf8');
    try {
      fs.writeFileSync(file, original.replace('"name": "Ada", "count": 3', '"name": "Grace", "count": 3'));
      await api.runTests(['echo_variables.json#ada'], 'server');
      const ada = await result('echo_variables.json#ada');
      assert.strictEqual(ada.state, 'failed');
      assert.deepStrictEqual(
        ada.messages.map((m) => m.text.split('\n')[0]),
        ['No log line contains "name = \'Ada\' (str)".', 'What changed since the last passing result (expected: that result; actual: this one):'],
      );
      assert.deepStrictEqual([ada.messages[0].file, ada.messages[0].line], [file, lineOf(file, '"logs"')], 'the failed check at its field');
      const since = ada.messages[1];
      assert.match(since.text, /\$\.variables\.name: "Ada" → "Grace"/);
      assert.match(since.expected ?? '', /"name": "Ada"/);
      assert.match(since.actual ?? '', /"name": "Grace"/);
      const kept = JSON.parse(fs.readFileSync(path.join(workspace(), '.notte', '.cache', 'last-passing.json'), 'utf8'));
      assert.strictEqual(kept['echo_variables.json#ada'].variables.name, 'Ada', 'the last passing result stays the one that passed');
    } finally {
      fs.writeFileSync(file, original);
    }
  });

  it('fails an empty result ("non-empty") and a run that closed with a traceback, at the raising line of the linked file', async () => {
    const api = await extensionApi();
    linkIntoWorkspace(server, functionsDir, 'swallowed_error');
    const linked = path.join(workspace(), 'swallowed_error.py');
    const item = await waitFor('the linked function at its run( line', () => {
      const found = find(api.testItems(), 'swallowed_error.json');
      return found?.file === linked ? found : undefined;
    });
    assert.strictEqual(item.line, lineOf(linked, 'def run('), 'the gutter shows ▶ at run(');
    await api.runTests(['empty_listing.json', 'swallowed_error.json'], 'server');

    const empty = await result('empty_listing.json#tea');
    assert.strictEqual(empty.state, 'failed');
    assert.deepStrictEqual(
      empty.messages.map((m) => m.text),
      ['The result is empty ([]).'],
    );
    assert.ok(empty.output.includes('found 0 items'), empty.output.join('\n'));

    const traceback = await result('swallowed_error.json#checkout');
    assert.strictEqual(traceback.state, 'failed');
    assert.match(traceback.messages[0].text, /^The run closed but its result is a Python traceback \(KeyError: 'checkout'\)\.\n\nTraceback \(most recent call last\):/);
    assert.deepStrictEqual([traceback.messages[0].file, traceback.messages[0].line], [linked, lineOf(linked, 'return prices[page]')]);
  });

  it("says in a test's output when the deployed code it ran differs from the linked file, edited since", async () => {
    const api = await extensionApi();
    const name = `edited_${Date.now().toString(36)}`;
    const file = vscode.Uri.file(path.join(workspace(), `${name}.py`));
    fs.writeFileSync(file.fsPath, 'def run():\n    return {"ok": True}\n');
    const fn = await vscode.commands.executeCommand<{ function_id: string }>('notte.deployFile', file, { name, description: '' });
    assert.ok(fn, 'deployed');
    fs.writeFileSync(setsFile(`${fn.function_id}.json`), '[{ "name": "smoke", "variables": {} }]\n');
    const document = await vscode.workspace.openTextDocument(file);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(file, new vscode.Range(0, 0, document.lineCount, 0), 'def run():\n    raise ValueError("edited")\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      await waitFor('the set in the view', () => find(api.testItems(), `${fn.function_id}.json`), 60_000);
      await api.runTests([`${fn.function_id}.json#smoke`], 'server');
      const ran = await result(`${fn.function_id}.json#smoke`);
      assert.strictEqual(ran.state, 'passed', 'the deployed code passes');
      assert.ok(
        ran.output.some((line) => /^Ran the deployed code \(.+\): edited_\w+\.py has changed since\. Deploy it to test your edits here/.test(line)),
        ran.output.join('\n'),
      );
    } finally {
      await document.save();
      fs.rmSync(setsFile(`${fn.function_id}.json`), { force: true });
    }
  });

  it("Save as Expected writes the last result's shape into the set's contract, which the next run passes; a hand-broken file is left as it is", async () => {
    const api = await extensionApi();
    const file = setsFile('echo_variables.json');
    assert.strictEqual(await vscode.commands.executeCommand('notte.testing.saveAsExpected', 'echo_variables.json#wants a price'), true);
    const sets = JSON.parse(fs.readFileSync(file, 'utf8'));
    assert.deepStrictEqual(sets[1].expect.result.required, ['variables', 'types']);
    assert.deepStrictEqual(sets[1].expect.result.properties.variables.properties.tags, { type: 'array', minItems: 1, items: { type: 'string' } });
    assert.strictEqual(sets[0].expect.maxSeconds, 60, 'the other set is kept as it was');
    await api.runTests(['echo_variables.json#wants a price'], 'server');
    assert.strictEqual((await result('echo_variables.json#wants a price')).state, 'passed');

    const broken = fs.readFileSync(file, 'utf8').replace('"name": "ada"', '"name": "ada",,');
    fs.writeFileSync(file, broken);
    assert.strictEqual(await vscode.commands.executeCommand('notte.testing.saveAsExpected', 'echo_variables.json#wants a price'), false);
    assert.strictEqual(fs.readFileSync(file, 'utf8'), broken, 'byte for byte what the user wrote');
    fs.writeFileSync(file, JSON.stringify(sets, null, 2));
  });

  it('Debug on a set stops at a breakpoint in the linked file, then the set passes', async () => {
    const api = await extensionApi();
    await vscode.workspace.getConfiguration('notte').update('python.interpreter', DEBIAN_PYTHON, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.view.testing.focus');
    linkIntoWorkspace(server, functionsDir, 'echo_variables');
    const linked = path.join(workspace(), 'echo_variables.py');
    await waitFor('echo_variables at its linked file', () => (find(api.testItems(), 'echo_variables.json')?.file === linked ? true : undefined));
    // Before the loop: a line run once, so one continue lets run(...) return.
    const line = lineOf(linked, 'values = {');
    vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(linked), new vscode.Position(line, 0)))]);
    // The adapter's "stopped" event (the Debug view need not be shown for the session to stop).
    let tracker: vscode.Disposable | undefined;
    const stopped = new Promise<{ session: vscode.DebugSession; threadId: number }>((resolve) => {
      tracker = vscode.debug.registerDebugAdapterTrackerFactory('notte', {
        createDebugAdapterTracker: (session) => ({
          onDidSendMessage: (message: { type?: string; event?: string; body?: { reason?: string; threadId?: number } }) => {
            if (message.type === 'event' && message.event === 'stopped' && message.body?.reason === 'breakpoint') resolve({ session, threadId: message.body.threadId ?? 0 });
          },
        }),
      });
    });
    const before = (await listRuns(server, 'echo_variables')).length;
    const running = api.runTests(['echo_variables.json#ada'], 'debug');
    try {
      const ended = running.then(() => Promise.reject(new Error('the test ended without stopping at the breakpoint')));
      const late = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no stop at the breakpoint within 90 s')), 90_000));
      const { session, threadId } = await Promise.race([stopped, ended, late]);
      const trace = await session.customRequest('stackTrace', { threadId, startFrame: 0, levels: 1 });
      assert.deepStrictEqual([session.type, trace.stackFrames[0].line, trace.stackFrames[0].name], ['notte', line + 1, 'run']);
      await session.customRequest('continue', { threadId });
    } finally {
      tracker?.dispose();
    }
    await running;
    const ada = await result('echo_variables.json#ada');
    assert.strictEqual(ada.state, 'passed', JSON.stringify(ada));
    assert.ok(ada.output.includes("name = 'Ada' (str)"), ada.output.join('\n'));
    const run = await http<FunctionRun>(server, 'GET', `/functions/echo_variables/runs/${ada.runId}`);
    assert.deepStrictEqual([run.local, run.status], [true, 'closed'], 'recorded as a local run');
    assert.strictEqual((await listRuns(server, 'echo_variables')).length, before + 1, "one run: the debug session is the test's run, not a second one");
  });

  it('an unreachable server fails each set with the connection message, once, without a stack', async () => {
    const api = await extensionApi();
    await useServer({ url: 'http://127.0.0.1:9', key: 'dead-server-key' });
    try {
      await api.runTests(['echo_variables.json'], 'server');
      for (const id of ['echo_variables.json#ada', 'echo_variables.json#wants a price']) {
        const failed = await result(id);
        assert.strictEqual(failed.state, 'errored');
        assert.strictEqual(failed.messages.length, 1);
        assert.match(failed.messages[0].text, /127\.0\.0\.1:9/);
        assert.ok(!/\n\s+at /.test(failed.messages[0].text), failed.messages[0].text);
      }
    } finally {
      await useServer(server);
    }
  });

  it('without a key, ends the run at once with each set errored, saying what to do, instead of waiting on a notification', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('notte.clearApiKey');
    try {
      // The offer (Set API Key, Start Local Server) stays unanswered, as one gone into the bell: the run still ends.
      const ended = await Promise.race([
        api.runTests(['echo_variables.json#ada'], 'server').then(() => true),
        new Promise<false>((resolve) => setTimeout(() => resolve(false), 20_000)),
      ]);
      assert.ok(ended, 'the run ended without an answer to the notification');
      const errored = await result('echo_variables.json#ada');
      assert.strictEqual(errored.state, 'errored');
      assert.match(errored.messages[0].text, /^No API key is set for .*: set one, or start the local Functions server, then run again\.$/);
    } finally {
      await vscode.commands.executeCommand('notifications.clearAll');
      await useServer(server);
    }
  });

  it('reruns the failed runs since a time from the function page, with a summary', async () => {
    const api = await extensionApi();
    for (const message of ['first', 'second']) await vscode.commands.executeCommand('notte.runFunction', 'always_fails', { message, delay: 0 });
    const before = await listRuns(server, 'always_fails');
    assert.ok(await vscode.commands.executeCommand('notte.openFunctionPage', 'always_fails'));
    const page = await waitFor('the page', () => api.functionPage('always_fails'));
    try {
      const posted = page.record() as { type: string; level?: string; text?: string }[];
      await page.receive({ v: 1, type: 'rerunFailed', sinceHours: 5 });
      assert.match(page.dropped[page.dropped.length - 1], /rerunFailed: field "sinceHours" is missing or malformed/);
      await page.receive({ v: 1, type: 'rerunFailed', sinceHours: 1 });
      const summary = posted.filter((m) => m.type === 'notice').pop();
      assert.match(summary?.text ?? '', /^Ran the variables of 2 failed runs of the last hour again: 0 closed now, 2 failed again\./);
      const after = await listRuns(server, 'always_fails');
      assert.strictEqual(after.length, before.length + 2);
      const again = after.filter((r) => !before.some((b) => b.function_run_id === r.function_run_id)).map((r) => r.variables.message);
      assert.deepStrictEqual(again.sort(), ['first', 'second']);
    } finally {
      page.panel.dispose();
    }
  });

  it('Run Locally fails a set whose run() raised, and records its run failed (a new user saw it pass)', async () => {
    // Last: its failed run would count among the failed runs the test above reruns.
    const api = await extensionApi();
    fs.writeFileSync(setsFile('always_fails.json'), '[{ "name": "raises", "variables": { "message": "from a set", "delay": 0 } }]\n');
    try {
      await waitFor('the set in the view', () => find(api.testItems(), 'always_fails.json'), 60_000);
      await api.runTests(['always_fails.json#raises'], 'local');
      const raised = await result('always_fails.json#raises');
      assert.strictEqual(raised.state, 'failed', JSON.stringify(raised));
      assert.match(raised.messages[0].text, /^The run failed: ValueError: from a set/);
      const run = await http<FunctionRun>(server, 'GET', `/functions/always_fails/runs/${raised.runId}`);
      assert.deepStrictEqual([run.local, run.status], [true, 'failed']);
      assert.match(String(run.result), /ValueError: from a set/);
    } finally {
      fs.rmSync(setsFile('always_fails.json'), { force: true });
    }
  });
});
