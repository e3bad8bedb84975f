// The documentation's other ways to invoke a function, each through its command.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { BatchCommandResult, BatchInputProblem } from '../../src/features/runs/batch';
import type { RunCommandResult } from '../../src/core/runs/runCommand';
import type { FunctionRun, NotteFunction } from '../../src/api/types';
import { extensionApi, functionIdByFile, harnessServer, http, listFunctions, listRuns, ownServerForSuite, TestServer, useServer, waitFor } from './helpers';

function tempFile(name: string, content: string): vscode.Uri {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-suite-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return vscode.Uri.file(file);
}

describe('Asynchronous runs', function () {
  this.timeout(60000);
  const server = harnessServer();
  before(async () => useServer(server));

  it('creates a run without starting it, shows it in the tree, then starts it with variables', async () => {
    const api = await extensionApi();
    const id = await functionIdByFile(server, 'echo');
    const runId = await vscode.commands.executeCommand<string>('notte.createRun', id);
    assert.ok(runId);
    // On the wire active and not started (the SDK refuses "created" there); the tree still shows it created.
    const created = await http<FunctionRun & { started?: boolean }>(server, 'GET', `/functions/${id}/runs/${runId}`);
    assert.deepStrictEqual([created.status, created.started], ['active', false]);
    await vscode.commands.executeCommand('notte.refresh');
    const fnNode = (await api.treeChildren()).find((n) => (n as unknown as { id: string }).id === id)!;
    const runNode = await waitFor('the created run in the tree', async () => (await api.treeChildren(fnNode)).find((n) => (n as unknown as { id: string }).id === runId));
    assert.strictEqual(api.treeItem(runNode).contextValue, 'run.created');

    const result = await vscode.commands.executeCommand<RunCommandResult>('notte.startCreatedRun', id, runId, { name: 'later' });
    assert.strictEqual(result?.runId, runId);
    assert.strictEqual(result?.status, 'closed');
    assert.strictEqual(await vscode.commands.executeCommand<string>('notte.checkRunStatus', id, runId), 'closed');
  });

  it('sees the status of a run started elsewhere (by cURL) after a refresh', async () => {
    const api = await extensionApi();
    const id = await functionIdByFile(server, 'echo');
    const started = await http<{ function_run_id: string }>(server, 'POST', `/functions/${id}/runs/start`, {
      function_id: id,
      variables: { name: 'from elsewhere' },
      stream: false,
    });
    await vscode.commands.executeCommand('notte.refresh');
    const fnNode = (await api.treeChildren()).find((n) => (n as unknown as { id: string }).id === id)!;
    const runs = await api.treeChildren(fnNode);
    const node = runs.find((n) => (n as unknown as { id: string }).id === started.function_run_id);
    assert.ok(node, 'the run started elsewhere is listed');
    assert.strictEqual(api.treeItem(node).contextValue, 'run.closed');
  });
});

describe('Batches', function () {
  this.timeout(120000);
  let faulty: TestServer;
  ownServerForSuite(['--faults', '--max-concurrent', '3'], (started) => (faulty = started));
  afterEach(async () => {
    await http(faulty, 'DELETE', '/__faults');
  });

  it('gives every input of a JSON file exactly one run, even through a storm of 429s', async () => {
    const id = await functionIdByFile(faulty, 'echo');
    const sets = Array.from({ length: 12 }, (_, i) => ({ name: `input ${i} "q" $x` }));
    const file = tempFile('sets.json', JSON.stringify(sets, null, 2));
    // The server's own cap (3 active runs) refuses most starts of a 10-wide batch, and a short
    // storm of 429s hits whatever the extension asks next.
    await http(faulty, 'POST', '/__faults', { status429: 3 });
    const outcome = await vscode.commands.executeCommand<BatchCommandResult>('notte.runBatch', file, id);
    assert.ok(outcome && 'outcomes' in outcome, JSON.stringify(outcome));
    assert.deepStrictEqual(
      outcome.outcomes.map((o) => o.status),
      sets.map(() => 'closed'),
    );
    const runs = await listRuns(faulty, id);
    const texts = runs
      .map((r) => (r.variables as { name?: string }).name)
      .filter((t): t is string => !!t)
      .sort();
    assert.deepStrictEqual(texts, sets.map((s) => s.name).sort(), 'each input ran exactly once');
    const summary = JSON.parse(outcome.summary.getText());
    assert.strictEqual(summary.length, 12);
    // Each run is told started once in the Output (created first, then started: it was told twice).
    const api = await extensionApi();
    for (const { runId } of outcome.outcomes.slice(0, 3)) assert.strictEqual(api.outputLines().filter((line) => line.includes(`Run ${runId} started`)).length, 1, runId);
    assert.deepStrictEqual(summary[3].variables, sets[3]);
    assert.strictEqual(summary[3].run_id, outcome.outcomes[3].runId);
  });

  it('reads CSV files', async () => {
    const id = await functionIdByFile(faulty, 'echo');
    const file = tempFile('sets.csv', 'name\n"a, b"\nplain\n');
    const outcome = await vscode.commands.executeCommand<BatchCommandResult>('notte.runBatch', file, id);
    assert.ok(outcome && 'outcomes' in outcome);
    assert.deepStrictEqual(
      outcome.outcomes.map((o) => o.variables),
      [{ name: 'a, b' }, { name: 'plain' }],
    );
  });

  it("checks every set against run(...) before starting any: a CSV's typed text is converted, a misfit stops the batch", async () => {
    const id = await functionIdByFile(faulty, 'echo');
    // Each cell as typed into its box: "3.10" stays text for a str, an empty cell takes the default.
    const csv = tempFile('typed.csv', 'name,count,enabled,ratio\n3.10,3,yes,\n');
    const ran = await vscode.commands.executeCommand<BatchCommandResult>('notte.runBatch', csv, id);
    assert.ok(ran && 'outcomes' in ran, JSON.stringify(ran));
    assert.deepStrictEqual(
      ran.outcomes.map((o) => o.variables),
      [{ name: '3.10', count: 3, enabled: true, ratio: 0.5 }],
    );

    const before = (await listRuns(faulty, id)).length;
    const sets = [{ name: 'fine' }, { name: 'b', count: 'three' }, { name: 'c', colour: 'red' }, {}];
    const outcome = await vscode.commands.executeCommand<BatchInputProblem>('notte.runBatch', tempFile('misfit.json', JSON.stringify(sets)), id);
    assert.ok(outcome && 'error' in outcome, JSON.stringify(outcome));
    assert.match(outcome.error, /^3 sets of 4 do not fit run\(\.\.\.\) of echo_variables, so none ran\. Set 2: count \(int\): Enter a whole number/);
    assert.match(outcome.error, /Set 3: Unknown variable: colour/);
    assert.match(outcome.error, /Set 4: name \(str\) has no default/);
    assert.strictEqual((await listRuns(faulty, id)).length, before, 'no run started');
  });

  it('refuses a broken file with a message naming the line, and starts nothing', async () => {
    const id = await functionIdByFile(faulty, 'echo');
    const before = (await listRuns(faulty, id)).length;
    const file = tempFile('broken.json', '[\n  {"text": "ok"},\n  {"text": oops}\n]');
    const outcome = await vscode.commands.executeCommand<BatchInputProblem>('notte.runBatch', file, id);
    assert.ok(outcome && 'error' in outcome);
    assert.strictEqual(outcome.line, 3);
    assert.match(outcome.error, /Line 3/);
    assert.strictEqual((await listRuns(faulty, id)).length, before);
  });
});

describe('Schedules', function () {
  this.timeout(30000);
  const server = harnessServer();
  before(async () => useServer(server));

  it('sets a valid schedule and removes it', async () => {
    const id = await functionIdByFile(server, 'echo');
    const status = await vscode.commands.executeCommand<string>('notte.schedule', id, '*/5 * * * *', { name: 'scheduled' });
    assert.ok(status, 'the server accepted the schedule');
    assert.match((await vscode.commands.executeCommand<string>('notte.removeSchedule', id)) ?? '', /^Removed the schedule of /);
    // Again, with none left: said so, not "Removed".
    assert.match((await vscode.commands.executeCommand<string>('notte.removeSchedule', id)) ?? '', /had no schedule: nothing to remove\.$/);
  });

  it('refuses an invalid cron expression before sending anything', async () => {
    const id = await functionIdByFile(server, 'echo');
    assert.strictEqual(await vscode.commands.executeCommand('notte.schedule', id, '61 * * * *', {}), undefined);
  });
});

describe('Upload', function () {
  this.timeout(30000);
  let own: TestServer;
  let servedFolder = '';
  ownServerForSuite(
    [],
    (started) => (own = started),
    () => (servedFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-upload-'))),
  );

  it('deploys a file the local server already serves by linking to its function, without a copy beside it', async () => {
    const file = path.join(servedFolder, 'served_here.py');
    fs.writeFileSync(file, 'def run(city: str = "Paris"):\n    return city\n');
    const before = await listFunctions(own);
    const served = before.find((f) => f.file_name === 'served_here.py');
    assert.ok(served, 'the server lists the file');
    // Reached through a link to the folder, as a workspace often holds it: still the same file.
    const linked = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'notte-upload-link-')), 'functions');
    fs.symlinkSync(servedFolder, linked);
    const fn = await vscode.commands.executeCommand<NotteFunction>('notte.uploadFunction', vscode.Uri.file(path.join(linked, 'served_here.py')), {
      name: 'Served',
      description: '',
    });
    assert.strictEqual(fn?.function_id, served.function_id);
    assert.deepStrictEqual(
      fs.readdirSync(servedFolder).filter((name) => name.endsWith('.py')),
      ['served_here.py'],
    );
    assert.strictEqual((await listFunctions(own)).length, before.length);
  });

  it('creates a function from a Python file, and a new version follows its variables', async () => {
    const api = await extensionApi();
    const first = tempFile('greeter.py', '"""Says hello."""\n\ndef run(name: str = \'world\'):\n    print(f"hello {name}")\n    return name\n');
    const fn = await vscode.commands.executeCommand<NotteFunction>('notte.uploadFunction', first, { name: 'Greeter', description: 'Says hello' });
    assert.ok(fn?.function_id);
    const listed = await listFunctions(own);
    assert.deepStrictEqual(
      listed.find((f) => f.function_id === fn.function_id)?.variables?.map((v) => v.name),
      ['name'],
    );

    const second = tempFile('greeter.py', 'def run(name: str, times: int = 2):\n    return [name] * times\n');
    const updated = await vscode.commands.executeCommand<NotteFunction>('notte.updateFunctionCode', fn.function_id, second);
    assert.ok(updated);
    const after = await http<NotteFunction>(own, 'GET', `/functions/${fn.function_id}`);
    assert.deepStrictEqual(
      after.variables?.map((v) => v.name),
      ['name', 'times'],
    );
    assert.ok((after.versions ?? []).length >= 2);
    await vscode.commands.executeCommand('notte.refresh');
    const node = (await api.treeChildren()).find((n) => (n as unknown as { id: string }).id === fn.function_id)!;
    assert.match(String(api.treeItem(node).description), /name, times/);
  });
});
