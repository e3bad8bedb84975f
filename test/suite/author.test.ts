// The author's loop, in a real VS Code against the harness's local Functions server: lenses over
// run(...), the link file, Run on Notte from the file, failures at their line, a missing module.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { NotteFunction, FunctionRun } from '../../src/api/types';
import type { RunCommandResult } from '../../src/core/runs/runCommand';
import { setsFileName } from '../../src/shared/savedSets';
import { extensionApi, harnessServer, http, listFunctions, useServer, waitFor } from './helpers';

const WORKSPACE = () => {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'the suite opens a workspace folder');
  return folder;
};
const LINK_FILE = () => path.join(WORKSPACE(), '.notte', 'functions.json');

function writeFunction(name: string, text: string): vscode.Uri {
  const file = path.join(WORKSPACE(), name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return vscode.Uri.file(file);
}

async function lenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  // The command asks the editor's model of the file: one must exist.
  await vscode.workspace.openTextDocument(uri);
  const all = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
  return all.filter((l) => l.command?.command.startsWith('notte.'));
}

async function lensTitles(uri: vscode.Uri): Promise<string[]> {
  return (await lenses(uri)).map((l) => l.command!.title);
}

/** Changes a file through its document and saves it, so every reader sees the new text at once. */
async function replaceText(uri: vscode.Uri, text: string): Promise<void> {
  const document = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
  // Deploy and runs read the document's text, saved or not; saving is for whoever reads the disk.
  await document.save();
  assert.strictEqual(document.getText(), text);
}

function unique(stem: string): string {
  return `${stem}_${Math.random().toString(36).slice(2, 8)}`;
}

describe("The author's loop: lenses, links, Run on Notte", function () {
  this.timeout(90000);

  before(async () => {
    await useServer(harnessServer());
    await extensionApi();
  });

  afterEach(() => {
    fs.rmSync(path.join(WORKSPACE(), '.notte'), { recursive: true, force: true });
  });

  it('puts Run Locally, Debug and Deploy over a top-level def run, none on a file without, none on a nested one', async () => {
    const withRun = writeFunction('lens_top.py', 'import os\n\n\ndef run(name: str = "x"):\n    return name\n');
    const without = writeFunction('lens_none.py', 'def helper():\n    return 1\n');
    const nested = writeFunction('lens_nested.py', 'class Job:\n    def run(self):\n        return 1\n');
    await vscode.window.showTextDocument(withRun);
    const found = await waitFor('lenses on lens_top.py', async () => {
      const all = await lenses(withRun);
      return all.length ? all : undefined;
    });
    assert.deepStrictEqual(
      found.map((l) => l.command!.title),
      ['▶ Run Locally', 'Debug', 'Deploy'],
    );
    assert.ok(
      found.every((l) => l.range.start.line === 3),
      'the lenses sit on the def line',
    );
    assert.deepStrictEqual(await lensTitles(without), []);
    assert.deepStrictEqual(await lensTitles(nested), []);
  });

  it('turns the lenses off with notte.codeLens.enabled', async () => {
    const uri = writeFunction('lens_setting.py', 'def run():\n    pass\n');
    await vscode.workspace.getConfiguration('notte').update('codeLens.enabled', false, vscode.ConfigurationTarget.Global);
    try {
      assert.deepStrictEqual(await lensTitles(uri), []);
    } finally {
      await vscode.workspace.getConfiguration('notte').update('codeLens.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.strictEqual((await lensTitles(uri)).length, 3);
  });

  it('Deploy on an unlinked file uploads it and writes the link; the lens then says linked, and "changed" after an edit', async () => {
    const server = harnessServer();
    const api = await extensionApi();
    const name = unique('deployed');
    const uri = writeFunction(`src/${name}.py`, 'def run(greeting: str = "hi"):\n    print("saying", greeting)\n    return {"said": greeting}\n');
    await vscode.window.showTextDocument(uri);
    const deploy = (await lenses(uri)).find((l) => l.command!.command === 'notte.deployFile');
    assert.ok(deploy);
    const fn = await vscode.commands.executeCommand<NotteFunction>(deploy.command!.command, ...deploy.command!.arguments!, { name, description: 'from the lens' });
    assert.ok(fn?.function_id, 'the upload answered a function');
    assert.ok(
      (await listFunctions(server)).some((f) => f.function_id === fn.function_id),
      'the server has the function',
    );

    const written = JSON.parse(fs.readFileSync(LINK_FILE(), 'utf8'));
    assert.deepStrictEqual(
      { functionId: written.functions[`src/${name}.py`].functionId, apiUrl: written.functions[`src/${name}.py`].apiUrl },
      { functionId: fn.function_id, apiUrl: api.connectionBaseUrl() },
    );

    const linked = await waitFor('the linked lenses', async () => {
      const titles = await lensTitles(uri);
      return titles.includes('Run on Notte') ? titles : undefined;
    });
    assert.deepStrictEqual(linked.slice(0, 4), ['▶ Run Locally', 'Debug', 'Run on Notte', 'Open Page']);
    assert.match(linked[4], /up to date/);
    assert.strictEqual(linked.length, 5);
    // Open Page opens the linked function's page.
    const openPage = (await lenses(uri)).find((l) => l.command!.title === 'Open Page')!;
    assert.deepStrictEqual([openPage.command!.command, openPage.command!.arguments], ['notte.openFunctionPage', [fn.function_id]]);
    assert.strictEqual(await vscode.commands.executeCommand(openPage.command!.command, ...openPage.command!.arguments!), true);
    const page = await waitFor('the page of the linked function', () => api.functionPage(fn.function_id));
    page.panel.dispose();
    assert.match(await waitFor('the status bar item', () => api.linkedFunctionStatus()), new RegExp(name));

    const editor = await vscode.window.showTextDocument(uri);
    await editor.edit((edit) => edit.insert(new vscode.Position(2, 0), '    # a new line\n'));
    const changed = await waitFor('"changed since"', async () => (await lensTitles(uri)).find((t) => t.includes('changed since')));
    assert.match(changed, /Deploy \(changed since \S+\)/);
    await vscode.commands.executeCommand('workbench.action.files.save');

    // Deploy again: Update Function Code through the link, no picker, and the lens is up to date again.
    const updated = await vscode.commands.executeCommand<NotteFunction>('notte.deployFile', uri);
    assert.strictEqual(updated?.function_id, fn.function_id);
    assert.notStrictEqual(updated?.latest_version, fn.latest_version);
    await waitFor('up to date again', async () => (await lensTitles(uri)).find((t) => t.includes('up to date')));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it("Run on Notte from the lens streams the linked function's run", async () => {
    const server = harnessServer();
    const api = await extensionApi();
    const name = unique('streamed');
    const uri = writeFunction(`${name}.py`, 'def run(who: str = "world"):\n    print("streaming hello to", who)\n    return "hello " + who\n');
    const fn = await vscode.commands.executeCommand<NotteFunction>('notte.deployFile', uri, { name, description: '' });
    assert.ok(fn);
    const lens = await waitFor('the Run on Notte lens', async () => (await lenses(uri)).find((l) => l.command!.command === 'notte.runOnNotte'));
    const result = await vscode.commands.executeCommand<RunCommandResult>(lens.command!.command, ...lens.command!.arguments!, { who: 'lens' });
    assert.strictEqual(result?.status, 'closed', JSON.stringify(result));
    assert.ok(api.outputLines().map(lineText).includes('streaming hello to lens'), "the run's log line arrived in the Output channel");
    const run = await http<FunctionRun>(server, 'GET', `/functions/${fn.function_id}/runs/${result.runId}`);
    assert.strictEqual(run.function_id, fn.function_id);
    assert.match(String(run.result), /hello lens/);
  });

  it('Run Locally of a linked function runs its file here, edits not yet saved included, not the deployed code, and says which', async () => {
    const api = await extensionApi();
    const name = unique('edited');
    const uri = writeFunction(`${name}.py`, 'def run():\n    return "as deployed"\n');
    const fn = await vscode.commands.executeCommand<NotteFunction>('notte.deployFile', uri, { name, description: '' });
    assert.ok(fn, 'deployed');
    // Edited after the deploy, and not saved: what the author sees is what runs (as Debug runs it).
    const document = await vscode.workspace.openTextDocument(uri);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(0, 0, document.lineCount, 0), 'def run():\n    return "as edited"\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const result = await vscode.commands.executeCommand<RunCommandResult>('notte.runLocally', fn.function_id, {});
      assert.strictEqual(result?.status, 'closed', JSON.stringify(result));
      assert.match(String(result?.result), /as edited/);
      assert.ok(
        api.outputLines().some((line) => line.includes(`running ${name}.py`)),
        'the run says which code it runs',
      );
      const run = await http<FunctionRun>(harnessServer(), 'GET', `/functions/${fn.function_id}/runs/${result!.runId}`);
      assert.deepStrictEqual([run.local, run.status], [true, 'closed'], 'recorded as a local run of the function');
    } finally {
      await document.save();
    }
  });

  it("the tree item's Open Code opens the linked file", async () => {
    const name = unique('opened');
    const uri = writeFunction(`${name}.py`, 'def run():\n    return 1\n');
    const fn = await vscode.commands.executeCommand<NotteFunction>('notte.deployFile', uri, { name, description: '' });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('notte.openFunctionCode', fn!.function_id);
    assert.strictEqual(editor?.document.uri.fsPath, uri.fsPath);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.fsPath, uri.fsPath);
  });

  it('Link to Function… and Unlink edit the link file; a function that no longer exists is said on the lens', async () => {
    const server = harnessServer();
    const existing = (await listFunctions(server))[0];
    const uri = writeFunction('linked_by_hand.py', 'def run():\n    return 2\n');
    assert.strictEqual(await vscode.commands.executeCommand('notte.linkToFunction', uri, existing.function_id), true);
    assert.strictEqual(JSON.parse(fs.readFileSync(LINK_FILE(), 'utf8')).functions['linked_by_hand.py'].functionId, existing.function_id);
    assert.strictEqual(await vscode.commands.executeCommand('notte.unlinkFunction', uri), true);
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(LINK_FILE(), 'utf8')).functions, {});

    fs.writeFileSync(LINK_FILE(), JSON.stringify({ functions: { 'linked_by_hand.py': { functionId: 'no_such_function', apiUrl: server.url } } }));
    await waitFor('the hand-written link', async () => (await lensTitles(uri)).includes('Run on Notte') || undefined);
    const result = await vscode.commands.executeCommand('notte.runOnNotte', uri, {});
    assert.strictEqual(result, undefined, 'nothing runs');
    await waitFor('the lens saying the function is gone', async () => (await lensTitles(uri)).find((t) => t.includes('no longer exists')));
  });

  it('a malformed link file gets a message naming it and its line, and is left untouched', async () => {
    const api = await extensionApi();
    const uri = writeFunction('with_bad_links.py', 'def run():\n    return 3\n');
    const broken = '{\n  "functions": {\n    "with_bad_links.py": { "functionId": "x", }\n  }\n}\n';
    fs.mkdirSync(path.dirname(LINK_FILE()), { recursive: true });
    fs.writeFileSync(LINK_FILE(), broken);
    // Read again on VS Code's file event, which a loaded machine can deliver late.
    const problem = await waitFor('the link file problem', () => api.linkFileProblem(uri), 60_000);
    assert.match(problem, /\.notte\/functions\.json/);
    assert.match(problem, /line 3/);
    assert.deepStrictEqual(await lensTitles(uri), ['▶ Run Locally', 'Debug', 'Deploy'], 'the file reads as unlinked');
    const existing = (await listFunctions(harnessServer()))[0];
    assert.strictEqual(await vscode.commands.executeCommand('notte.linkToFunction', uri, existing.function_id), false);
    // Deploy would upload, then fail to link (and the file may well be linked): it stops before uploading.
    const name = unique('bad_links');
    const fn = await vscode.commands.executeCommand<NotteFunction | undefined>('notte.deployFile', uri, { name, description: '' });
    assert.strictEqual(fn, undefined, 'nothing is uploaded that could not be linked');
    assert.ok(!(await listFunctions(harnessServer())).some((f) => f.name === name), 'no such function on the server');
    assert.strictEqual(await vscode.commands.executeCommand('notte.unlinkFunction', uri), false);
    assert.strictEqual(fs.readFileSync(LINK_FILE(), 'utf8'), broken, 'the file is byte for byte what the user wrote');
  });
});

describe("The author's loop: failures at their line", function () {
  this.timeout(90000);

  before(async () => {
    await useServer(harnessServer());
    await extensionApi();
  });

  after(() => {
    fs.rmSync(path.join(WORKSPACE(), '.notte'), { recursive: true, force: true });
  });

  function notteDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
    return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Notte');
  }

  it('a failed run on Notte puts a diagnostic at the raising line of the linked file, links its traceback, and the next success clears it', async () => {
    const name = unique('raises');
    const failing = 'def helper(message):\n    raise ValueError(message)\n\n\ndef run(message: str = "boom"):\n    print("about to fail")\n    helper(message)\n';
    const uri = writeFunction(`${name}.py`, failing);
    const fn = await vscode.commands.executeCommand<NotteFunction>('notte.deployFile', uri, { name, description: '' });
    assert.ok(fn);
    const failed = await vscode.commands.executeCommand<RunCommandResult>('notte.runOnNotte', uri, { message: 'boom' });
    assert.strictEqual(failed?.status, 'failed', JSON.stringify(failed));
    const [diagnostic] = await waitFor('the diagnostic', () => (notteDiagnostics(uri).length ? notteDiagnostics(uri) : undefined));
    assert.strictEqual(diagnostic.range.start.line, 1, 'at the raise, line 2');
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /^run \S+ failed: ValueError: boom$/);
    assert.ok(failed.runId && diagnostic.message.includes(failed.runId.slice(0, 4)));

    // The run document's frames lead to the file and line.
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('notte.openRun', fn.function_id, failed.runId);
    const links = await waitFor('links in the run document', async () => {
      const found = (await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', doc!.uri)) ?? [];
      return found.filter((l) => l.target?.fsPath === uri.fsPath).length >= 2 ? found : undefined;
    });
    const lines = links
      .filter((l) => l.target?.fsPath === uri.fsPath)
      .map((l) => l.target!.fragment)
      .sort();
    assert.deepStrictEqual(lines, ['L2', 'L7']);

    // An edit moves the raising line: the next failure says the deployed code differs from the file.
    const editor = await vscode.window.showTextDocument(uri);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# moved\n'));
    await vscode.commands.executeCommand<RunCommandResult>('notte.runOnNotte', uri, { message: 'again' });
    await waitFor('the note about the other version', () => notteDiagnostics(uri).find((d) => /again/.test(d.message) && /differs from this file/.test(d.message)));
    // The edit undone, the file is the deployed code again: the note goes, the failure stays.
    await editor.edit((edit) => edit.delete(new vscode.Range(0, 0, 1, 0)));
    const back = await waitFor('the note gone with the edit', () => notteDiagnostics(uri).find((d) => /^run \S+ failed: ValueError: again$/.test(d.message)));
    assert.strictEqual(back.range.start.line, 1, 'at the raise');
    // A line added above moves the entry with the code, and the note comes back.
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# above\n'));
    const moved = await waitFor('the entry moved, with its note', () => notteDiagnostics(uri).find((d) => /differs from this file/.test(d.message)));
    assert.strictEqual(moved.range.start.line, 2, 'still at the raise');
    await editor.edit((edit) => edit.delete(new vscode.Range(0, 0, 1, 0)));

    await replaceText(uri, 'def run(message: str = "boom"):\n    return "fine"\n');
    await vscode.commands.executeCommand('notte.deployFile', uri);
    const ok = await vscode.commands.executeCommand<RunCommandResult>('notte.runOnNotte', uri, { message: 'x' });
    assert.strictEqual(ok?.status, 'closed');
    await waitFor('the diagnostic cleared', () => notteDiagnostics(uri).length === 0 || undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('a failed local run of the file marks its line too, and a success clears it', async () => {
    const uri = writeFunction('local_raise.py', 'def run(n: int = 0):\n    if n < 1:\n        raise KeyError("n must be positive")\n    return n\n');
    const failed = await vscode.commands.executeCommand<RunCommandResult>('notte.runFileLocally', uri, { n: 0 });
    assert.strictEqual(failed?.status, 'failed');
    const [diagnostic] = await waitFor('the diagnostic', () => (notteDiagnostics(uri).length ? notteDiagnostics(uri) : undefined));
    assert.strictEqual(diagnostic.range.start.line, 2);
    assert.match(diagnostic.message, /^local run failed: KeyError: 'n must be positive'$/);
    const ok = await vscode.commands.executeCommand<RunCommandResult>('notte.runFileLocally', uri, { n: 3 });
    assert.strictEqual(ok?.status, 'closed');
    assert.deepStrictEqual(notteDiagnostics(uri), []);
  });

  it('a missing notte_sdk ends with one message naming the module, the interpreter and the install command', async () => {
    const api = await extensionApi();
    const uri = writeFunction(
      'needs_sdk.py',
      'from notte_sdk import NotteClient\n\n\ndef run(url: str = "https://example.com"):\n    with NotteClient().Session() as session:\n        return session.observe(url=url)\n',
    );
    const result = await vscode.commands.executeCommand<RunCommandResult>('notte.runFileLocally', uri, {});
    assert.strictEqual(result?.status, 'failed');
    assert.match(String(result.error), /The function imports notte_sdk, which \S+ cannot find\. Install it with: \S+ -m pip install notte-sdk/);
    assert.ok(
      api.outputLines().some((l) => /-m pip install notte-sdk/.test(l)),
      'the Output channel says it too',
    );
  });

  it('local runs get NOTTE_API_URL and NOTTE_API_KEY, and the key is never shown', async () => {
    const server = harnessServer();
    const api = await extensionApi();
    const uri = writeFunction(
      'reads_env.py',
      'import os\n\n\ndef run():\n    key = os.environ.get("NOTTE_API_KEY", "")\n    print("key is", key)\n    return {"url": os.environ.get("NOTTE_API_URL"), "key_length": len(key)}\n',
    );
    const result = await vscode.commands.executeCommand<RunCommandResult>('notte.runFileLocally', uri, {});
    assert.strictEqual(result?.status, 'closed', JSON.stringify(result));
    assert.deepStrictEqual(JSON.parse(String(result.result)), { url: api.connectionBaseUrl(), key_length: server.key.length });
    assert.ok(!api.outputLines().some((l) => l.includes(server.key)), 'the key never reaches the Output channel');
    assert.ok(
      api.outputLines().some((l) => lineText(l).startsWith('key is ') && l.includes('••')),
      'the printed key is masked',
    );
    assert.ok(
      api.outputLines().some((l) => /on this machine with \S+ \(from /.test(l)),
      'the interpreter is shown where the run starts',
    );
  });
});

/** The text of an Output line, which reads "<time> [<level>] [<run marker>] <text>" (issue 14). */
function lineText(line: string): string {
  return /^\S+ \S+ \[\w+\] \[[^\]]*\] (.*)$/s.exec(line)?.[1] ?? line;
}

describe("The author's loop: a linked file's saved sets", function () {
  this.timeout(90_000);
  // Deploying needs a key: this describe runs alone too (mocha --grep), not only after the others.
  before(() => useServer(harnessServer()));

  /**
   * Deploys `code` as `file` (a new function: no last values come before its sets), saves `sets` for it,
   * and runs the file locally accepting whatever is offered: the first item of a pick (the first set),
   * else an input box's default. Answers the run's result.
   */
  async function runFileWithSets(file: string, code: string, sets: unknown[]): Promise<unknown> {
    fs.rmSync(LINK_FILE(), { force: true });
    const uri = writeFunction(file, code);
    const fn = await vscode.commands.executeCommand<NotteFunction>('notte.deployFile', uri, { name: unique(file.replace(/\.py$/, '')), description: '' });
    assert.ok(fn, 'deployed and linked');
    const setsFile = path.join(WORKSPACE(), '.notte', 'variables', setsFileName(fn.name ?? undefined, fn.function_id));
    fs.mkdirSync(path.dirname(setsFile), { recursive: true });
    fs.writeFileSync(setsFile, JSON.stringify(sets));
    try {
      let settled = false;
      const running = vscode.commands.executeCommand<RunCommandResult>('notte.runFileLocally', uri);
      void running.then(
        () => (settled = true),
        () => (settled = true),
      );
      while (!settled) {
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      const result = await running;
      assert.strictEqual(result?.status, 'closed', JSON.stringify(result));
      return JSON.parse(String(result.result));
    } finally {
      fs.rmSync(setsFile, { force: true });
      await vscode.commands.executeCommand('notte.unlinkFunction', uri);
    }
  }

  it("Run File Locally of a linked file offers its function's saved sets first, as the page and Run Function do", async () => {
    // The first step is a quick pick whose first item is the set (were the input boxes shown instead, their default would be taken).
    const result = await runFileWithSets('linked_sets.py', 'def run(name: str = "typed"):\n    return {"name": name}\n', [
      { name: 'from the page', variables: { name: 'a saved set' } },
    ]);
    assert.deepStrictEqual(result, { name: 'a saved set' });
  });

  it('does not send a saved set that does not fit run(...): the input boxes follow, and the function never gets "three" for an int', async () => {
    const code = 'def run(name: str = "typed", count: int = 1):\n    return {"name": name, "count": count}\n';
    // The set first, then (it does not fit) the input boxes with their defaults.
    const result = await runFileWithSets('unfit_set.py', code, [{ name: 'by hand', variables: { name: 'Ada', count: 'three' } }]);
    assert.deepStrictEqual(result, { name: 'typed', count: 1 });
  });
});
