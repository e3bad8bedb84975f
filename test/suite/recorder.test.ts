// The recorder as a user drives it, in a real VS Code against the harness's local server's Chromium:
// Record at Cursor in a function file opens the browser panel on a new session, its webview loads and
// gets frames, what the panel asks (navigate, fill, select, click, scrape: the messages its buttons
// send) runs on the live page and becomes steps, exported at the cursor inside the file's session block;
// Pick Element writes the picked element's selector at the cursor, the selector under the cursor is
// outlined, and closing the panel stops the session it started.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RecorderPanel } from '../../src/features/recorder/recorderPanel';
import { extensionApi, harnessServer, http, useServer, waitFor } from './helpers';

interface SessionRow {
  session_id: string;
  status: string;
  idle_timeout_minutes?: number;
}

const FUNCTION = (shop: string) =>
  [
    'from notte_sdk import NotteClient',
    '',
    '',
    'def run():',
    '    client = NotteClient()',
    '    with client.Session() as page_session:',
    `        page_session.execute(type="goto", url="${shop}")`,
    '',
    '        return page_session.scrape()',
    '',
  ].join('\n');

function workspaceFile(name: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(folder, 'the suite opens a workspace folder');
  return path.join(folder, name);
}

function elementId(panel: RecorderPanel, label: RegExp): string {
  const element = panel.actions.pageElements.find((e) => label.test(e.label));
  assert.ok(element, `an element labelled ${label} in ${JSON.stringify(panel.actions.pageElements.map((e) => e.label))}`);
  return element.id;
}

function notices(panel: RecorderPanel): string[] {
  return panel.posted.flatMap((m) => (m.type === 'notice' ? [`${m.level}: ${m.text}`] : []));
}

describe('Browser panel: record at the cursor and pick elements', function () {
  this.timeout(180_000);
  const server = harnessServer();
  const shop = `${server.url}/pages/shop`;
  const file = workspaceFile('recorded_at_cursor.py');
  let editor: vscode.TextEditor;
  let panel: RecorderPanel;
  let sessionId = '';

  before(async () => {
    await useServer(server);
    await extensionApi();
    // An active session left by another test would make Record at Cursor ask which one to show.
    const active = await http<{ items: SessionRow[] }>(server, 'GET', '/sessions?only_active=true');
    for (const s of active.items) await http(server, 'DELETE', `/sessions/${s.session_id}/stop`).catch(() => undefined);
    fs.writeFileSync(file, FUNCTION(shop));
    editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { viewColumn: vscode.ViewColumn.One });
  });

  after(async () => {
    if (sessionId) await http(server, 'DELETE', `/sessions/${sessionId}/stop`).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(file, { force: true });
  });

  it('opens the panel on a new session from Record at Cursor; the webview loads, observes and shows frames', async () => {
    editor.selection = new vscode.Selection(7, 0, 7, 0);
    sessionId = (await vscode.commands.executeCommand<string | undefined>('notte.recordAtCursor')) ?? '';
    assert.match(sessionId, /^[0-9a-f-]{36}$/);
    const api = await extensionApi();
    panel = (await api.recorderPanel(sessionId))!;
    assert.ok(panel, 'a panel on the session');
    assert.strictEqual(panel.mode, 'cursor');
    assert.strictEqual(panel.panel.title, 'Record at Cursor — recorded_at_cursor.py');
    await waitFor('the webview to say ready and the page to be observed', () => panel.posted.some((m) => m.type === 'observation') || undefined, 60_000);
    await waitFor('a frame relayed to the webview', () => panel.framesPosted > 0 || undefined, 60_000);
    const session = await http<SessionRow>(server, 'GET', `/sessions/${sessionId}`);
    assert.strictEqual(session.status, 'active');
    // A person looks around between actions: the panel's own session is not cut at the API's 3 idle minutes.
    assert.strictEqual(session.idle_timeout_minutes, 15);
  });

  it('records what the panel does on the live page as steps, the page reflecting each', async () => {
    // A path typed on the new session's blank page goes to the local server's own page of that path.
    await panel.receive({ v: 1, type: 'navigate', url: '/pages/shop' });
    assert.strictEqual(panel.actions.recording.steps[0]?.url, shop);
    await panel.receive({ v: 1, type: 'act', elementId: elementId(panel, /name/i), action: 'fill', value: 'Grace' });
    await panel.receive({ v: 1, type: 'act', elementId: elementId(panel, /^email$/i), action: 'fill', value: 'grace@example.com' });
    await panel.receive({ v: 1, type: 'act', elementId: elementId(panel, /Notebook/), action: 'select_dropdown_option', value: 'Pencil' });
    // An element that left the page fails with the server's message and records nothing.
    await panel.receive({ v: 1, type: 'act', elementId: 'B99', action: 'click' });
    await panel.receive({ v: 1, type: 'act', elementId: elementId(panel, /Place order/), action: 'click' });
    await panel.receive({ v: 1, type: 'scrape' });
    const scraped = panel.posted.filter((m) => m.type === 'scraped').pop();
    assert.ok(scraped && scraped.type === 'scraped');
    assert.match(scraped.markdown, /Order placed: 1 x Pencil for Grace/);
    assert.ok(
      notices(panel).some((n) => /^error: click failed, nothing was recorded/.test(n)),
      notices(panel).join('\n'),
    );
    assert.deepStrictEqual(
      panel.actions.recording.steps.map((s) => s.type),
      ['goto', 'fill', 'fill', 'select_dropdown_option', 'click', 'scrape'],
    );
  });

  it('exports the steps at the cursor, inside the session block, on its name and indentation', async () => {
    await panel.receive({ v: 1, type: 'export', target: 'cursor' });
    const lines = editor.document.getText().split('\n');
    assert.deepStrictEqual(lines.slice(0, 7), FUNCTION(shop).split('\n').slice(0, 7), 'the code above the cursor is kept');
    const inserted = lines.slice(7, lines.indexOf('        return page_session.scrape()'));
    assert.ok(
      inserted.every((l) => l === '' || l.startsWith('        ')),
      inserted.join('\n'),
    );
    const code = inserted.join('\n');
    assert.match(code, /page_session\.execute\(type="goto", url="http:\/\/127\.0\.0\.1:\d+\/pages\/shop"\)/);
    assert.match(code, /page_session\.execute\(type="fill", selector="#name", value="Grace"\)/);
    assert.match(code, /page_session\.execute\(type="fill", selector="#email", value="grace@example\.com"\)/);
    assert.match(code, /page_session\.execute\(type="select_dropdown_option", selector="#product", value="Pencil"\)/);
    assert.match(code, /page_session\.execute\(type="click", selector='role=button\[name="Place order"s\]'\)/);
    assert.match(code, /page_session\.scrape\(\)/);
    assert.ok(!/\bsession\.execute/.test(code.replace(/page_session/g, '')), "every step on the block's own session name");
    assert.ok(
      notices(panel).some((n) => /^info: Inserted 6 steps into recorded_at_cursor\.py/.test(n)),
      notices(panel).join('\n'),
    );
  });

  it('Record at Cursor again on the same panel inserts only the steps taken since, and no assignment over a parameter', async () => {
    const shown = await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn });
    // Saved, as a person keeps a file (inserting into one with unsaved changes asks first).
    await shown.document.save();
    const before = shown.document.getText();
    const returnLine = before.split('\n').indexOf('        return page_session.scrape()');
    shown.selection = new vscode.Selection(returnLine, 0, returnLine, 0);
    assert.strictEqual(await vscode.commands.executeCommand('notte.recordAtCursor'), sessionId, 'the panel shown is reused');
    await panel.receive({ v: 1, type: 'export', target: 'cursor' });
    assert.match(notices(panel).pop() ?? '', /^error: Nothing recorded since Record at Cursor/);
    await panel.receive({ v: 1, type: 'act', elementId: elementId(panel, /name/i), action: 'fill', value: 'Ada' });
    await panel.receive({ v: 1, type: 'export', target: 'cursor' });
    assert.match(notices(panel).pop() ?? '', /^info: Inserted 1 step into recorded_at_cursor\.py/);
    const after = shown.document.getText().split('\n');
    assert.strictEqual(after.length, before.split('\n').length + 1, after.join('\n'));
    assert.strictEqual(after[returnLine], '        page_session.execute(type="fill", selector="#name", value="Ada")');
    assert.strictEqual(panel.actions.recording.steps.length, 7, 'the steps before stay in the list, for Export');
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn });
  });

  it('writes the picked element at the cursor (Pick Element), in the same panel, and outlines the selector under the cursor', async () => {
    const returnLine = editor.document.getText().split('\n').indexOf('        return page_session.scrape()');
    await editor.edit((edit) => edit.insert(new vscode.Position(returnLine, 0), '\n'));
    editor.selection = new vscode.Selection(returnLine, 0, returnLine, 0);
    assert.strictEqual(await vscode.commands.executeCommand('notte.pickElement'), sessionId, 'the panel shown is reused');
    assert.strictEqual(panel.mode, 'pick');
    const email = elementId(panel, /^email$/i);
    await panel.receive({ v: 1, type: 'pick', elementId: email });
    assert.strictEqual(editor.document.lineAt(returnLine).text, '        page_session.execute(type="fill", selector="#email", value="")');
    assert.strictEqual(notices(panel).pop(), `info: Wrote #email on line ${returnLine + 1} of recorded_at_cursor.py.`);
    // The value is the person's to type: the caret waits between its quotes (an empty one clears the field).
    const caret = vscode.window.activeTextEditor?.selection.active;
    assert.deepStrictEqual(
      [vscode.window.activeTextEditor?.document.uri.fsPath, caret?.line, caret?.character],
      [file, returnLine, '        page_session.execute(type="fill", selector="#email", value="'.length],
    );
    // Picked again on the step's line: its selector is replaced, and the panel says so (it said only "Wrote").
    editor.selection = new vscode.Selection(returnLine, 12, returnLine, 12);
    await panel.receive({ v: 1, type: 'pick', elementId: elementId(panel, /^name$/i) });
    assert.strictEqual(editor.document.lineAt(returnLine).text, '        page_session.execute(type="fill", selector="#name", value="")');
    assert.strictEqual(notices(panel).pop(), `info: Replaced #email with #name on line ${returnLine + 1} of recorded_at_cursor.py (Undo puts it back).`);
    await panel.receive({ v: 1, type: 'pick', elementId: email });
    editor.selection = new vscode.Selection(returnLine, 10, returnLine, 10);
    await waitFor('the picked element outlined', () => panel.posted.some((m) => m.type === 'highlight' && m.elementId === email) || undefined);
    editor.selection = new vscode.Selection(0, 0, 0, 0);
    await waitFor('the outline cleared', () => {
      const last = panel.posted.filter((m) => m.type === 'highlight').pop();
      return (last?.type === 'highlight' && last.elementId === null) || undefined;
    });
  });

  it('Record a New Function… with the panel open asks first, and recording there keeps its session and its steps', async () => {
    const steps = panel.actions.recording.steps.length;
    assert.ok(steps > 0, 'the earlier tests recorded steps');
    const sessionsBefore = (await http<{ items: SessionRow[] }>(server, 'GET', '/sessions?only_active=true')).items.length;
    let answered = false;
    const recording = Promise.resolve(vscode.commands.executeCommand<string | undefined>('notte.recordNewFunction'));
    void recording.finally(() => (answered = true));
    // The quick pick's first item records in the open panel: accept it until the command answers.
    await waitFor('the command to answer', async () => {
      if (!answered) await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return answered || undefined;
    });
    assert.strictEqual(await recording, sessionId, 'the open panel is the one recording');
    assert.strictEqual(panel.mode, 'record');
    assert.strictEqual(panel.actions.recording.steps.length, steps, 'its steps are kept, for Export');
    const sessionsAfter = (await http<{ items: SessionRow[] }>(server, 'GET', '/sessions?only_active=true')).items.length;
    assert.strictEqual(sessionsAfter, sessionsBefore, 'no browser session was started');
  });

  it('closing the panel stops the session it started', async () => {
    panel.panel.dispose();
    await waitFor('the session closed', async () => ((await http<SessionRow>(server, 'GET', `/sessions/${sessionId}`)).status === 'closed' ? true : undefined), 30_000);
    assert.strictEqual(await (await extensionApi()).recorderPanel(sessionId), undefined);
  });
});

// A run() that opens a session with the standard library's HTTP client (the SDK cannot be installed
// here), on the server and key the debug run gets, in a `with … .Session() as page:` block as the SDK's
// client writes it, and goes to the shop before the cursor's line.
const FROM_HERE = [
  'import json',
  'import os',
  'import urllib.request',
  '',
  '',
  'def call(method, route, body=None):',
  '    data = json.dumps(body).encode() if body is not None else None',
  '    headers = {"Authorization": "Bearer " + os.environ["NOTTE_API_KEY"], "Content-Type": "application/json"}',
  '    request = urllib.request.Request(os.environ["NOTTE_API_URL"].rstrip("/") + route, data=data, method=method, headers=headers)',
  '    with urllib.request.urlopen(request) as response:',
  '        return json.loads(response.read() or b"null")',
  '',
  '',
  'class Session:',
  '    def __enter__(self):',
  '        self.session_id = call("POST", "/sessions/start", {})["session_id"]',
  '        return self',
  '',
  '    def __exit__(self, *exc):',
  '        call("DELETE", f"/sessions/{self.session_id}/stop")',
  '',
  '    def execute(self, **action):',
  '        return call("POST", f"/sessions/{self.session_id}/page/execute", action)',
  '',
  '',
  'class Client:',
  '    def Session(self):',
  '        return Session()',
  '',
  '',
  'def run():',
  '    with Client().Session() as page:',
  '        page.execute(type="goto", url=os.environ["NOTTE_API_URL"].rstrip("/") + "/pages/shop")',
  '        reached = "the shop"',
  '    return reached',
  '',
].join('\n');

describe('Browser panel: Record from Here', function () {
  this.timeout(180_000);
  const server = harnessServer();
  const file = workspaceFile('record_from_here.py');

  before(async () => {
    await useServer(server);
    await extensionApi();
    // Debian's python3-debugpy serves this interpreter (see shared/vscode-testing.md).
    await vscode.workspace.getConfiguration('notte').update('python.interpreter', '/usr/bin/python3', vscode.ConfigurationTarget.Global);
    fs.writeFileSync(file, FROM_HERE);
  });

  after(async () => {
    await vscode.debug.stopDebugging();
    await vscode.workspace.getConfiguration('notte').update('python.interpreter', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(file, { force: true });
  });

  it('runs run() to the cursor under the debugger, shows the page the code reached, inserts a click recorded there at the cursor, and Continue ends the run (which closes its session)', async () => {
    const editor = await vscode.window.showTextDocument(vscode.Uri.file(file), { viewColumn: vscode.ViewColumn.One });
    const cursorLine = FROM_HERE.split('\n').findIndex((l) => l.includes('reached = '));
    editor.selection = new vscode.Selection(cursorLine, 4, cursorLine, 4);
    const ended = new Promise<void>((resolve) => {
      const listener = vscode.debug.onDidTerminateDebugSession(() => {
        listener.dispose();
        resolve();
      });
    });
    const sessionId = await vscode.commands.executeCommand<string | undefined>('notte.recordFromHere');
    assert.match(sessionId ?? '', /^[0-9a-f-]{36}$/, 'the panel attached to the session run() opened');
    const panel = (await (await extensionApi()).recorderPanel(sessionId))!;
    assert.strictEqual(panel.mode, 'fromHere');
    assert.ok(vscode.debug.activeDebugSession, 'the debug run is stopped, not ended');
    assert.deepStrictEqual(vscode.debug.breakpoints, [], 'the breakpoint it set is gone');
    const observation = await waitFor('the page the code reached', () => panel.posted.find((m) => m.type === 'observation'), 60_000);
    assert.ok(observation.type === 'observation');
    assert.match(observation.url, /\/pages\/shop$/);
    await waitFor('a frame relayed to the webview', () => panel.framesPosted > 0 || undefined, 60_000);
    // What is recorded from here goes in at the cursor, inside run()'s session block, on its name.
    await panel.receive({ v: 1, type: 'act', elementId: elementId(panel, /^Help$/), action: 'click' });
    assert.deepStrictEqual(
      panel.actions.recording.steps.map((s) => s.type),
      ['click'],
    );
    await panel.receive({ v: 1, type: 'export', target: 'cursor' });
    const lines = editor.document.getText().split('\n');
    const before = FROM_HERE.split('\n');
    assert.deepStrictEqual(lines.slice(0, cursorLine), before.slice(0, cursorLine), 'the code above the cursor is kept');
    assert.match(lines[cursorLine], /^ {8}page\.execute\(type="click", selector=.*Help.*\)$/);
    assert.deepStrictEqual(lines.slice(cursorLine + 1), before.slice(cursorLine), "the cursor's line and what follows move down");
    assert.ok(
      notices(panel).some((n) => /^info: Inserted 1 step into record_from_here\.py/.test(n)),
      notices(panel).join('\n'),
    );
    await editor.document.save();
    await panel.receive({ v: 1, type: 'debug', command: 'continue' });
    await ended;
    await waitFor('the session closed by run()', async () => ((await http<SessionRow>(server, 'GET', `/sessions/${sessionId}`)).status === 'closed' ? true : undefined), 30_000);
  });
});

describe('Create Function from Agent Run on the local server', function () {
  this.timeout(60_000);

  before(async () => {
    await useServer(harnessServer());
    await extensionApi();
  });

  it('says the local server has no agents and how to get a function instead, writing nothing', async () => {
    const before = fs.readdirSync(path.dirname(workspaceFile('x.py')));
    const outcome = await vscode.commands.executeCommand<{ problem?: string; written?: string } | undefined>('notte.newFunctionFromAgentRun');
    assert.ok(outcome && 'problem' in outcome, JSON.stringify(outcome));
    assert.match(outcome.problem ?? '', /has no agents: agents run on Notte's cloud[\s\S]*Record a New Function/);
    assert.deepStrictEqual(fs.readdirSync(path.dirname(workspaceFile('x.py'))), before);
  });
});
