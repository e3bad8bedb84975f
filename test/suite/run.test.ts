import * as assert from 'assert';
import { execFile } from 'child_process';
import * as vscode from 'vscode';
import type { RunCommandResult } from '../../src/core/runs/runCommand';
import { extensionApi, functionIdByFile, harnessServer, http, listRuns, useServer, waitFor } from './helpers';
import type { FunctionRun } from '../../src/api/types';

describe('Running functions', function () {
  this.timeout(90000);
  const server = harnessServer();
  before(async () => useServer(server));

  it('runs with the given variables, streams every log line in order and shows the result', async () => {
    const api = await extensionApi();
    const id = await functionIdByFile(server, 'progress');
    const result = await vscode.commands.executeCommand<RunCommandResult>('notte.runFunction', id, { steps: 3, url: 'https://example.com/ü' });
    assert.ok(result?.runId, `no run id: ${JSON.stringify(result)}`);
    assert.strictEqual(result.status, 'closed', JSON.stringify(result));
    const run = await http<FunctionRun>(server, 'GET', `/functions/${id}/runs/${result.runId}`);
    assert.deepStrictEqual(run.variables, { steps: 3, url: 'https://example.com/ü' });
    const lines = api.outputLines();
    const header = lines.findIndex((l) => l.includes(`Run ${result.runId} started`));
    assert.ok(header >= 0, 'the header names the run');
    // Each line is "<time> [<level>] [<run marker>] <text>" (issue 14): the text is compared.
    const shown = lines.slice(header + 1).map((l) => /^\S+ \S+ \[\w+\] \[[^\]]*\] (.*)$/.exec(l)?.[1] ?? l);
    const colour = /\x1b\[[0-9;]*m/g; // eslint-disable-line no-control-regex -- strips the colour escapes the function printed
    const expected = run.logs.map((raw) => raw.split(' | ').slice(3).join(' | ').replace(colour, ''));
    const positions = expected.map((text) => shown.findIndex((l) => l === text));
    assert.ok(
      positions.every((p) => p >= 0),
      `every log line shown: ${JSON.stringify(expected)} in ${JSON.stringify(shown)}`,
    );
    assert.deepStrictEqual(
      [...positions].sort((a, b) => a - b),
      positions,
      'in order',
    );
    assert.ok(
      shown.some((l) => l.startsWith('Result:')),
      'the result is shown',
    );
  });

  it('reports a failing function as failed with its error message', async () => {
    const api = await extensionApi();
    const id = await functionIdByFile(server, 'fail');
    const result = await vscode.commands.executeCommand<RunCommandResult>('notte.runFunction', id, {});
    assert.strictEqual(result?.status, 'failed');
    const run = await http<FunctionRun>(server, 'GET', `/functions/${id}/runs/${result.runId}`);
    assert.strictEqual(run.status, 'failed');
    const lastErrorLine = String(run.result).trim().split('\n').pop()!;
    assert.ok(
      api.outputLines().some((l) => l.includes(lastErrorLine)),
      `the error "${lastErrorLine}" is in the output`,
    );
  });

  it('stops an active run from the command, and the run ends stopped', async () => {
    const api = await extensionApi();
    const id = await functionIdByFile(server, 'until_stopped');
    const running = vscode.commands.executeCommand<RunCommandResult>('notte.runFunction', id, {});
    const active = await waitFor('the run to be active', async () => (await listRuns(server, id)).find((r) => r.status === 'active'));
    await waitFor('the status bar count', () => api.activeRunCount() === 1 || undefined);
    const status = await vscode.commands.executeCommand<string>('notte.stopRun', id, active.function_run_id);
    assert.strictEqual(status, 'stopped');
    const outcome = await running;
    assert.strictEqual(outcome?.runId, active.function_run_id);
    const after = await http<FunctionRun>(server, 'GET', `/functions/${id}/runs/${active.function_run_id}`);
    assert.notStrictEqual(after.status, 'active');
    assert.match(String(after.result), /stopped/i);
    await waitFor('no active run left', () => api.activeRunCount() === 0 || undefined);
  });

  it('copies a cURL command that starts the same run when pasted into a shell', async () => {
    const id = await functionIdByFile(server, 'echo');
    const variables = { name: `it's "quoted" $HOME \`uname\` \\ ünï ✓\nline two`, count: 3 };
    const copied = await vscode.commands.executeCommand<string>('notte.copyAsCurl', id, variables);
    const clipboard = await vscode.env.clipboard.readText();
    assert.strictEqual(clipboard, copied);
    assert.ok(!clipboard.includes(server.key), 'the key is not in the copied text');
    assert.ok(clipboard.includes('$NOTTE_API_KEY'));
    const before = (await listRuns(server, id)).length;
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('sh', ['-c', clipboard], { env: { ...process.env, NOTTE_API_KEY: server.key } }, (error, out, err) =>
        error ? reject(new Error(`${error.message} ${err}`)) : resolve(out),
      ),
    );
    assert.ok(stdout.length > 0);
    const runs = await listRuns(server, id);
    assert.strictEqual(runs.length, before + 1);
    const newest = runs[0];
    assert.deepStrictEqual(newest.variables, variables);
  });

  it('opens a run as a read-only document with status, variables and result', async () => {
    const id = await functionIdByFile(server, 'echo');
    const result = await vscode.commands.executeCommand<RunCommandResult>('notte.runFunction', id, { name: 'document me' });
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('notte.openRun', id, result!.runId);
    assert.ok(doc);
    assert.strictEqual(doc.uri.scheme, 'notte-run');
    const text = doc.getText();
    assert.match(text, /Status: +closed/);
    assert.match(text, /document me/);
    assert.match(text, /Result:/);
  });
});
