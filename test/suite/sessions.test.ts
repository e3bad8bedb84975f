// Open Live Session and Open Replay against a local server with simulated sessions (--sessions).
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { FunctionRun } from '../../src/api/types';
import { functionIdByFile, harnessServer, http, ownServerForSuite, TestServer, useServer, waitFor } from './helpers';

interface Started {
  function_run_id: string;
  session_id: string | null;
}

describe('Browser sessions', function () {
  this.timeout(60000);

  describe('on a server with simulated sessions', () => {
    let own: TestServer;
    ownServerForSuite(['--sessions'], (started) => (own = started));

    it('opens the live viewer of a run through its signed viewer_url', async () => {
      const id = await functionIdByFile(own, 'echo');
      const run = await http<Started>(own, 'POST', `/functions/${id}/runs/start`, { function_id: id, variables: { name: 'live' }, stream: false });
      assert.match(run.session_id ?? '', /^sess_/);
      assert.strictEqual(await vscode.commands.executeCommand('notte.openLiveSession', id, run.function_run_id), 'viewer_url');
    });

    it('says an active session has no replay yet, then opens the replay once the run ended', async () => {
      const id = await functionIdByFile(own, 'run_until_stopped');
      const created = await http<{ function_run_id: string }>(own, 'POST', `/functions/${id}/runs/create`, { local: false });
      const runId = created.function_run_id;
      // Started without waiting: a run of this function only ends when stopped.
      const answer = http(own, 'POST', `/functions/${id}/runs/${runId}`, { variables: { interval: 0.1 }, stream: false });
      await waitFor('the run to be active', async () => (await http<FunctionRun>(own, 'GET', `/functions/${id}/runs/${runId}`)).status === 'active');
      assert.strictEqual(await vscode.commands.executeCommand('notte.openReplay', id, runId), undefined);
      await http(own, 'DELETE', `/functions/${id}/runs/${runId}`);
      await answer;
      // Asked right after the end: the first answer is "not ready yet", so the command's waiting is exercised.
      const mp4 = await vscode.commands.executeCommand<string>('notte.openReplay', id, runId);
      assert.ok(mp4?.startsWith(`${own.url}/sessions/`), `mp4 url: ${mp4}`);
      assert.ok(!mp4.includes(own.key), 'the video link does not carry the key');
    });
  });

  describe('on a server without sessions', () => {
    const server = harnessServer();
    before(async () => useServer(server));

    it('answers undefined for a run that has no session', async () => {
      const id = await functionIdByFile(server, 'echo');
      const run = await http<Started>(server, 'POST', `/functions/${id}/runs/start`, { function_id: id, variables: { name: 'plain' }, stream: false });
      assert.strictEqual(run.session_id, null);
      assert.strictEqual(await vscode.commands.executeCommand('notte.openLiveSession', id, run.function_run_id), undefined);
      assert.strictEqual(await vscode.commands.executeCommand('notte.openReplay', id, run.function_run_id), undefined);
    });
  });
});
