// Runs survive a restart; a run left active by a server that died is marked failed (and its process ended).
import * as assert from 'assert';
import * as fs from 'fs';
import { FIXTURE_FUNCTIONS_DIR, spawnServerProcess, startTestServer, tempDir } from '../helpers/localServer';
import { alive, call, waitFor } from './util';

describe('local server: persistence', function () {
  this.timeout(30_000);
  let dataDir: string;
  beforeEach(() => {
    dataDir = tempDir('notte-local-persist-');
  });
  afterEach(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps the run history, logs and results across a restart', async () => {
    const first = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
    const done = await call(first, 'POST', '/functions/chatty/runs/start', { variables: { n: 50 }, stream: false });
    const created = await call(first, 'POST', '/functions/chatty/runs/create', { local: true });
    const versions = (await call(first, 'GET', '/functions/chatty')).json;
    await first.close();

    const second = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
    try {
      const run = await call(second, 'GET', `/functions/chatty/runs/${done.json.function_run_id}`);
      assert.strictEqual(run.status, 200);
      assert.strictEqual(run.json.status, 'closed');
      assert.strictEqual(run.json.result, '{"printed": 50}');
      assert.strictEqual(run.json.logs.length, 50);
      const pending = await call(second, 'GET', `/functions/chatty/runs/${created.json.function_run_id}`);
      assert.strictEqual(pending.json.status, 'created');
      const history = await call(second, 'GET', '/functions/chatty/runs/?only_active=false');
      assert.deepStrictEqual(
        history.json.items.map((r: { function_run_id: string }) => r.function_run_id),
        [created.json.function_run_id, done.json.function_run_id],
      );
      const again = (await call(second, 'GET', '/functions/chatty')).json;
      assert.deepStrictEqual([again.created_at, again.latest_version, again.versions], [versions.created_at, versions.latest_version, versions.versions]);
    } finally {
      await second.close();
    }
  });

  it('keeps the logs of a long run on disk only, and still answers them whole (GET, list, PATCH, restart)', async () => {
    const first = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
    const expected = Array.from({ length: 3000 }, (_, i) => `line ${String(i).padStart(5, '0')}`);
    const texts = (logs: string[]) => logs.map((l) => l.split(' | ').slice(3).join(' | '));
    let runId: string;
    try {
      const done = await call(first, 'POST', '/functions/chatty/runs/start', { variables: { n: 3000 }, stream: false });
      runId = done.json.function_run_id;
      assert.deepStrictEqual(texts((await call(first, 'GET', `/functions/chatty/runs/${runId}`)).json.logs), expected);
      const listed = await call(first, 'GET', '/functions/chatty/runs/?only_active=false');
      assert.strictEqual(listed.json.items[0].logs.length, 3000);
      await call(first, 'PATCH', `/functions/chatty/runs/${runId}`, { result: 'patched' });
      const patched = await call(first, 'GET', `/functions/chatty/runs/${runId}`);
      assert.deepStrictEqual([patched.json.result, patched.json.logs.length], ['patched', 3000]);
    } finally {
      await first.close();
    }
    const second = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
    try {
      assert.deepStrictEqual(texts((await call(second, 'GET', `/functions/chatty/runs/${runId}`)).json.logs), expected);
    } finally {
      await second.close();
    }
  });

  it('marks runs that were active when the server shut down as failed, with every line logged so far', async () => {
    const first = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
    const created = await call(first, 'POST', '/functions/slow/runs/create', { local: false });
    const runId = created.json.function_run_id;
    const answer = call(first, 'POST', `/functions/slow/runs/${runId}`, { variables: { seconds: 30 }, stream: false });
    await waitFor('the run to log', async () => (await call(first, 'GET', `/functions/slow/runs/${runId}`)).json.logs.length === 1);
    await first.close();
    await answer.catch(() => undefined);
    const second = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
    try {
      const run = await call(second, 'GET', `/functions/slow/runs/${runId}`);
      assert.strictEqual(run.json.status, 'failed');
      assert.match(run.json.result, /shut down/);
      assert.strictEqual(run.json.logs.length, 1);
    } finally {
      await second.close();
    }
  });

  it('after a crash, marks the active run failed at the next start and ends its orphaned process', async function () {
    if (process.platform === 'win32') this.skip();
    const first = await spawnServerProcess({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
    let pythonPid = 0;
    let childPid = 0;
    try {
      const created = await call(first, 'POST', '/functions/spawns_child/runs/create', { local: false });
      const runId = created.json.function_run_id;
      void call(first, 'POST', `/functions/spawns_child/runs/${runId}`, { variables: {}, stream: false }).catch(() => undefined);
      const line = await waitFor('the pids line', async () =>
        (await call(first, 'GET', `/functions/spawns_child/runs/${runId}`)).json.logs.find((l: string) => / pids \d+ \d+$/.test(l)),
      );
      [pythonPid, childPid] = /pids (\d+) (\d+)$/.exec(line)!.slice(1).map(Number);
      // Give the store a moment to write the active run with its pid, then crash.
      await new Promise((r) => setTimeout(r, 100));
      await first.crash();
      assert.ok(alive(pythonPid), 'the harness outlived the crashed server');

      const second = await spawnServerProcess({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
      try {
        const run = await call(second, 'GET', `/functions/spawns_child/runs/${runId}`);
        assert.strictEqual(run.json.status, 'failed');
        assert.match(run.json.result, /stopped while this run was active/);
        const active = await call(second, 'GET', '/functions/spawns_child/runs/');
        assert.deepStrictEqual(active.json.items, []);
        if (process.platform === 'linux') await waitFor('the orphans to be gone', () => !alive(pythonPid) && !alive(childPid), 3000);
      } finally {
        await second.stop();
      }
    } finally {
      for (const pid of [pythonPid, childPid]) if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
      await first.stop();
    }
  });

  it('on SIGTERM, the server process ends its runs and exits, leaving them failed', async function () {
    if (process.platform === 'win32') this.skip();
    const first = await spawnServerProcess({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
    const created = await call(first, 'POST', '/functions/spawns_child/runs/create', { local: false });
    const runId = created.json.function_run_id;
    void call(first, 'POST', `/functions/spawns_child/runs/${runId}`, { variables: {}, stream: false }).catch(() => undefined);
    const line = await waitFor('the pids line', async () =>
      (await call(first, 'GET', `/functions/spawns_child/runs/${runId}`)).json.logs.find((l: string) => / pids \d+ \d+$/.test(l)),
    );
    const [pythonPid, childPid] = /pids (\d+) (\d+)$/.exec(line)!.slice(1).map(Number);
    process.kill(first.pid, 'SIGTERM');
    await new Promise((r) => first.child.once('exit', r));
    assert.strictEqual(first.child.exitCode, 0);
    await waitFor('the runs to be gone', () => !alive(pythonPid) && !alive(childPid), 3000);
    const stored = JSON.parse(fs.readFileSync(`${dataDir}/runs/${runId}.json`, 'utf8'));
    assert.strictEqual(stored.status, 'failed');
    assert.strictEqual(stored.stop_reason, 'shutdown');
  });
});
