// Open Live Session and Open Replay against a local server whose function opens a real browser session.
import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { FunctionRun } from '../../src/api/types';
import { readWebm } from '../unit/server/browser/webm';
import { fixtureFunctions, functionIdByFile, harnessServer, http, ownServerForSuite, TestServer, useServer, waitFor } from './helpers';

interface Started {
  function_run_id: string;
  session_id: string | null;
}

describe('Browser sessions', function () {
  this.timeout(120000);

  describe('on a run that opens a browser', () => {
    let own: TestServer;
    ownServerForSuite([], (started) => (own = started), fixtureFunctions);

    async function startBeating(id: string): Promise<{ runId: string; answer: Promise<unknown> }> {
      const created = await http<{ function_run_id: string }>(own, 'POST', `/functions/${id}/runs/create`, { local: false });
      const runId = created.function_run_id;
      // Started without waiting: with beats 0 the function only ends when stopped.
      const answer = http(own, 'POST', `/functions/${id}/runs/${runId}`, { variables: { interval: 0.2, beats: 0 }, stream: false });
      await waitFor('the run to open its session', async () => (await http<FunctionRun>(own, 'GET', `/functions/${id}/runs/${runId}`)).session_id || undefined, 90000);
      return { runId, answer };
    }

    it('opens the live viewer of the running function through its signed viewer_url', async () => {
      const id = await functionIdByFile(own, 'browser_heartbeat');
      const { runId, answer } = await startBeating(id);
      assert.strictEqual(await vscode.commands.executeCommand('notte.openLiveSession', id, runId), 'viewer_url');
      await http(own, 'DELETE', `/functions/${id}/runs/${runId}`);
      await answer;
    });

    it('says an active session has no replay yet, then opens the replay once the run ended', async () => {
      const id = await functionIdByFile(own, 'browser_heartbeat');
      const { runId, answer } = await startBeating(id);
      assert.strictEqual(await vscode.commands.executeCommand('notte.openReplay', id, runId), undefined);
      await http(own, 'DELETE', `/functions/${id}/runs/${runId}`);
      await answer;
      // Asked right after the end: the first answer may be "not ready yet", so the command's waiting is exercised.
      const video = await vscode.commands.executeCommand<string>('notte.openReplay', id, runId);
      if (!video?.startsWith(`${own.url}/sessions/`)) {
        // What the server says of that replay, so a failure names its cause.
        const sessionId = (await http<FunctionRun>(own, 'GET', `/functions/${id}/runs/${runId}`)).session_id;
        const replay = await fetch(`${own.url}/sessions/${sessionId}/replay`, { headers: { Authorization: `Bearer ${own.key}` } });
        assert.fail(`video url: ${video}; the server's replay of session ${sessionId}: ${replay.status} ${(await replay.text()).slice(0, 300)}`);
      }
      assert.ok(!video.includes(own.key), 'the video link does not carry the key');
      const played = await fetch(video);
      assert.strictEqual(played.headers.get('content-type'), 'video/webm');
      // A real recording (a session stopped this early may show a blank tab: a few hundred bytes of VP9).
      const facts = readWebm(Buffer.from(await played.arrayBuffer()));
      assert.ok(facts.docType === 'webm' && facts.codec === 'V_VP9' && facts.clusters >= 1 && facts.durationMs > 0, JSON.stringify(facts));
    });
  });

  describe('of runs on this machine against the local server (Run Locally, Debug)', () => {
    let own: TestServer;
    ownServerForSuite([], (started) => (own = started), fixtureFunctions);
    after(async () => vscode.workspace.getConfiguration('notte').update('python.interpreter', undefined, vscode.ConfigurationTarget.Global));

    /** The run's session, once the run reads closed: the server saw the run's own key open it, and closed it at the run's end. */
    async function sessionOfEndedRun(runId: string): Promise<{ status: string; run_id: string }> {
      const run = await waitFor(
        'the run to be reported closed',
        async () => {
          const read = await http<FunctionRun>(own, 'GET', `/functions/browser_heartbeat/runs/${runId}`);
          return read.status === 'closed' ? read : undefined;
        },
        60000,
      );
      assert.match(run.session_id ?? '', /^[0-9a-f-]{36}$/, "the session is the run's");
      return http(own, 'GET', `/sessions/${run.session_id}`);
    }

    it("Run Locally gives the function the run's own key: its session is the run's, and closes with it", async () => {
      const result = await vscode.commands.executeCommand<{ runId?: string; status: string }>('notte.runLocally', 'browser_heartbeat', { interval: 0.1, beats: 2 });
      assert.strictEqual(result?.status, 'closed', JSON.stringify(result));
      const session = await sessionOfEndedRun(result!.runId!);
      assert.deepStrictEqual([session.status, session.run_id], ['closed', result!.runId]);
    });

    it('Debug of a file the local server serves is recorded as a local run of its function, with its session', async () => {
      // Debian's python3-debugpy serves this interpreter (see shared/vscode-testing.md).
      await vscode.workspace.getConfiguration('notte').update('python.interpreter', '/usr/bin/python3', vscode.ConfigurationTarget.Global);
      const before = (await http<{ items: FunctionRun[] }>(own, 'GET', '/functions/browser_heartbeat/runs/?page_size=100')).items.length;
      const ended = new Promise<void>((resolve) => {
        const listener = vscode.debug.onDidTerminateDebugSession((s) => {
          if (s.type === 'notte') {
            listener.dispose();
            resolve();
          }
        });
      });
      const file = vscode.Uri.file(path.join(fixtureFunctions(), 'browser_heartbeat.py'));
      const started = await vscode.commands.executeCommand<{ started: boolean; problem?: string }>('notte.debugFunctionLocally', file, { interval: 0.1, beats: 2 });
      assert.deepStrictEqual(started, { started: true, problem: undefined });
      await ended;
      const runs = await waitFor('the debug run on the server', async () => {
        const items = (await http<{ items: FunctionRun[] }>(own, 'GET', '/functions/browser_heartbeat/runs/?page_size=100')).items;
        return items.length > before ? items : undefined;
      });
      const newest = runs.sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at))[0];
      const session = await sessionOfEndedRun(newest.function_run_id);
      assert.deepStrictEqual([session.status, session.run_id], ['closed', newest.function_run_id]);
    });
  });

  describe('on a run that opens none', () => {
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
