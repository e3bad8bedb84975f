// The `notte` debug type in a real VS Code, with debugpy's own adapter and no Python extension:
// a breakpoint inside run(), a local variable read through the session, the result in the debug console.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { DebugCommandResult } from '../../src/features/debug/debugCommand';
import { extensionApi, waitFor } from './helpers';

/** Debian's python3-debugpy serves this interpreter (see shared/vscode-testing.md). */
const DEBIAN_PYTHON = '/usr/bin/python3';

interface DapMessage {
  type: string;
  event?: string;
  command?: string;
  body?: { category?: string; output?: string; reason?: string; threadId?: number };
}

describe('Debugging a function with the notte debug type', function () {
  this.timeout(120000);
  const sent: DapMessage[] = [];
  let tracker: vscode.Disposable;

  before(async () => {
    await extensionApi();
    // What the adapter tells VS Code (output events are what the debug console shows).
    tracker = vscode.debug.registerDebugAdapterTrackerFactory('notte', {
      createDebugAdapterTracker: () => ({ onDidSendMessage: (message: DapMessage) => void sent.push(message) }),
    });
  });

  after(async () => {
    tracker.dispose();
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    await vscode.workspace.getConfiguration('notte').update('python.interpreter', undefined, vscode.ConfigurationTarget.Global);
  });

  function workspaceFile(name: string, text: string): vscode.Uri {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const file = path.join(folder, name);
    fs.writeFileSync(file, text);
    return vscode.Uri.file(file);
  }

  /** Settles when the next debug session that `matches` ends. */
  function sessionEnd(matches: (session: vscode.DebugSession) => boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      const listener = vscode.debug.onDidTerminateDebugSession((s) => {
        if (matches(s)) {
          listener.dispose();
          resolve();
        }
      });
    });
  }

  /** What the debug console showed (the adapter's output events). */
  function consoleText(): string {
    return sent
      .filter((m) => m.type === 'event' && m.event === 'output')
      .map((m) => m.body?.output ?? '')
      .join('');
  }

  it('stops at a breakpoint inside run(), reads a local variable, and prints the result in the debug console', async () => {
    await vscode.workspace.getConfiguration('notte').update('python.interpreter', DEBIAN_PYTHON, vscode.ConfigurationTarget.Global);
    const uri = workspaceFile('debug_me.py', 'def run(a: int = 1, b: int = 2):\n    total = a + b\n    doubled = total * 2\n    return {"sum": total, "doubled": doubled}\n');
    vscode.debug.addBreakpoints([new vscode.SourceBreakpoint(new vscode.Location(uri, new vscode.Position(2, 0)))]);
    sent.length = 0;

    const stopped = new Promise<vscode.DebugStackFrame>((resolve) => {
      const listener = vscode.debug.onDidChangeActiveStackItem((item) => {
        if (item instanceof vscode.DebugStackFrame) {
          listener.dispose();
          resolve(item);
        }
      });
    });
    const result = await vscode.commands.executeCommand<DebugCommandResult>('notte.debugFunctionLocally', uri, { a: 40, b: 2 });
    assert.deepStrictEqual(result, { started: true, problem: undefined });
    const frame = await Promise.race([stopped, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no stop at the breakpoint within 60 s')), 60000))]);
    const session = frame.session;
    assert.strictEqual(session.type, 'notte');

    const trace = await session.customRequest('stackTrace', { threadId: frame.threadId, startFrame: 0, levels: 20 });
    const top = trace.stackFrames[0];
    assert.strictEqual(top.line, 3, 'stopped at the breakpoint line');
    assert.strictEqual(top.name, 'run');
    // In a remote extension host (code-server) the adapter's paths come back as vscode-remote: URIs.
    const sourcePath = /^[a-z-]+:\/\//.test(top.source.path) ? vscode.Uri.parse(top.source.path).fsPath : top.source.path;
    assert.strictEqual(fs.realpathSync(sourcePath), fs.realpathSync(uri.fsPath));
    assert.ok(!trace.stackFrames.some((f: { source?: { path?: string } }) => /notte_debug_harness/.test(f.source?.path ?? '')), "the harness is not shown as the author's code");

    const { scopes } = await session.customRequest('scopes', { frameId: top.id });
    const locals = scopes.find((s: { name: string }) => /local/i.test(s.name)) ?? scopes[0];
    const { variables } = await session.customRequest('variables', { variablesReference: locals.variablesReference });
    const total = variables.find((v: { name: string }) => v.name === 'total');
    assert.strictEqual(total?.value, '42');

    const ended = sessionEnd((s) => s.id === session.id);
    await session.customRequest('continue', { threadId: frame.threadId });
    await ended;
    const shown = consoleText();
    assert.match(shown, /Notte: debugging debug_me\.py run\(a=40, b=2\) with \/usr\/bin\/python3 \(from notte\.python\.interpreter\)/);
    assert.match(shown, /Result:\n\{\n  "sum": 42,\n  "doubled": 84\n\}/);
  });

  it('a launch.json configuration (program ${file}, a variables object) debugs the open file, and a failure marks its line', async () => {
    await vscode.workspace.getConfiguration('notte').update('python.interpreter', DEBIAN_PYTHON, vscode.ConfigurationTarget.Global);
    vscode.debug.removeBreakpoints(vscode.debug.breakpoints);
    const uri = workspaceFile('debug_fails.py', 'def run(limit: int = 3):\n    if limit > 2:\n        raise ValueError(f"limit {limit} is too high")\n    return limit\n');
    await vscode.window.showTextDocument(uri);
    sent.length = 0;
    const ended = sessionEnd((s) => s.type === 'notte');
    const started = await vscode.debug.startDebugging(vscode.workspace.workspaceFolders![0], {
      type: 'notte',
      request: 'launch',
      name: 'Notte: Debug Function',
      program: '${file}',
      variables: { limit: 7 },
    });
    assert.strictEqual(started, true);
    // Uncaught, as in a plain script: debugpy stops at the raising line, its frame readable, before the run ends.
    const stop = await waitFor('a stop on the uncaught exception', () => sent.find((m) => m.type === 'event' && m.event === 'stopped'), 60000);
    assert.strictEqual(stop.body?.reason, 'exception');
    const session = vscode.debug.activeDebugSession!;
    const trace = await session.customRequest('stackTrace', { threadId: stop.body?.threadId, startFrame: 0, levels: 20 });
    assert.deepStrictEqual([trace.stackFrames[0].name, trace.stackFrames[0].line], ['run', 3]);
    const { scopes } = await session.customRequest('scopes', { frameId: trace.stackFrames[0].id });
    const { variables } = await session.customRequest('variables', { variablesReference: scopes[0].variablesReference });
    assert.strictEqual(variables.find((v: { name: string }) => v.name === 'limit')?.value, '7');
    await session.customRequest('continue', { threadId: stop.body?.threadId });
    await ended;
    const [diagnostic] = await waitFor('the diagnostic of the failed debug run', () => {
      const found = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Notte');
      return found.length ? found : undefined;
    });
    assert.strictEqual(diagnostic.range.start.line, 2);
    assert.strictEqual(diagnostic.message, 'local run failed: ValueError: limit 7 is too high');
    const shown = consoleText();
    assert.match(shown, /ValueError: limit 7 is too high/);
    assert.strictEqual(shown.match(/Traceback \(most recent call last\)/g)?.length, 1, 'the traceback is printed once');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('does not stop for what the harness tells (a variable run() does not take): the session ends with the message', async () => {
    await vscode.workspace.getConfiguration('notte').update('python.interpreter', DEBIAN_PYTHON, vscode.ConfigurationTarget.Global);
    const uri = workspaceFile('debug_wrong_variable.py', 'def run(limit: int = 3):\n    return limit\n');
    sent.length = 0;
    const ended = sessionEnd((s) => s.type === 'notte');
    const result = await vscode.commands.executeCommand<DebugCommandResult>('notte.debugFunctionLocally', uri, { nope: 1 });
    assert.strictEqual(result.started, true);
    await Promise.race([ended, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the session did not end by itself within 60 s')), 60000))]);
    assert.ok(!sent.some((m) => m.type === 'event' && m.event === 'stopped'), 'no stop');
    const shown = consoleText();
    assert.match(shown, /The function failed: ValueError: Unexpected variable names for run function: \['nope'\]/);
  });

  it('says what to install when the interpreter lacks debugpy, and starts nothing', async () => {
    // An interpreter that cannot see Debian's packages: the same Python without its site folders.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-nodebugpy-'));
    const python = path.join(dir, 'python-without-debugpy');
    fs.writeFileSync(python, `#!/bin/sh\nexec ${DEBIAN_PYTHON} -S "$@"\n`, { mode: 0o755 });
    await vscode.workspace.getConfiguration('notte').update('python.interpreter', python, vscode.ConfigurationTarget.Global);
    const uri = workspaceFile('debug_nodebugpy.py', 'def run():\n    return 1\n');
    let startedAny = false;
    const listener = vscode.debug.onDidStartDebugSession(() => (startedAny = true));
    try {
      const result = await vscode.commands.executeCommand<DebugCommandResult>('notte.debugFunctionLocally', uri, {});
      assert.strictEqual(result?.started, false);
      assert.match(
        String(result?.problem),
        new RegExp(`Debugging needs debugpy, which ${python.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} cannot import .*Install it with: \\S+ -m pip install debugpy`),
      );
      const api = await extensionApi();
      assert.ok(api.outputLines().some((l) => l.includes('-m pip install debugpy')));
      assert.strictEqual(startedAny, false);
    } finally {
      listener.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
