import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import {
  extensionApi,
  functionIdByFile,
  harnessServer,
  http,
  listFunctions,
  ownServerForSuite,
  recordingProxy,
  rootLabels,
  startServer,
  TestServer,
  useServer,
  waitFor,
} from './helpers';

describe('Functions view', function () {
  this.timeout(60000);
  const server = harnessServer();

  before(async () => useServer(server));
  afterEach(async () => {
    await vscode.workspace.getConfiguration('notte').update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    await useServer(server);
  });

  it("lists the server's functions by name, with their variables", async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('notte.refresh');
    const expected = await listFunctions(server);
    const nodes = await api.treeChildren();
    const labels = nodes.map((n) => api.treeItem(n).label);
    assert.deepStrictEqual(
      labels,
      expected.map((f) => f.name || f.function_id),
    );
    const withVariables = expected.findIndex((f) => (f.variables ?? []).length > 0);
    assert.ok(withVariables >= 0, 'an example function has variables');
    const item = api.treeItem(nodes[withVariables]);
    for (const variable of expected[withVariables].variables!) assert.ok(String(item.description).includes(variable.name));
    assert.strictEqual(item.contextValue, 'function');
  });

  it('pages functions with a Load more item', async () => {
    const api = await extensionApi();
    const all = await listFunctions(server);
    assert.ok(all.length >= 3, 'needs at least 3 example functions');
    await vscode.workspace.getConfiguration('notte').update('pageSize', 2, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('notte.refresh');
    let nodes = await api.treeChildren();
    assert.strictEqual(nodes.length, 3);
    assert.strictEqual(api.treeItem(nodes[2]).label, 'Load more…');
    while (api.treeItem(nodes[nodes.length - 1]).label === 'Load more…') {
      await vscode.commands.executeCommand('notte.loadMore', nodes[nodes.length - 1]);
      nodes = await api.treeChildren();
    }
    assert.deepStrictEqual(
      nodes.map((n) => api.treeItem(n).label),
      all.map((f) => f.name || f.function_id),
    );
  });

  it('shows runs newest first with status, age and duration', async () => {
    const api = await extensionApi();
    const fn = (await listFunctions(server)).find((f) => f.function_id.includes('echo'))!;
    assert.ok(fn, 'the echo example exists');
    for (const n of [1, 2]) await http(server, 'POST', `/functions/${fn.function_id}/runs/start`, { function_id: fn.function_id, variables: { name: `run ${n}` }, stream: false });
    await vscode.commands.executeCommand('notte.refresh');
    const fnNode = (await api.treeChildren()).find((n) => api.treeItem(n).label === (fn.name || fn.function_id))!;
    // The run rows (after the page's runs, a "Load more" row once the function has many, from other suites).
    const runs = (await api.treeChildren(fnNode)).filter((r) => (r as unknown as { run?: unknown }).run);
    const items = runs.map((r) => api.treeItem(r));
    assert.ok(items.length >= 2);
    const times = runs.map((r) => (r as unknown as { run: { created_at: string } }).run.created_at);
    assert.deepStrictEqual([...times].sort().reverse(), times, 'newest first');
    // Issue 14: the start time is the label, status and duration the description.
    assert.match(String(items[0].label), /^\d\d:\d\d:\d\d$/);
    assert.match(String(items[0].description), /^closed · \d/);
    assert.strictEqual(items[0].contextValue, 'run.closed');
    assert.strictEqual((items[0].iconPath as vscode.ThemeIcon).id, 'pass');
  });

  it("keeps none of a run's log lines, and draws its rows from listings that carry none", async () => {
    const api = await extensionApi();
    const fn = (await listFunctions(server)).find((f) => f.function_id.includes('echo'))!;
    const started = await http<{ function_run_id: string }>(server, 'POST', `/functions/${fn.function_id}/runs/start`, {
      function_id: fn.function_id,
      variables: { name: 'counted' },
      stream: false,
    });
    const stored = await http<{ logs: string[] }>(server, 'GET', `/functions/${fn.function_id}/runs/${started.function_run_id}`);
    assert.ok(stored.logs.length > 0, 'the run logged something');
    const proxy = await recordingProxy(server);
    try {
      await useServer(proxy);
      await vscode.commands.executeCommand('notte.refresh');
      const fnNode = (await api.treeChildren()).find((n) => api.treeItem(n).label === (fn.name || fn.function_id))!;
      const runNode = (await api.treeChildren(fnNode)).find((n) => (n as unknown as { id: string }).id === started.function_run_id)!;
      const kept = (runNode as unknown as { run: Record<string, unknown> }).run;
      assert.strictEqual(kept.logs, undefined, 'no log lines kept in the tree');
      assert.deepStrictEqual(kept.variables, { ...(kept.variables as object), name: 'counted' }, 'the variables stay for Copy as cURL');
      assert.ok(proxy.requests.includes(`GET /functions/${fn.function_id}/runs/`), `a listing of its runs: ${proxy.requests.join(', ')}`);
      assert.ok(!proxy.requests.includes(`GET /functions/${fn.function_id}/runs/${started.function_run_id}`), 'no fetch of the run (and its lines) to draw its row');
    } finally {
      await useServer(server);
      await proxy.close();
    }
  });

  it('does not poll a run this window is streaming, and shows its end when the stream ends', async () => {
    const api = await extensionApi();
    const proxy = await recordingProxy(server);
    try {
      await useServer(proxy);
      const fnId = await functionIdByFile(server, 'progress_report');
      const fnNode = (await api.treeChildren()).find((n) => (n as unknown as { id: string }).id === fnId)!;
      await api.treeChildren(fnNode);
      const finished = vscode.commands.executeCommand<{ runId?: string; status?: string }>('notte.runFunction', fnId, { steps: 10, delay: 0.5 });
      // The launcher reloads the function's runs when the run starts; the tree then shows it active.
      const runNode = await waitFor('the streamed run to show as active in the tree', async () =>
        (await api.treeChildren(fnNode)).find((n) => api.treeItem(n).contextValue === 'run.active'),
      );
      const runId = (runNode as unknown as { id: string }).id;
      const getsOfRun = () => proxy.requests.filter((r) => r === `GET /functions/${fnId}/runs/${runId}`).length;
      await new Promise((r) => setTimeout(r, 2500)); // more than two polling periods of the view (1 s)
      assert.strictEqual(api.treeItem(runNode).contextValue, 'run.active', 'still running');
      assert.strictEqual(getsOfRun(), 0, 'the view did not fetch the run its stream follows');
      const outcome = await finished;
      assert.strictEqual(outcome?.status, 'closed');
      await waitFor('the item to show the end of the run', () => (api.treeItem(runNode).contextValue === 'run.closed' ? true : undefined));
      assert.strictEqual(getsOfRun(), 0, "its end came from a listing, not a fetch of the run's lines");
    } finally {
      await useServer(server);
      await proxy.close();
    }
  });

  it('follows an active run by itself until it ends, repainting only that item', async () => {
    const api = await extensionApi();
    const fn = (await listFunctions(server)).find((f) => f.function_id.includes('until_stopped'))!;
    const created = await http<{ function_run_id: string }>(server, 'POST', `/functions/${fn.function_id}/runs/create`, { local: false });
    const runId = created.function_run_id;
    const started = fetch(`${server.url}/functions/${fn.function_id}/runs/${runId}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ variables: {}, stream: false }),
    });
    await waitFor('the run to start', async () => (await http<{ status: string }>(server, 'GET', `/functions/${fn.function_id}/runs/${runId}`)).status === 'active' || undefined);
    await vscode.commands.executeCommand('notte.refresh');
    const fnNode = (await api.treeChildren()).find((n) => api.treeItem(n).label === (fn.name || fn.function_id))!;
    const runNode = (await api.treeChildren(fnNode)).find((n) => (n as unknown as { id: string }).id === runId)!;
    assert.strictEqual(api.treeItem(runNode).contextValue, 'run.active');
    assert.strictEqual((api.treeItem(runNode).iconPath as vscode.ThemeIcon).id, 'sync~spin');
    await http(server, 'DELETE', `/functions/${fn.function_id}/runs/${runId}`);
    await started;
    // No refresh: the view's own polling must notice the end of the run on the same node.
    await waitFor('the item to leave the active state', () => (api.treeItem(runNode).contextValue !== 'run.active' ? true : undefined), 20000);
  });

  it('shows one error item with the reason when the server is down, and recovers on retry', async () => {
    const api = await extensionApi();
    const dead: TestServer = await startServer();
    await useServer(dead);
    await dead.stop();
    await vscode.commands.executeCommand('notte.refresh');
    const nodes = await api.treeChildren();
    // Issue 14: the whole message is the view's message; the rows are the actions that can help.
    const item = api.treeItem(nodes[0]);
    assert.strictEqual(item.label, 'Retry');
    assert.match(api.viewMessage() ?? '', /^Could not load functions .*(reach|connect|refused|unreachable)/i);
    assert.strictEqual(item.command?.command, 'notte.retry');
    await useServer(server);
    await vscode.commands.executeCommand('notte.retry', nodes[0]);
    const recovered = await waitFor('functions again', async () => {
      const again = await api.treeChildren();
      return again.length > 1 ? again : undefined;
    });
    assert.ok(recovered.length > 1);
  });

  it('says so when the key is wrong, instead of an empty tree', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('notte.setApiKey', 'not-the-right-key');
    await vscode.commands.executeCommand('notte.refresh');
    const nodes = await api.treeChildren();
    // Issue 14: the message says why in full; a row offers to set the key.
    assert.match(api.viewMessage() ?? '', /key/i);
    assert.ok(nodes.some((n) => /^Set API Key of /.test(String(api.treeItem(n).label))));
  });
});

describe('Functions view on a server serving the workspace folder', function () {
  this.timeout(60000);
  const workspace = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  ownServerForSuite([], undefined, workspace);

  it('lists a function file added to the folder and drops it once deleted, with no refresh', async () => {
    const file = path.join(workspace(), 'added_while_shown.py');
    const shown = async () => (await rootLabels()).some((label) => /added.while.shown/i.test(label));
    await vscode.commands.executeCommand('notte.refresh');
    assert.strictEqual(await shown(), false);
    fs.writeFileSync(file, 'def run():\n    return 1\n');
    try {
      await waitFor('the new file listed', shown, 20000, 250);
    } finally {
      fs.rmSync(file, { force: true });
    }
    await waitFor('the deleted file gone from the view', async () => !(await shown()), 20000, 250);
  });
});
