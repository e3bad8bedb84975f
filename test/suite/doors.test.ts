// The extension's doors (issue 22), in a real VS Code: a workspace cannot send the key to a URL of its
// choosing without the user's yes, the debug configuration carries no key, a server's link of another
// scheme is not opened, and a saved set keeps no password.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import type { NotteFunction } from '../../src/api/types';
import { extensionApi, forwardingProxy, functionIdByFile, harnessServer, http as call, useServer, waitFor } from './helpers';

/** A server that records every request (method, path, whether it carried `key`) and answers an empty page. */
async function listeningServer(key: string): Promise<{ url: string; seen: { line: string; withKey: boolean }[]; close(): Promise<void> }> {
  const seen: { line: string; withKey: boolean }[] = [];
  const server = http.createServer((req, res) => {
    const headers = JSON.stringify(req.headers);
    seen.push({ line: `${req.method} ${req.url}`, withKey: headers.includes(key) });
    const body = JSON.stringify({ items: [], page: 1, page_size: 20, has_next: false, has_previous: false });
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('Doors: the key stays where the user put it', function () {
  this.timeout(90000);
  const notte = () => vscode.workspace.getConfiguration('notte');

  afterEach(async () => {
    await notte().update('apiUrl', undefined, vscode.ConfigurationTarget.Workspace);
    await useServer(harnessServer());
  });

  it("a workspace's notte.apiUrl gets no request, and no key, until the user accepts it", async () => {
    const api = await extensionApi();
    const harness = harnessServer();
    const stranger = await listeningServer(harness.key);
    try {
      await useServer(harness);
      await notte().update('apiUrl', stranger.url, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('notte.refresh');
      // The view still lists the user's own server, and the stranger has seen nothing.
      await waitFor('the functions of the user-level server', async () => ((await api.treeChildren()).length > 0 ? true : undefined));
      assert.strictEqual(api.connectionBaseUrl(), harness.url);
      assert.deepStrictEqual(stranger.seen, []);
      assert.ok(
        (await api.pendingWorkspaceSettings()).some((asked) => asked.startsWith('apiUrl=')),
        'the user is asked about it',
      );

      // Once accepted, it is used like any setting.
      await api.acceptWorkspaceSetting('apiUrl', stranger.url);
      await vscode.commands.executeCommand('notte.refresh');
      await api.treeChildren();
      await waitFor('a request to the accepted URL', () => (stranger.seen.length ? true : undefined));
      assert.strictEqual(api.connectionBaseUrl(), stranger.url);
    } finally {
      await stranger.close();
    }
  });

  it("a link of another kind than https (file:, vscode:) from the server's session answer is not opened", async () => {
    const harness = harnessServer();
    const fnId = await functionIdByFile(harness, 'echo');
    const runs = await call<{ items: { function_run_id: string }[] }>(harness, 'GET', `/functions/${fnId}/runs/?only_active=false&page_size=1`);
    let runId = runs.items[0]?.function_run_id;
    if (!runId) runId = (await call<{ function_run_id: string }>(harness, 'POST', `/functions/${fnId}/runs/start`, { variables: {}, stream: false })).function_run_id;
    for (const link of ['file:///etc/passwd', 'vscode://vscode.git/clone?url=x', 'http://192.0.2.1/viewer']) {
      const proxy = await forwardingProxy(harness, (req, res) => {
        if (/^\/functions\/[^/]+\/runs\/[^/?]+$/.test((req.url ?? '').split('?')[0]) && req.method === 'GET') {
          const body = JSON.stringify({
            function_id: fnId,
            function_run_id: runId,
            status: 'active',
            session_id: 'a1b2c3d4-0000-4000-8000-000000000000',
            logs: [],
            variables: {},
            result: null,
            created_at: '2026-12-01T10:00:00Z',
            updated_at: '2026-12-01T10:00:00Z',
            local: false,
          });
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(body);
          return true;
        }
        if ((req.url ?? '').startsWith('/sessions/')) {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ session_id: 'a1b2c3d4-0000-4000-8000-000000000000', status: 'active', viewer_url: link }));
          return true;
        }
        return false;
      });
      try {
        await useServer(proxy);
        const opened = await vscode.commands.executeCommand('notte.openLiveSession', fnId, runId);
        assert.strictEqual(opened, undefined, `${link} was opened`);
      } finally {
        await proxy.close();
      }
    }
  });

  it('the debug configuration of a session carries no key, and the function still gets it', async () => {
    const api = await extensionApi();
    const harness = harnessServer();
    await useServer(harness);
    await notte().update('python.interpreter', '/usr/bin/python3', vscode.ConfigurationTarget.Global);
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const file = path.join(folder, 'debug_env.py');
    const out = path.join(folder, 'debug_env.out');
    fs.rmSync(out, { force: true });
    fs.writeFileSync(file, `import os\ndef run():\n    open(${JSON.stringify(out)}, 'w').write(os.environ.get('NOTTE_API_KEY', 'none'))\n    return 'ok'\n`);
    const configurations: vscode.DebugConfiguration[] = [];
    const listener = vscode.debug.onDidStartDebugSession((session) => configurations.push(session.configuration));
    const ended = new Promise<void>((resolve) => {
      const done = vscode.debug.onDidTerminateDebugSession(() => {
        done.dispose();
        resolve();
      });
    });
    try {
      const result = await vscode.commands.executeCommand<{ started: boolean }>('notte.debugFunctionLocally', vscode.Uri.file(file), {});
      assert.ok(result?.started);
      await ended;
      assert.ok(configurations.length > 0);
      for (const configuration of configurations) assert.ok(!JSON.stringify(configuration).includes(harness.key), JSON.stringify(configuration));
      assert.strictEqual(fs.readFileSync(out, 'utf8'), harness.key, 'the debuggee had the key in its environment');
      assert.ok(!api.outputLines().some((line) => line.includes(harness.key)));
    } finally {
      listener.dispose();
      await notte().update('python.interpreter', undefined, vscode.ConfigurationTarget.Global);
      fs.rmSync(file, { force: true });
      fs.rmSync(out, { force: true });
    }
  });

  it('a saved set writes a password masked, and says so', async () => {
    const api = await extensionApi();
    const harness = harnessServer();
    await useServer(harness);
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const functionsDir = process.env.NOTTE_TEST_FUNCTIONS_DIR!;
    const functionFile = path.join(functionsDir, 'with_password.py');
    fs.writeFileSync(functionFile, 'def run(user: str = "ada", password: str = ""):\n    return {"user": user, "has_password": bool(password)}\n');
    try {
      const functionId = await waitFor(
        'the new function',
        async () => (await call<{ items: NotteFunction[] }>(harness, 'GET', '/functions/?page_size=100')).items.find((f) => f.function_id.includes('with_password'))?.function_id,
      );
      assert.ok(await vscode.commands.executeCommand('notte.openFunctionPage', functionId));
      const page = await waitFor('the page', () => api.functionPage(functionId));
      const fn = await call<NotteFunction>(harness, 'GET', `/functions/${functionId}`);
      const texts = (fn.variables ?? []).map((v) => (v.name === 'user' ? 'grace' : 'hunter2-secret'));
      const recording = page.record() as { type: string; level?: string; text?: string }[];
      await page.receive({ v: 1, type: 'ready' });
      await waitFor('the page described the function', () => (recording.some((m) => m.type === 'history') ? true : undefined));
      await page.receive({ v: 1, type: 'saveSet', name: 'with secret', texts });
      const file = path.join(folder, '.notte', 'variables', `${fn.name || functionId}.json`);
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!text.includes('hunter2-secret'), text);
      assert.deepStrictEqual(JSON.parse(text).find((s: { name: string }) => s.name === 'with secret').variables, { user: 'grace', password: '••••••' });
      assert.ok(
        recording.some((m) => m.type === 'notice' && /password was saved as ••••••/.test(String(m.text))),
        JSON.stringify(recording),
      );
      page.panel.dispose();
    } finally {
      fs.rmSync(functionFile, { force: true });
    }
  });
});
