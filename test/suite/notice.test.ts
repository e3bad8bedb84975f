// What users notice (issue 14): one shape per Output line, runs told apart, a stop that says stopped,
// names instead of ids, read-only generated documents, profiles, and a flood folded with its full log
// complete. Everything against real local servers over HTTP.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RunCommandResult } from '../../src/core/runs/runCommand';
import type { BatchCommandResult } from '../../src/features/runs/batch';
import type { FunctionRun } from '../../src/api/types';
import { extensionApi, extensionPath, forwardingProxy, functionIdByFile, harnessServer, listRuns, rootLabels, startServer, TestServer, useServer, waitFor } from './helpers';

/** `2026-12-01 18:31:10.123 [info] [<marker>] <text>` (▶ or ■ before the text on a run's first and last line). */
const ENTRY = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) \[(trace|debug|info|warning|error)\] \[([^\]]*)\] (?:(▶|■) )?(.*)$/;

interface Entry {
  time: string;
  level: string;
  marker: string;
  mark: string;
  text: string;
}

function parse(line: string): Entry | undefined {
  const m = ENTRY.exec(line);
  return m ? { time: m[1], level: m[2], marker: m[3], mark: m[4] ?? '', text: m[5] } : undefined;
}

/** The entries of the run whose header names `runId`. */
function entriesOfRun(lines: readonly string[], runId: string): Entry[] {
  const entries = lines.map(parse);
  const started = entries.find((e) => e && e.text === `Run ${runId} started`);
  assert.ok(started, `no "Run ${runId} started" line in:\n${lines.slice(-30).join('\n')}`);
  return entries.filter((e): e is Entry => !!e && e.marker === started.marker);
}

function functionsDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-suite-fns-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

/** The harness's server for a describe; after it, the default profile on that server again. */
function onHarnessServer(): { url: string; key: string } {
  const server = harnessServer();
  before(async () => useServer(server));
  after(async () => {
    await vscode.commands.executeCommand('notte.switchProfile', 'default');
    await useServer(server);
  });
  return server;
}

/** Runs run_until_stopped from this window and stops it with Stop Run once the window follows it. */
async function runAndStopHere(server: { url: string; key: string }): Promise<{ id: string; outcome: RunCommandResult | undefined; active: FunctionRun }> {
  const api = await extensionApi();
  const id = await functionIdByFile(server, 'until_stopped');
  const running = vscode.commands.executeCommand<RunCommandResult>('notte.runFunction', id, { interval: 0.2 });
  const active = await waitFor('the run to be active', async () => (await listRuns(server, id)).find((r) => r.status === 'active'));
  await waitFor('the window to follow the run', () => api.activeRunCount() === 1 || undefined);
  await vscode.commands.executeCommand('notte.stopRun', id, active.function_run_id);
  return { id, outcome: await running, active };
}

describe('What users notice', function () {
  this.timeout(120_000);
  const server = onHarnessServer();

  it('writes every Output line of a run with its own time, its level and the run marker', async () => {
    const api = await extensionApi();
    const id = await functionIdByFile(server, 'fail');
    const result = await vscode.commands.executeCommand<RunCommandResult>('notte.runFunction', id, { message: 'shape me', delay: 0.1 });
    assert.strictEqual(result?.status, 'failed', JSON.stringify(result));
    const lines = api.outputLines();
    const entries = entriesOfRun(lines, result.runId!);
    const byText = (pattern: RegExp) => entries.find((e) => pattern.test(e.text));
    assert.strictEqual(byText(/^About to fail on purpose/)?.level, 'info', 'stdout is info');
    assert.strictEqual(byText(/^warning: the next step raises/)?.level, 'warning', 'stderr is a warning');
    const traceback = entries.findIndex((e) => e.text.startsWith('Traceback (most recent call last):'));
    assert.ok(traceback >= 0, `the traceback is shown:\n${lines.slice(-30).join('\n')}`);
    const tracebackEnd = entries.findIndex((e, i) => i > traceback && /^ValueError: shape me/.test(e.text));
    assert.ok(tracebackEnd > traceback, 'the traceback ends with the exception');
    assert.deepStrictEqual(new Set(entries.slice(traceback, tracebackEnd + 1).map((e) => e.level)), new Set(['error']), 'every line of the traceback is an error');
    assert.ok(
      entries.some((e) => e.mark === '▶'),
      'a marked header line',
    );
    assert.ok(
      entries.some((e) => e.mark === '■' && /failed/.test(e.text)),
      'a marked end line',
    );
    // Not one line of the run is left without the shape.
    const unshaped = lines
      .slice(lines.findIndex((l) => l.includes(`Run ${result.runId} started`)))
      .filter((l) => !ENTRY.test(l) && !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[\w+\] /.test(l));
    assert.deepStrictEqual(unshaped, []);
  });

  it('keeps each line of a batch of three on its own run marker', async () => {
    const api = await extensionApi();
    const id = await functionIdByFile(server, 'echo');
    const names = ['Ada', 'Grace', 'Linus'];
    const outcome = await vscode.commands.executeCommand<BatchCommandResult>(
      'notte.runBatch',
      names.map((name) => ({ name })),
      id,
    );
    assert.ok(outcome && 'outcomes' in outcome, JSON.stringify(outcome));
    assert.deepStrictEqual(
      outcome.outcomes.map((o) => o.status),
      ['closed', 'closed', 'closed'],
    );
    const lines = api.outputLines();
    for (const [index, name] of names.entries()) {
      const entries = entriesOfRun(lines, outcome.outcomes[index].runId!);
      assert.match(entries[0].marker, new RegExp(`#${index + 1}$`));
      const mine = entries.filter((e) => e.text.includes(name));
      assert.ok(mine.length > 0, `a line of run ${index + 1} names ${name}`);
      // No line naming this run's variable carries another run's marker.
      const elsewhere = lines.map(parse).filter((e) => e && e.text.includes(`'${name}'`) && e.marker !== entries[0].marker && /#\d$/.test(e.marker));
      assert.deepStrictEqual(elsewhere, []);
    }
    // The summary is a read-only document named for the batch, not a dirty "Untitled".
    assert.strictEqual(outcome.summary.uri.scheme, 'notte-doc');
    assert.strictEqual(outcome.summary.isUntitled, false);
    assert.strictEqual(outcome.summary.isDirty, false);
    assert.match(path.posix.basename(outcome.summary.uri.path), /batch \d\d:\d\d:\d\d\.json$/);
  });

  it('reports a run stopped from this window as stopped, in the result, the Output and the document title', async () => {
    const api = await extensionApi();
    const { id, outcome, active } = await runAndStopHere(server);
    assert.strictEqual(outcome?.status, 'stopped', JSON.stringify(outcome));
    assert.strictEqual(outcome.stopped, 'by Stop Run');
    const end = entriesOfRun(api.outputLines(), active.function_run_id).find((e) => e.mark === '■');
    assert.ok(end, 'an end line');
    assert.match(end.text, /^stopped by Stop Run/);
    assert.strictEqual(end.level, 'warning');
    // Its tab names the function and the start time, not the id.
    await vscode.commands.executeCommand('notte.openRun', id, active.function_run_id);
    const tab = await waitFor("the run document's tab", () => vscode.window.tabGroups.activeTabGroup.activeTab?.label);
    assert.match(tab, /^run_until_stopped · \d\d:\d\d:\d\d\.log$/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  describe('with a second local server', () => {
    let second: TestServer;
    const lineCount = 20_000;
    before(async () => {
      second = await startServer(
        [],
        functionsDir({
          'second_only.py': 'def run(word: str = "second"):\n    print(f"hello from the {word} server")\n    return word\n',
          'flood.py': `def run(count: int = ${lineCount}):\n    for i in range(count):\n        print(f"flood line {i} of {count}")\n    return count\n`,
        }),
      );
    });
    after(async () => {
      await vscode.commands.executeCommand('notte.switchProfile', 'default');
      await vscode.commands.executeCommand('notte.removeProfile', 'suite-first');
      await vscode.commands.executeCommand('notte.removeProfile', 'suite-second');
      await second?.stop();
    });

    it('switches the tree between two servers without a reload, each with its own key', async () => {
      const api = await extensionApi();
      const first = await vscode.commands.executeCommand<string>('notte.addProfile', { name: 'Suite First', apiUrl: server.url, key: server.key });
      const secondId = await vscode.commands.executeCommand<string>('notte.addProfile', { name: 'Suite Second', apiUrl: second.url, key: second.key });
      assert.strictEqual(first, 'suite-first');
      assert.strictEqual(secondId, 'suite-second');
      await waitFor("the second server's functions", async () => ((await rootLabels()).includes('second_only') ? true : undefined));
      assert.strictEqual(api.connectionBaseUrl(), second.url);

      await vscode.commands.executeCommand('notte.switchProfile', 'suite-first');
      const firstLabels = await waitFor("the first server's functions", async () => {
        const labels = await rootLabels();
        return labels.length > 0 && !labels.includes('second_only') ? labels : undefined;
      });
      assert.ok(firstLabels.includes('progress_report'), firstLabels.join(', '));

      // A key set while one profile is active stays with it: the other keeps working with its own.
      await vscode.commands.executeCommand('notte.setApiKey', 'not-the-right-key');
      await vscode.commands.executeCommand('notte.refresh');
      await waitFor('the first profile failing with the wrong key', async () =>
        (await rootLabels()).length === 0 || (await rootLabels()).every((l) => !l.includes('progress_report')) ? true : undefined,
      );
      await vscode.commands.executeCommand('notte.switchProfile', 'Suite Second');
      await waitFor('the second profile still listing with its key', async () => ((await rootLabels()).includes('second_only') ? true : undefined));
      await vscode.commands.executeCommand('notte.switchProfile', 'suite-first');
      await vscode.commands.executeCommand('notte.setApiKey', server.key);
      await waitFor('the first profile back with its key', async () => ((await rootLabels()).includes('progress_report') ? true : undefined));
    });

    it("stops a run on the server it runs on after a switch of profile, with that server's key", async () => {
      const api = await extensionApi();
      await vscode.commands.executeCommand('notte.switchProfile', 'suite-first');
      const id = await functionIdByFile(server, 'until_stopped');
      const running = vscode.commands.executeCommand<RunCommandResult>('notte.runFunction', id, { interval: 0.2 });
      const active = await waitFor('the run to be active', async () => (await listRuns(server, id)).find((r) => r.status === 'active'));
      await waitFor('the window to follow the run', () => api.activeRunCount() === 1 || undefined);
      // Another server in use now: its key must not go to the first one, nor its stop to the second.
      await vscode.commands.executeCommand('notte.switchProfile', 'suite-second');
      await vscode.commands.executeCommand('notte.stopRun', id, active.function_run_id);
      const outcome = await running;
      assert.deepStrictEqual([outcome?.status, outcome?.stopped], ['stopped', 'by Stop Run'], JSON.stringify(outcome));
      await waitFor(
        'the run to have ended on its server',
        async () => ((await listRuns(server, id)).find((r) => r.function_run_id === active.function_run_id)?.status !== 'active' ? true : undefined),
        20_000,
      );
    });

    it('folds a flood in the Output channel and keeps every line in the full log', async () => {
      const api = await extensionApi();
      await vscode.commands.executeCommand('notte.switchProfile', 'suite-second');
      await waitFor("the second server's functions", async () => ((await rootLabels()).includes('flood') ? true : undefined));
      const result = await vscode.commands.executeCommand<RunCommandResult>('notte.runFunction', 'flood', {});
      assert.strictEqual(result?.status, 'closed', JSON.stringify(result));
      assert.ok(result.folded && result.folded > 0, `lines were folded: ${result.folded}`);
      assert.ok(result.logFile, 'a full log file');
      const full = fs
        .readFileSync(result.logFile, 'utf8')
        .split('\n')
        .filter((l) => / flood line \d+ of /.test(l));
      assert.strictEqual(full.length, lineCount, 'every line of the function is in the full log');
      assert.strictEqual(full[lineCount - 1].endsWith(`flood line ${lineCount - 1} of ${lineCount}`), true);
      const shown = entriesOfRun(api.outputLines(), result.runId!);
      const note = shown.find((e) => /^… [\d,]+ more lines \(the last: flood line \d+ of \d+\), Open Full Log: file:\/\//.test(e.text));
      assert.ok(
        note,
        `a fold note names the full log:\n${shown
          .slice(-5)
          .map((e) => e.text)
          .join('\n')}`,
      );
      const shownLines = shown.filter((e) => /^flood line/.test(e.text)).length;
      assert.strictEqual(shownLines + result.folded, lineCount, "shown and folded lines add up to the function's");
      const doc = await vscode.commands.executeCommand<vscode.TextDocument>('notte.openFullLog', result.logFile);
      assert.ok(doc && doc.lineCount > lineCount);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });

    it('opens the full log of a 100,000-line run complete after the run, every line in order', async () => {
      const count = 100_000;
      await vscode.commands.executeCommand('notte.switchProfile', 'suite-second');
      await waitFor("the second server's functions", async () => ((await rootLabels()).includes('flood') ? true : undefined));
      const result = await vscode.commands.executeCommand<RunCommandResult>('notte.runFunction', 'flood', { count });
      assert.strictEqual(result?.status, 'closed', JSON.stringify(result));
      const doc = await vscode.commands.executeCommand<vscode.TextDocument>('notte.openFullLog', result.logFile);
      assert.ok(doc, 'the full log opened');
      let next = 0;
      for (const line of doc.getText().split('\n')) {
        const match = / flood line (\d+) of 100000$/.exec(line);
        if (!match) continue;
        assert.strictEqual(Number(match[1]), next, `line ${next} comes next`);
        next++;
      }
      assert.strictEqual(next, count, 'every line of the function, once');
      assert.ok(!doc.getText().includes(second.key), 'no key in the full log');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });
  });
});

describe('What users notice: the view', function () {
  this.timeout(120_000);
  const server = onHarnessServer();

  async function runItems(functionLabel: string): Promise<vscode.TreeItem[]> {
    const api = await extensionApi();
    const fnNode = (await api.treeChildren()).find((n) => api.treeItem(n).label === functionLabel);
    assert.ok(fnNode, `${functionLabel} is listed`);
    return (await api.treeChildren(fnNode)).map((n) => api.treeItem(n));
  }

  it('labels a run row with its start time, describes it by status and duration, and keeps the id in the tooltip', async () => {
    const id = await functionIdByFile(server, 'echo');
    const result = await vscode.commands.executeCommand<RunCommandResult>('notte.runFunction', id, { name: 'row' });
    await vscode.commands.executeCommand('notte.refresh');
    const items = await waitFor('the run row', async () =>
      (await runItems('echo_variables')).find((i) => String((i.tooltip as vscode.MarkdownString)?.value ?? '').includes(result!.runId!)),
    );
    assert.match(String(items.label), /^\d\d:\d\d:\d\d$/);
    assert.match(String(items.description), /^closed · \d+(\.\d)?(ms|s)$/);
  });

  it('shows a run stopped here as stopped, with its own icon', async () => {
    const { active } = await runAndStopHere(server);
    await vscode.commands.executeCommand('notte.refresh');
    const item = await waitFor('the stopped row', async () =>
      (await runItems('run_until_stopped')).find((i) => String((i.tooltip as vscode.MarkdownString)?.value ?? '').includes(active.function_run_id)),
    );
    assert.match(String(item.description), /^stopped · /);
    assert.strictEqual((item.iconPath as vscode.ThemeIcon).id, 'circle-slash');
    assert.strictEqual(item.contextValue, 'run.stopped');
  });

  it('after the local server is killed, shows the whole message and a Start that brings it back', async () => {
    const api = await extensionApi();
    // The bundled examples, named: the workspace holds other suites' function files, which would be served instead.
    const settings = vscode.workspace.getConfiguration('notte');
    await settings.update('localServer.functionsFolder', path.join(extensionPath(), 'dist', 'examples'), vscode.ConfigurationTarget.Global);
    try {
      await killedServerShowsStart(api);
    } finally {
      await settings.update('localServer.functionsFolder', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  async function killedServerShowsStart(api: Awaited<ReturnType<typeof extensionApi>>): Promise<void> {
    const url = await vscode.commands.executeCommand<string>('notte.startLocalServer');
    assert.ok(url, 'the local server started');
    await waitFor("the local server's functions", async () => ((await rootLabels()).includes('progress_report') ? true : undefined));
    const pid = await api.localServerPid();
    assert.ok(pid, 'its process id');
    process.kill(-pid, 'SIGKILL');
    const labels = await waitFor(
      'the error state',
      async () => {
        const now = await rootLabels();
        return now.includes('Start Local Functions Server') ? now : undefined;
      },
      30_000,
    );
    assert.deepStrictEqual(labels, ['Retry', 'Start Local Functions Server', 'Switch Profile…', 'Open Settings']);
    const message = api.viewMessage() ?? '';
    assert.match(message, /^Could not load functions from Local server\. .*cannot reach 127\.0\.0\.1:\d+/);
    assert.match(message, /local Functions server is not running/);
    // How it ended, in words (a signal, not "exit code null"), in the server's own log channel beside the extension's.
    const log = path.join(path.dirname(api.logChannel()!.file), 'Notte Local Server.log');
    const said = () => (fs.existsSync(log) && fs.readFileSync(log, 'utf8').includes('The local server was ended by SIGKILL.') ? true : undefined);
    await waitFor('how the server ended, in its log', said, 30_000);
    const start = (await api.treeChildren()).map((n) => api.treeItem(n)).find((i) => i.label === 'Start Local Functions Server')!;
    await vscode.commands.executeCommand(start.command!.command, ...(start.command!.arguments ?? []));
    await waitFor('the functions listed again', async () => ((await rootLabels()).includes('progress_report') ? true : undefined), 30_000);
    assert.ok(!api.viewMessage(), 'the message is gone');
    // On the port it had (free again): the files linked to that server stay linked.
    assert.strictEqual(await api.localServerUrl(), url);
    await vscode.commands.executeCommand('notte.stopLocalServer');
    await waitFor('the default profile again', () => (api.connectionBaseUrl() === server.url ? true : undefined));
  }

  it('Run Function… with the server down says why in a notification, not in an empty pick that stays open', async () => {
    const gate = await forwardingProxy(server, (_req, res) => {
      res.destroy();
      return true;
    });
    try {
      await useServer(gate);
      let settled = false;
      const running = vscode.commands.executeCommand('notte.runFunction');
      void running.then(
        () => (settled = true),
        () => (settled = true),
      );
      // The notification (Retry, Start Local Functions Server) dismissed, as a person closing it: the command ends.
      // (An empty pick with the error as its placeholder, the old way, stayed open: this loop would not end.)
      const deadline = Date.now() + 30_000;
      while (!settled && Date.now() < deadline) {
        await vscode.commands.executeCommand('notifications.clearAll');
        await new Promise((resolve) => setTimeout(resolve, 300));
      }
      assert.ok(settled, 'the command ended once its message was dismissed');
      assert.strictEqual(await running, undefined);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      await gate.close();
      await useServer(server);
    }
  });

  it('retries from the error state once the server answers again', async () => {
    const api = await extensionApi();
    let down = true;
    const gate = await forwardingProxy(server, (_req, res) => {
      if (down) res.destroy();
      return down;
    });
    try {
      await useServer(gate);
      await waitFor('the error state', async () => ((await rootLabels())[0] === 'Retry' ? true : undefined), 30_000);
      // A server on this machine that does not answer (the demo's, say) can be started again from here.
      assert.ok((await rootLabels()).includes('Start Local Functions Server'), 'Start offered for a profile on a loopback address');
      // The default profile is named by its address.
      assert.ok((api.viewMessage() ?? '').startsWith(`Could not load functions from ${gate.url.replace(/^http:\/\//, '')}. `), api.viewMessage());
      down = false;
      const retry = (await api.treeChildren()).map((n) => api.treeItem(n)).find((i) => i.label === 'Retry')!;
      await vscode.commands.executeCommand(retry.command!.command, ...(retry.command!.arguments ?? []));
      await waitFor('the functions after Retry', async () => ((await rootLabels()).includes('progress_report') ? true : undefined), 30_000);
    } finally {
      await gate.close();
      await useServer(server);
    }
  });
});
