// The function page's doors, from the extension's side: what the page may ask (checked, the rest
// dropped with no effect), what it is told (never the API key, nor a session link carrying it), and the
// saved-set files it writes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { NotteFunction } from '../../src/api/types';
import type { RunCommandResult } from '../../src/core/runs/runCommand';
import type { FunctionPage } from '../../src/features/page/functionPage';
import type { LogEntry, SessionView } from '../../src/features/page/protocol';
import {
  extensionApi,
  fixtureFunctions,
  forwardingProxy,
  functionIdByFile,
  harnessServer,
  http,
  listRuns,
  ownServerForSuite,
  startServer,
  TestServer,
  useServer,
  waitFor,
} from './helpers';

type Posted = { type: string; [field: string]: unknown };

describe('Function page', function () {
  this.timeout(90000);
  const server = harnessServer();
  let functionId: string;
  let fn: NotteFunction;
  let page: FunctionPage;
  let setsFile: string;

  before(async () => {
    await useServer(server);
    const api = await extensionApi();
    functionId = await functionIdByFile(server, 'echo');
    fn = await http<NotteFunction>(server, 'GET', `/functions/${functionId}`);
    assert.ok(await vscode.commands.executeCommand('notte.openFunctionPage', functionId));
    page = await waitFor('the page', () => api.functionPage(functionId));
    // The page's own script says it is ready once it loaded; what that brings (its sets, its history) is
    // posted then, whichever test runs at that moment.
    await waitFor("the page's script listening", () => page.pageReady, 60000);
    const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    setsFile = path.join(workspace, '.notte', 'variables', `${fn.name || functionId}.json`);
  });

  after(() => {
    fs.rmSync(path.dirname(path.dirname(setsFile)), { recursive: true, force: true });
  });

  async function initialized(recording: unknown[]): Promise<void> {
    await page.receive({ v: 1, type: 'ready' });
    await waitFor('init and history', () => (recording as Posted[]).some((m) => m.type === 'history'));
  }

  // (With a file linked to it, the page also says how to fix the link: test/unit/features/page/protocol.test.ts.)
  it('the page of a function the server does not have says so, not only "Not Found"', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('notte.openFunctionPage', 'ghost_fn');
    const ghost = await waitFor('the page', () => api.functionPage('ghost_fn'));
    const recording = ghost.record();
    await ghost.receive({ v: 1, type: 'ready' });
    const notice = await waitFor('the notice', () => (recording as Posted[]).find((m) => m.type === 'notice' && m.level === 'error'));
    assert.match(String(notice.text), /^There is no function ghost_fn on \S+/);
    // Opened again (from the view, a lens), a page that could not load its function tries again.
    const errors = () => (recording as Posted[]).filter((m) => m.type === 'notice' && m.level === 'error').length;
    // (Counted from now: a change of connection meanwhile, which other suites make, tries again too.)
    const before = errors();
    await vscode.commands.executeCommand('notte.openFunctionPage', 'ghost_fn');
    await waitFor('the load tried again', () => errors() > before || undefined);
    ghost.panel.dispose();
  });

  it('opening the page again focuses the open one', async () => {
    const api = await extensionApi();
    await vscode.commands.executeCommand('notte.openFunctionPage', functionId);
    assert.strictEqual(await api.functionPage(functionId), page);
    assert.strictEqual(page.panel.title, `${fn.name || functionId} — Notte`);
  });

  it('drops malformed and unknown messages with no effect, and says why', async () => {
    const api = await extensionApi();
    const recording = page.record();
    const runsBefore = (await listRuns(server, functionId)).length;
    const droppedBefore = page.dropped.length;
    const texts = (fn.variables ?? []).map(() => null);
    const bad: unknown[] = [
      null,
      'run',
      { type: 'run', texts },
      { v: 2, type: 'run', texts },
      { v: 1, type: 'run', texts: [1] },
      { v: 1, type: 'run', texts, functionId: 'other' },
      { v: 1, type: 'eval', code: 'process.exit()' },
      { v: 1, type: 'constructor' },
      { v: 1, type: 'saveSet', name: '', texts },
      { v: 1, type: 'copySnippet', kind: 'sh', texts },
    ];
    for (const message of bad) await page.receive(message);
    assert.strictEqual(page.dropped.length - droppedBefore, bad.length, page.dropped.join('\n'));
    // The page's load may still be posting what it shows (its sets, its history); anything else would be an answer.
    const loadPushes = new Set(['init', 'sets', 'history', 'linkedFile', 'session']);
    assert.deepStrictEqual(
      (recording as Posted[]).filter((m) => !loadPushes.has(m.type)),
      [],
      'nothing was answered',
    );
    assert.strictEqual(api.activeRunCount(), 0, 'no run started');
    assert.strictEqual((await listRuns(server, functionId)).length, runsBefore, 'the server got no run');
    assert.ok(!fs.existsSync(setsFile), 'no set was saved');
  });

  it('runs from the form with the values Run Function would send, and never posts the key', async () => {
    const recording = page.record();
    await initialized(recording);
    const names = (fn.variables ?? []).map((v) => v.name);
    const texts = names.map((name) =>
      name === 'name' ? `key is ${server.key} <img src=x onerror=alert(1)>` : name === 'count' ? '7' : name === 'options' ? '{"k": [1, 2]}' : null,
    );
    await page.receive({ v: 1, type: 'run', texts });
    const ended = await waitFor('the run to end', () => (recording as Posted[]).find((m) => m.type === 'runEnded'), 60000);
    const end = ended.end as { status: string; runId: string; result: { variables: Record<string, unknown> } };
    assert.strictEqual(end.status, 'closed', JSON.stringify(end));
    const run = await http<{ variables: Record<string, unknown> }>(server, 'GET', `/functions/${functionId}/runs/${end.runId}`);
    assert.deepStrictEqual(run.variables, {
      name: `key is ${server.key} <img src=x onerror=alert(1)>`,
      count: 7,
      ratio: 0.5,
      enabled: false,
      tags: ['a', 'b'],
      options: { k: [1, 2] },
      note: null,
    });
    const posted = JSON.stringify(recording);
    assert.ok(!posted.includes(server.key), 'the key never reaches the page');
    assert.ok(posted.includes('key is ••••••'), 'the line is there, with the key masked');
    assert.ok(
      (recording as Posted[]).some((m) => m.type === 'logs'),
      'log lines were posted',
    );
    assert.ok(!posted.includes(server.url.replace(/^https?:\/\//, '') + '/'), 'no API address is posted');
  });

  it('refuses an int of 1.5 on the extension side too', async () => {
    const recording = page.record();
    const texts = (fn.variables ?? []).map((v) => (v.name === 'name' ? 'x' : v.name === 'count' ? '1.5' : null));
    await page.receive({ v: 1, type: 'run', texts });
    const invalid = await waitFor('the refusal', () => (recording as Posted[]).find((m) => m.type === 'invalid'));
    assert.match(String((invalid.problems as Record<string, string>).count), /whole number/);
    assert.ok(!(recording as Posted[]).some((m) => m.type === 'runStarted'));
  });

  it('saves sets next to what a person wrote by hand, and never writes over a broken file', async () => {
    fs.mkdirSync(path.dirname(setsFile), { recursive: true });
    fs.writeFileSync(setsFile, '[\n  {"name": "by hand", "variables": {"name": "Ada"}, "note": "kept"}\n]\n');
    const recording = page.record();
    const texts = (fn.variables ?? []).map((v) => (v.name === 'name' ? 'Grace' : v.name === 'count' ? '3' : null));
    await page.receive({ v: 1, type: 'saveSet', name: 'smoke', texts });
    const text = fs.readFileSync(setsFile, 'utf8');
    assert.ok(text.startsWith('[\n  {"name": "by hand", "variables": {"name": "Ada"}, "note": "kept"},\n'), `the hand-written set keeps its line:\n${text}`);
    const saved = JSON.parse(text);
    assert.deepStrictEqual(saved, [
      { name: 'by hand', variables: { name: 'Ada' }, note: 'kept' },
      { name: 'smoke', variables: { name: 'Grace', count: 3, ratio: 0.5, enabled: false, tags: ['a', 'b'], options: null, note: null } },
    ]);
    const sets = (recording as Posted[]).filter((m) => m.type === 'sets').pop()!;
    assert.deepStrictEqual((sets.sets as { name: string }[]).map((s) => s.name).filter(Boolean), ['by hand', 'smoke']);

    const broken = '[\n  {"name": "by hand", "variables": {"name": "Ada"}},\n  {"name": "oops" "variables": {}}\n]\n';
    fs.writeFileSync(setsFile, broken);
    const after = page.record();
    await page.receive({ v: 1, type: 'saveSet', name: 'again', texts });
    await page.receive({ v: 1, type: 'renameSet', from: 'by hand', to: 'renamed' });
    await page.receive({ v: 1, type: 'deleteSet', name: 'by hand' });
    assert.strictEqual(fs.readFileSync(setsFile, 'utf8'), broken, 'the broken file is left as it was');
    const errors = (after as Posted[]).filter((m) => m.type === 'notice' && m.level === 'error').map((m) => String(m.text));
    assert.strictEqual(errors.length, 3, JSON.stringify(after));
    for (const error of errors) assert.match(error, new RegExp(`${path.basename(setsFile).replace('.', '\\.')}, line 3`));
    const reported = (after as Posted[]).filter((m) => m.type === 'sets').pop()!;
    assert.match(String(reported.error), /line 3/);
  });

  it('lists the sets again when their file is edited, broken or fixed by hand while the page is open', async () => {
    const recording = page.record();
    await initialized(recording);
    const setsPosted = () => (recording as Posted[]).filter((m) => m.type === 'sets');
    const lastSets = () => setsPosted().pop() as { sets: { name: string }[]; error?: string } | undefined;
    fs.mkdirSync(path.dirname(setsFile), { recursive: true });
    fs.writeFileSync(setsFile, '[{ "name": "written by hand", "variables": { "name": "Lin" } }]\n');
    await waitFor('the new set listed', () => lastSets()?.sets.some((s) => s.name === 'written by hand'), 60_000);
    fs.writeFileSync(setsFile, '[{ "name": "written by hand" "variables": {} }]\n');
    await waitFor('the broken file said', () => /line 1/.test(lastSets()?.error ?? ''), 60_000);
    assert.deepStrictEqual(
      lastSets()!.sets.filter((s) => s.name),
      [],
      'no set of a broken file is offered',
    );
    fs.writeFileSync(setsFile, '[{ "name": "fixed", "variables": {} }]\n');
    await waitFor('the fixed file listed', () => lastSets()?.error === undefined && lastSets()?.sets.some((s) => s.name === 'fixed'), 60_000);
  });

  it('says why the session pane is empty for a run without a browser session (and how the local server gives one)', async () => {
    const recording = page.record();
    await initialized(recording);
    const texts = (fn.variables ?? []).map((v) => (v.name === 'name' ? 'no session' : null));
    await page.receive({ v: 1, type: 'run', texts });
    const none = await waitFor("the pane's reason", () => (recording as Posted[]).find((m) => m.type === 'session' && (m.session as SessionView).state === 'none'), 60000);
    const view = none.session as SessionView;
    assert.match(view.text, /This run has no browser session/);
    assert.match(view.text, /NotteClient\(\)\.Session\(\)/);
    assert.strictEqual(view.url, undefined);
    assert.strictEqual(view.canOpen, false);
    const during = (recording as Posted[]).filter((m) => m.type === 'session').map((m) => (m.session as SessionView).text);
    assert.ok(
      during.some((text) => /No browser session yet/.test(text)),
      `while it ran, the pane said so: ${JSON.stringify(during)}`,
    );
  });

  it('"Show all lines" of a run picked from the history opens that run\'s document with every line, even a run from elsewhere', async () => {
    // A run this window never streamed (started over HTTP, as cURL or the SDK would): not in the Output.
    const marker = `from elsewhere ${Date.now()}`;
    const started = await http<{ function_run_id: string }>(server, 'POST', `/functions/${functionId}/runs/start`, { variables: { name: marker }, stream: false });
    const recording = page.record();
    await initialized(recording);
    await page.receive({ v: 1, type: 'selectRun', runId: started.function_run_id });
    await waitFor('the picked run on the page', () => (recording as Posted[]).some((m) => m.type === 'runDetail'));
    await page.receive({ v: 1, type: 'showOutput' });
    const editor = await waitFor('the run document', () => {
      const active = vscode.window.activeTextEditor;
      return active?.document.uri.scheme === 'notte-run' && active.document.uri.path.includes(started.function_run_id) ? active : undefined;
    });
    await waitFor('its lines', () => editor.document.getText().includes(`name = '${marker}' (str)`));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('Compare with… opens a diff of two runs whose tabs tell them apart, even when they started in the same second', async () => {
    // Two runs started at once: usually in the same second, so their start times alone read alike.
    const marker = Date.now();
    const [first, second] = await Promise.all(
      ['left', 'right'].map((side) =>
        http<{ function_run_id: string }>(server, 'POST', `/functions/${functionId}/runs/start`, { variables: { name: `${side} ${marker}` }, stream: false }),
      ),
    );
    const recording = page.record();
    await initialized(recording);
    const comparing = page.receive({ v: 1, type: 'compare', runId: second.function_run_id });
    // The quick pick lists the other runs, newest first: pick the first one until the diff opens.
    const label = await waitFor('the diff', async () => {
      const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
      if (tab?.input instanceof vscode.TabInputTextDiff) return tab.label;
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return undefined;
    });
    await comparing;
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab!;
    const input = tab.input as vscode.TabInputTextDiff;
    const [left, right] = await Promise.all([input.original, input.modified].map((uri) => vscode.workspace.openTextDocument(uri)));
    assert.ok(right.getText().includes(`right ${marker}`), right.getText());
    // The newest other run is the one started with it.
    assert.ok(left.getText().includes(first.function_run_id) && left.getText().includes(`left ${marker}`), left.getText());
    const [leftName, rightName] = label.replace(/^[^:]*: /, '').split(' ↔ ');
    assert.ok(leftName && rightName && leftName !== rightName, `two names in "${label}"`);
    // Started in the same second (their times alike), each name carries its run's short id.
    if (leftName.replace(/ \(.*\)$/, '') === rightName.replace(/ \(.*\)$/, '')) {
      assert.ok(leftName.includes(first.function_run_id.slice(0, 4)) && rightName.includes(second.function_run_id.slice(0, 4)), label);
    }
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it("Debug runs the linked file under the debugger with the form's values; without a linked file it says how to link one", async () => {
    const recording = page.record();
    const texts = (fn.variables ?? []).map((v) => (v.name === 'name' ? 'debugged' : v.name === 'count' ? '5' : null));
    await initialized(recording);
    const unlinked = (recording as Posted[]).filter((m) => m.type === 'linkedFile').pop();
    assert.ok(unlinked && unlinked.file === undefined, JSON.stringify(unlinked));
    await page.receive({ v: 1, type: 'debug', texts });
    assert.match(String((recording as Posted[]).filter((m) => m.type === 'notice').pop()?.text), /No file of this workspace is linked/);

    const workspace = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const file = path.join(workspace, 'page_debug_me.py');
    fs.writeFileSync(file, 'def run(**variables):\n    return variables\n');
    const uri = vscode.Uri.file(file);
    await vscode.workspace.getConfiguration('notte').update('python.interpreter', '/usr/bin/python3', vscode.ConfigurationTarget.Global);
    try {
      assert.strictEqual(await vscode.commands.executeCommand('notte.linkToFunction', uri, functionId), true);
      const linked = await waitFor('the page to know the linked file', () => (recording as Posted[]).find((m) => m.type === 'linkedFile' && m.file === 'page_debug_me.py'));
      assert.ok(linked);
      const started = new Promise<vscode.DebugSession>((resolve) => {
        const listener = vscode.debug.onDidStartDebugSession((session) => {
          listener.dispose();
          resolve(session);
        });
      });
      const ended = new Promise<void>((resolve) => {
        const listener = vscode.debug.onDidTerminateDebugSession(() => {
          listener.dispose();
          resolve();
        });
      });
      await page.receive({ v: 1, type: 'debug', texts });
      const session = await started;
      // The session runs our harness on the file (src/debug/notteDebug.ts): the file is its first argument.
      assert.strictEqual(session.configuration.args[0], file);
      assert.deepStrictEqual(session.configuration.variables, { name: 'debugged', count: 5, ratio: 0.5, enabled: false, tags: ['a', 'b'], options: null, note: null });
      await ended;
    } finally {
      await vscode.commands.executeCommand('notte.unlinkFunction', uri);
      await vscode.workspace.getConfiguration('notte').update('python.interpreter', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(file, { force: true });
    }
  });

  /** The page of progress_report, ready and recording what it is sent (its first history drawn). */
  async function progressPage(): Promise<{ id: string; page: FunctionPage; recording: Posted[] }> {
    const api = await extensionApi();
    const id = await functionIdByFile(server, 'progress_report');
    await vscode.commands.executeCommand('notte.openFunctionPage', id);
    const opened = await waitFor('the page of progress_report', () => api.functionPage(id));
    const recording = opened.record() as Posted[];
    await opened.receive({ v: 1, type: 'ready' });
    await waitFor('init', () => recording.some((m) => m.type === 'history'));
    return { id, page: opened, recording };
  }

  /** The run as a history the page was sent lists it with that status, once one does. */
  function listedAs(recording: Posted[], runId: string, status: string): Promise<{ runId: string; status: string; variables: string }> {
    return waitFor(
      `the run listed as ${status}`,
      () =>
        recording
          .filter((m) => m.type === 'history')
          .flatMap((m) => m.runs as { runId: string; status: string; variables: string }[])
          .find((run) => run.runId === runId && run.status === status),
      20_000,
    );
  }

  it('lists a run in the history as active, with its variables, while it goes on', async () => {
    const { id: progressId, page: progress, recording } = await progressPage();
    try {
      const variables = (await http<NotteFunction>(server, 'GET', `/functions/${progressId}`)).variables ?? [];
      const texts = variables.map((v) => (v.name === 'steps' ? '6' : v.name === 'delay' ? '1' : v.name === 'url' ? 'https://example.org/history' : null));
      await progress.receive({ v: 1, type: 'run', texts });
      const runId = (await waitFor('the run id', () => recording.find((m) => m.type === 'runId'))).runId as string;
      const listed = await listedAs(recording, runId, 'active');
      assert.match(listed.variables, /example\.org\/history/);
      await waitFor('the run to end', () => recording.some((m) => m.type === 'runEnded'), 30_000);
    } finally {
      progress.panel.dispose();
    }
  });

  it('follows a Run Locally of its function: the history lists it ended, with its variables, once it is recorded', async () => {
    const { id: progressId, page: progress, recording } = await progressPage();
    try {
      const ran = await vscode.commands.executeCommand<RunCommandResult>('notte.runLocally', progressId, { steps: 1, delay: 0, url: 'https://example.org/local' });
      assert.strictEqual(ran?.status, 'closed', JSON.stringify(ran));
      // Listed as the server has it once recorded (it was once listed "created, no variables" and left so).
      const listed = await listedAs(recording, ran!.runId!, 'closed');
      assert.match(listed.variables, /example\.org\/local/);
    } finally {
      progress.panel.dispose();
    }
  });

  it('closing the page forgets it; the command opens a new one, one page for two opens at once', async () => {
    const api = await extensionApi();
    page.panel.dispose();
    await waitFor('the page to be forgotten', async () => (await api.functionPage(functionId)) === undefined || undefined);
    const title = `${fn.name || functionId} — Notte`;
    const tabs = () => vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.label === title);
    await waitFor('its tab to close', () => tabs().length === 0 || undefined);
    // A double click on the row: the second open comes while the first one is on its way. Not even
    // for a moment a second tab (one made, then closed by the first's page).
    let mostTabs = 0;
    const watch = vscode.window.tabGroups.onDidChangeTabs(() => (mostTabs = Math.max(mostTabs, tabs().length)));
    const opens = await Promise.all([vscode.commands.executeCommand('notte.openFunctionPage', functionId), vscode.commands.executeCommand('notte.openFunctionPage', functionId)]);
    assert.deepStrictEqual(opens, [true, true]);
    const again = await waitFor('a new page', () => api.functionPage(functionId));
    assert.notStrictEqual(again, page);
    // The workbench tells the extension host of a new tab a moment after the panel is made.
    await waitFor('its tab', () => tabs().length > 0 || undefined);
    await new Promise((resolve) => setTimeout(resolve, 500));
    watch.dispose();
    assert.strictEqual(tabs().length, 1, 'one tab for the two opens');
    assert.strictEqual(mostTabs, 1, 'never a second tab, even for a moment');
    again.panel.dispose();
  });
});

/**
 * A local server (its function opening a real browser session) behind a proxy that answers as Notte's service may: the
 * session's viewer link and the replay's video link carrying the key (`token=`). Everything else passes.
 */
async function keyInLinksProxy(server: TestServer): Promise<{ url: string; key: string; close(): Promise<void> }> {
  let own = '';
  const proxy = await forwardingProxy(server, (req, res) => {
    const session = /^\/sessions\/([^/?]+)(\/replay)?(?:\?|$)/.exec(req.url ?? '');
    if (req.method !== 'GET' || !session) return false;
    void fetch(server.url + req.url, { headers: { Authorization: req.headers.authorization ?? '' } }).then(async (answer) => {
      const body = (await answer.json()) as Record<string, unknown>;
      if (answer.ok && session[2]) body.mp4_url = `${own}/sessions/${session[1]}/replay.mp4?token=${encodeURIComponent(server.key)}`;
      // Notte's console viewer, whose link carries the key (as the service's own viewer link may).
      else if (answer.ok)
        body.viewer_url = `https://console.notte.cc/static/viewer?ws=${encodeURIComponent(`ws://${new URL(own).host}/sessions/${session[1]}/debug/recording?token=${server.key}`)}`;
      res.writeHead(answer.status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    });
    return true;
  });
  own = proxy.url;
  return proxy;
}

describe('Function page: browser session', function () {
  this.timeout(120000);
  let own: TestServer;

  before(async () => {
    own = await startServer([], fixtureFunctions());
  });
  after(async () => {
    const api = await extensionApi();
    (await api.functionPage(await functionIdByFile(own, 'browser_heartbeat')))?.panel.dispose();
    await own.stop();
    await useServer(harnessServer());
  });

  /** Opens the page of browser_heartbeat against `server` (a new page: its CSP is written for the server's origin) and runs it for a few beats. */
  async function runOnPage(server: { url: string; key: string }, until: (views: SessionView[]) => boolean): Promise<{ posted: Posted[]; views: SessionView[] }> {
    await useServer(server);
    const api = await extensionApi();
    const id = await functionIdByFile(own, 'browser_heartbeat');
    (await api.functionPage(id))?.panel.dispose();
    await waitFor('the old page to go', async () => (await api.functionPage(id)) === undefined || undefined);
    await vscode.commands.executeCommand('notte.openFunctionPage', id);
    const page = await waitFor('the page', () => api.functionPage(id));
    const posted = page.record() as Posted[];
    await page.receive({ v: 1, type: 'ready' });
    await waitFor('init', () => posted.some((m) => m.type === 'history'));
    const fn = await http<NotteFunction>(own, 'GET', `/functions/${id}`);
    const texts: Record<string, string> = { interval: '0.3', beats: '3' };
    await page.receive({ v: 1, type: 'run', texts: (fn.variables ?? []).map((v) => texts[v.name] ?? null) });
    const views = () => posted.filter((m) => m.type === 'session').map((m) => m.session as SessionView);
    await waitFor('the session pane to settle', () => until(views()) || undefined, 90000);
    return { posted, views: views() };
  }

  it("gives the page the signed viewer and replay links of the API's origin, and the log lines their moments", async () => {
    const { posted, views } = await runOnPage(own, (v) => v.some((view) => view.state === 'replay'));
    const live = views.find((view) => view.state === 'live');
    const replay = views.find((view) => view.state === 'replay')!;
    // A run of three beats lasts about a second: it may end before its viewer is asked for; then the replay is what the page shows.
    if (live) assert.match(live.url!, new RegExp(`^${own.url}/sessions/[0-9a-f-]{36}/viewer\\?`));
    assert.match(replay.url!, new RegExp(`^${own.url}/sessions/[0-9a-f-]{36}/replay\\.webm\\?`));
    assert.ok(typeof replay.videoStartsAt === 'number' && replay.videoStartsAt > 0);
    // The beats were typed in the browser after the session started: each line's moment is inside the video.
    const lines = posted.filter((m) => m.type === 'logs').flatMap((m) => m.lines as LogEntry[]);
    const beats = lines.filter((line) => /heartbeat \d/.test(line.text));
    assert.strictEqual(beats.length, 3, JSON.stringify(lines));
    assert.ok(
      beats.every((line) => typeof line.at === 'number' && line.at >= replay.videoStartsAt! - 1000),
      JSON.stringify(beats),
    );
    assert.ok(!JSON.stringify(posted).includes(own.key));

    // Picked again from the history, the past run shows its replay again.
    const runId = (posted.find((m) => m.type === 'runEnded')!.end as { runId: string }).runId;
    const page = (await (await extensionApi()).functionPage(await functionIdByFile(own, 'browser_heartbeat')))!;
    const again = page.record() as Posted[];
    await page.receive({ v: 1, type: 'selectRun', runId });
    const shown = await waitFor('the replay of the picked run', () => again.map((m) => m.session as SessionView | undefined).find((view) => view?.state === 'replay'), 30000);
    assert.strictEqual(new URL(shown.url!).pathname, new URL(replay.url!).pathname, "the same session's video");
  });

  it('never gives the page a link that carries the API key: the pane says why and offers "Open outside"', async () => {
    const proxy = await keyInLinksProxy(own);
    try {
      const { posted, views } = await runOnPage(proxy, (v) => v.some((view) => /replay link carries your API key/.test(view.text)));
      const text = JSON.stringify(posted);
      for (const form of [own.key, encodeURIComponent(own.key), encodeURIComponent(encodeURIComponent(own.key))])
        assert.ok(!text.includes(form), `the key (${form === own.key ? 'plain' : 'encoded'}) was posted`);
      assert.ok(!text.includes('token='), 'no link with a token reached the page');
      assert.ok(!text.includes('/static/viewer'), "Notte's viewer link did not reach the page");
      for (const view of views) assert.strictEqual(view.url, undefined, JSON.stringify(view));
      const outside = views.filter((view) => view.state === 'outside');
      assert.ok(outside.length >= 1 && outside.every((view) => view.canOpen), JSON.stringify(views));
    } finally {
      await proxy.close();
    }
  });

  it('shows the history of the server it is switched to, not the last one', async () => {
    await runOnPage(own, (v) => v.some((view) => view.state === 'replay'));
    const api = await extensionApi();
    const id = await functionIdByFile(own, 'browser_heartbeat');
    const page = (await api.functionPage(id))!;
    const [ownRun] = await listRuns(own, id);
    const posted = page.record() as Posted[];
    // The harness's server has no browser_heartbeat: its history (an error or no runs) comes without being
    // asked; a late refresh of own's (after the run) may come too, and always holds its run.
    await useServer(harnessServer());
    await waitFor('the history of the server switched to', () => posted.find((m) => m.type === 'history' && !JSON.stringify(m).includes(ownRun.function_run_id)), 30_000);
  });
});

describe('Function page: the form drawn from its HTML', function () {
  this.timeout(90000);
  let dir: string;
  let own: TestServer;
  const file = () => path.join(dir, 'listed_form.py');
  const writeFunction = (parameters: string, key: string) =>
    fs.writeFileSync(
      file(),
      `"""Listed form; the key ${key} must never reach the page, nor <img src=x onerror="window.__notteXss = 3"> as an element."""\n\n\ndef run(${parameters}):\n    return name\n`,
    );
  ownServerForSuite(
    ['--faults'],
    (server) => (own = server),
    () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-page-form-'));
      return dir;
    },
  );
  before(() => writeFunction('name: str, count: int = 3', own.key));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function listedRow(): Promise<{ fn: NotteFunction }> {
    const api = await extensionApi();
    await vscode.commands.executeCommand('notte.refresh');
    return waitFor('the listed function', async () =>
      ((await api.treeChildren()) as unknown as { fn: NotteFunction }[]).find((node) => node.fn?.name === 'listed_form' && node.fn.variables?.length),
    );
  }

  async function openFrom(row: { fn: NotteFunction }): Promise<FunctionPage> {
    const api = await extensionApi();
    assert.ok(await vscode.commands.executeCommand('notte.openFunctionPage', row));
    return waitFor('the page', () => api.functionPage(row.fn.function_id));
  }

  function initInHtml(page: FunctionPage): { type: string; fields: { name: string }[]; description?: string } {
    const block = /<script type="application\/json" id="notte-init">([^<]*)<\/script>/.exec(page.panel.webview.html);
    assert.ok(block, 'the HTML holds the first form');
    return JSON.parse(block[1]);
  }

  it('a run the server refused says in its session pane that it did not start, not that the function opened no browser', async () => {
    const row = await listedRow();
    const page = await openFrom(row);
    try {
      const recording = page.record() as Posted[];
      await page.receive({ v: 1, type: 'ready' });
      await waitFor('init and history', () => recording.some((m) => m.type === 'history'));
      // The start answers 500 (a start is not retried); a listing meanwhile may fail too, which is harmless.
      await http(own, 'POST', '/__faults', { status500: 10 });
      await page.receive({ v: 1, type: 'run', texts: (row.fn.variables ?? []).map((v) => (v.name === 'name' ? 'refused' : null)) });
      const ended = await waitFor('the end', () => recording.find((m) => m.type === 'runEnded'), 60_000);
      assert.strictEqual((ended.end as { status: string }).status, 'error', JSON.stringify(ended));
      const pane = await waitFor('the pane', () => recording.find((m) => m.type === 'session' && (m.session as SessionView).state === 'none'), 60_000);
      assert.match((pane.session as SessionView).text, /The run did not start/);
    } finally {
      await http(own, 'DELETE', '/__faults');
      page.panel.dispose();
    }
  });

  it('opened from the view, the page has its form in its HTML (no key in it), and the extension does not send it again', async () => {
    const row = await listedRow();
    assert.ok(row.fn.description?.includes(own.key), 'the listed description holds the key (the case to redact)');
    const page = await openFrom(row);
    try {
      const html = page.panel.webview.html;
      assert.ok(!html.includes(own.key), 'the key is not in the HTML');
      // The form as elements, on screen before the page's script runs; the description as text only.
      assert.match(html, /<textarea [^>]*id="field-name"/);
      assert.match(html, /<input type="number" [^>]*id="field-count" [^>]*value="3">/);
      assert.ok(html.includes('<p class="description">Listed form; the key ••••••'), 'the description, redacted');
      assert.ok(html.includes('nor &lt;img src=x onerror="window.__notteXss = 3"&gt; as an element'), 'the description escaped');
      assert.ok(!/<img/i.test(html), 'no element from the description');
      const init = initInHtml(page);
      assert.strictEqual(init.type, 'init');
      assert.deepStrictEqual(
        init.fields.map((f) => f.name),
        ['name', 'count'],
      );
      assert.ok(init.description?.includes('••••••'), init.description);
      const recording = page.record() as Posted[];
      await page.receive({ v: 1, type: 'ready', drewFromHtml: true });
      await waitFor('sets and history', () => recording.some((m) => m.type === 'history'));
      assert.deepStrictEqual(
        recording.filter((m) => m.type === 'init'),
        [],
        'no init posted: the page drew the form from its HTML',
      );
      // A page that could not take the HTML's form (its own check refused it) says so, and gets it posted.
      recording.length = 0;
      await page.receive({ v: 1, type: 'ready', drewFromHtml: false });
      const posted = await waitFor('the form posted', () => recording.find((m) => m.type === 'init'));
      assert.deepStrictEqual(
        (posted.fields as { name: string }[]).map((f) => f.name),
        ['name', 'count'],
      );
    } finally {
      page.panel.dispose();
    }
  });

  it('opened from a row listed before the function changed, the page gets the new form once the description is fetched', async () => {
    const row = await listedRow();
    writeFunction('name: str, count: int = 3, verbose: bool = False', own.key);
    const page = await openFrom(row);
    try {
      assert.deepStrictEqual(
        initInHtml(page).fields.map((f) => f.name),
        ['name', 'count'],
        'the HTML has the form as listed',
      );
      const recording = page.record() as Posted[];
      await page.receive({ v: 1, type: 'ready', drewFromHtml: true });
      const init = await waitFor('the new form', () => recording.find((m) => m.type === 'init'));
      assert.deepStrictEqual(
        (init.fields as { name: string }[]).map((f) => f.name),
        ['name', 'count', 'verbose'],
      );
      assert.ok(!JSON.stringify(recording).includes(own.key), 'the key is never posted');
    } finally {
      page.panel.dispose();
      writeFunction('name: str, count: int = 3', own.key);
    }
  });
});
