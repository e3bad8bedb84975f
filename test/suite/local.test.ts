import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunCommandResult } from '../../src/core/runs/runCommand';
import type { FunctionRun } from '../../src/api/types';
import { extensionApi, functionIdByFile, harnessServer, http, ownServerForSuite, TestServer, useServer } from './helpers';

describe('Local runs', function () {
  this.timeout(60000);

  it('runs a function on this machine and records it in the history with PATCH', async () => {
    const server = harnessServer();
    await useServer(server);
    const api = await extensionApi();
    const id = await functionIdByFile(server, 'echo');
    const result = await vscode.commands.executeCommand<RunCommandResult>('notte.runLocally', id, { name: 'on my machine' });
    assert.ok(result?.runId, JSON.stringify(result));
    assert.strictEqual(result.status, 'closed');
    const run = await http<FunctionRun>(server, 'GET', `/functions/${id}/runs/${result.runId}`);
    assert.strictEqual(run.local, true);
    assert.strictEqual(run.status, 'closed');
    assert.deepStrictEqual(run.variables, { name: 'on my machine' });
    assert.match(String(run.result), /on my machine/);
    assert.ok(api.outputLines().some((l) => l.includes('on my machine')));
  });

  it('records a script that raised as failed with the error as its result, and the tree shows it failed', async () => {
    const server = harnessServer();
    await useServer(server);
    const api = await extensionApi();
    const id = await functionIdByFile(server, 'fail');
    const result = await vscode.commands.executeCommand<RunCommandResult>('notte.runLocally', id, {});
    assert.strictEqual(result?.status, 'failed');
    // The SDK would record it closed with str(error): a success to every reader. The PATCH model takes failed.
    const run = await http<FunctionRun>(server, 'GET', `/functions/${id}/runs/${result!.runId}`);
    assert.strictEqual(run.status, 'failed');
    assert.match(String(run.result), /Error/);
    // The tree's row for it reads failed (not ✓ closed).
    await vscode.commands.executeCommand('notte.refresh');
    const fnNode = (await api.treeChildren()).find((n) => (n as unknown as { fn?: { function_id: string } }).fn?.function_id === id);
    assert.ok(fnNode, 'the function is in the tree');
    const rows = await api.treeChildren(fnNode);
    const row = rows.find((r) => (r as unknown as { run?: { function_run_id: string } }).run?.function_run_id === result!.runId);
    assert.ok(row, 'the run is listed');
    const item = api.treeItem(row);
    assert.match(String(item.description), /^failed · .*local/);
    assert.strictEqual(item.contextValue, 'run.failed');
    assert.strictEqual((item.iconPath as vscode.ThemeIcon).id, 'error');
  });

  describe('with an encrypted code address', () => {
    let encrypted: TestServer;
    const decryptionKey = 'suite-decryption-key-42';
    ownServerForSuite(['--decryption-key', decryptionKey], (started) => (encrypted = started));

    it("decrypts the code with the function's key from secret storage and runs it", async () => {
      const id = await functionIdByFile(encrypted, 'echo');
      const fn = await http<{ url: string }>(encrypted, 'GET', `/functions/${id}`);
      assert.ok(!/^https?:/.test(fn.url), 'the server answers an encrypted address');
      const context = (await extensionApi()) as unknown as { storeDecryptionKey(id: string, key: string): Promise<void> };
      await context.storeDecryptionKey(id, decryptionKey);
      const result = await vscode.commands.executeCommand<RunCommandResult>('notte.runLocally', id, { name: 'secret code' });
      assert.strictEqual(result?.status, 'closed', JSON.stringify(result));
      assert.match(String(result?.result), /secret code/);
      // Forget Decryption Key (on every function's menu) says whether there was a key to forget.
      assert.match(String(await vscode.commands.executeCommand('notte.forgetDecryptionKey', id)), /^Forgot the decryption key of .*asks for it again/);
      assert.match(String(await vscode.commands.executeCommand('notte.forgetDecryptionKey', id)), /^No decryption key is stored for /);
    });
  });

  it('runs the Python file open in the editor without any server', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-file-'));
    const file = path.join(dir, 'adder.py');
    fs.writeFileSync(
      file,
      'import sys\n\ndef run(a: int = 1, b: int = 2):\n    print("adding", a, b)\n' +
        '    print("2026-12-04 10:00:00.123 | WARNING  | adder:run:5 - big numbers", file=sys.stderr)\n    return {"sum": a + b}\n',
    );
    const result = await vscode.commands.executeCommand<RunCommandResult>('notte.runFileLocally', vscode.Uri.file(file), { a: 40, b: 2 });
    assert.strictEqual(result?.status, 'closed');
    assert.deepStrictEqual(JSON.parse(String(result?.result)), { sum: 42 });
    const api = await extensionApi();
    // Each line is "<time> [<level>] [<run marker>] <text>" (issue 14).
    assert.ok(api.outputLines().some((l) => / \[info\] \[adder\.py [^\]]*\] adding 40 2$/.test(l)));
    // A logging library's line shows its own time and level, once (loguru's were written twice).
    assert.ok(
      api.outputLines().some((l) => /^2026-12-04 10:00:00\.123 \[warning\] \[adder\.py [^\]]*\] big numbers$/.test(l)),
      api.outputLines().slice(-8).join('\n'),
    );
  });
});

describe('The interpreter of local runs', () => {
  // test/suite/fixtures/python-extension stands in for the Python extension (same id, same API).
  const select = async (path: string | undefined) => {
    await vscode.extensions.getExtension('ms-python.python')?.activate();
    await vscode.commands.executeCommand('notteTest.pythonStandIn.select', path);
  };
  afterEach(async () => {
    await select(undefined);
    await vscode.workspace.getConfiguration('notte').update('python.interpreter', undefined, vscode.ConfigurationTarget.Global);
  });

  async function runAndSayWith(): Promise<string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-interpreter-'));
    const file = path.join(dir, 'which_python.py');
    fs.writeFileSync(file, 'import sys\n\n\ndef run():\n    return {"executable": sys.executable}\n');
    const result = await vscode.commands.executeCommand<RunCommandResult>('notte.runFileLocally', vscode.Uri.file(file), {});
    assert.strictEqual(result?.status, 'closed', JSON.stringify(result));
    const api = await extensionApi();
    const said = [...api.outputLines()].reverse().find((l) => /which_python\.py.* on this machine with /.test(l));
    assert.ok(said, 'the interpreter is shown where the run starts');
    return `${said} → ${JSON.parse(String(result.result)).executable}`;
  }

  it('runs with the interpreter the Python extension selected, when notte.python.interpreter is not set, and says so', async () => {
    await select('/usr/bin/python3');
    const said = await runAndSayWith();
    assert.match(said, /with \/usr\/bin\/python3 \(from the Python extension\)/);
    assert.match(said, /→ \/usr\/bin\/python3$/);
  });

  it('prefers notte.python.interpreter to the Python extension, and python3 when neither chose one', async () => {
    await select('/usr/bin/python3');
    const own = execFileSync('python3', ['-c', 'import sys; sys.stdout.write(sys.executable)'], { encoding: 'utf8' });
    await vscode.workspace.getConfiguration('notte').update('python.interpreter', own, vscode.ConfigurationTarget.Global);
    assert.match(await runAndSayWith(), new RegExp(`with ${own.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(from notte\\.python\\.interpreter\\)`));
    await vscode.workspace.getConfiguration('notte').update('python.interpreter', undefined, vscode.ConfigurationTarget.Global);
    await select(undefined);
    assert.match(await runAndSayWith(), /with python3 \(from the default\)/);
  });

  it("says when this workspace's own notte.python.interpreter is not used yet, not accepted (its question may sit in the bell)", async () => {
    await vscode.workspace.getConfiguration('notte').update('python.interpreter', '/usr/bin/python3', vscode.ConfigurationTarget.Workspace);
    try {
      assert.match(
        await runAndSayWith(),
        /with python3 \(from the default; this workspace's notte\.python\.interpreter, \/usr\/bin\/python3, is not used until you accept it in the notification\)/,
      );
    } finally {
      await vscode.workspace.getConfiguration('notte').update('python.interpreter', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('notifications.clearAll');
    }
  });
});

describe("The extension's own local server", function () {
  this.timeout(120_000);

  it("keeps each functions folder's runs apart: two projects' weather.py are two functions", async () => {
    const folder = (name: string, source: string) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `notte-${name}-`));
      fs.writeFileSync(path.join(dir, 'weather.py'), source);
      return dir;
    };
    const paris = folder('paris', 'def run(city: str = "Paris"):\n    return {"city": city}\n');
    const coords = folder('coords', 'def run(lat: float = 48.8, lon: float = 2.3):\n    return {"lat": lat, "lon": lon}\n');
    // The runs the Functions view lists under weather, on the server now in use.
    const runsOfWeather = async () => {
      const api = await extensionApi();
      await vscode.commands.executeCommand('notte.refresh');
      const weather = (await api.treeChildren()).find((node) => api.treeItem(node).label === 'weather');
      assert.ok(weather, 'weather listed');
      return (await api.treeChildren(weather)).filter((node) => (node as unknown as { run?: unknown }).run);
    };
    try {
      assert.ok(await vscode.commands.executeCommand<string>('notte.startLocalServer', paris));
      const ran = await vscode.commands.executeCommand<RunCommandResult>('notte.runFunction', 'weather', { city: 'Oslo' });
      assert.ok(ran, 'the run ended');
      assert.strictEqual((await runsOfWeather()).length, 1);
      await vscode.commands.executeCommand('notte.stopLocalServer');
      assert.ok(await vscode.commands.executeCommand<string>('notte.startLocalServer', coords));
      assert.deepStrictEqual(await runsOfWeather(), [], "the other folder's weather has no runs here");
    } finally {
      await vscode.commands.executeCommand('notte.stopLocalServer');
      await useServer(harnessServer());
      for (const dir of [paris, coords]) fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
