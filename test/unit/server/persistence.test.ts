// Runs survive a restart; a run left active by a server that died is marked failed (and its process ended).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
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
      assert.deepStrictEqual([pending.json.status, pending.json.started], ['active', false], 'created, not started');
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

  it('keeps a created run across a restart: read, listed and started exactly as before, its lines kept', async () => {
    const first = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
    const created = await call(first, 'POST', '/functions/chatty/runs/create', { local: false });
    const runId: string = created.json.function_run_id;
    const before = (await call(first, 'GET', `/functions/chatty/runs/${runId}`)).json;
    await first.close();

    const second = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
    try {
      assert.deepStrictEqual((await call(second, 'GET', `/functions/chatty/runs/${runId}`)).json, before, 'read as before the restart');
      const listed = await call(second, 'GET', '/functions/chatty/runs/');
      assert.deepStrictEqual(
        listed.json.items.map((r: { function_run_id: string; status: string; started?: boolean }) => [r.function_run_id, r.status, r.started]),
        [[runId, 'active', false]],
        'listed among the active ones, as before',
      );
      const started = await call(second, 'POST', `/functions/chatty/runs/${runId}`, { workflow_id: 'chatty', workflow_run_id: runId, variables: { n: 5 }, stream: false });
      assert.deepStrictEqual([started.json.status, started.json.result], ['closed', '{"printed": 5}']);
      const run = await call(second, 'GET', `/functions/chatty/runs/${runId}`);
      assert.deepStrictEqual(
        run.json.logs.map((l: string) => l.split(' | ').slice(3).join(' | ')),
        ['line 00000', 'line 00001', 'line 00002', 'line 00003', 'line 00004'],
      );
    } finally {
      await second.close();
    }
    const third = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
    try {
      const run = await call(third, 'GET', `/functions/chatty/runs/${runId}`);
      assert.deepStrictEqual([run.json.status, run.json.logs.length], ['closed', 5], 'and kept across the next restart');
    } finally {
      await third.close();
    }
  });

  it('keeps the logs of a long run on disk only, and still answers them whole (GET, PATCH, restart); a listing leaves them out', async () => {
    const first = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
    const expected = Array.from({ length: 3000 }, (_, i) => `line ${String(i).padStart(5, '0')}`);
    const texts = (logs: string[]) => logs.map((l) => l.split(' | ').slice(3).join(' | '));
    let runId: string;
    try {
      const done = await call(first, 'POST', '/functions/chatty/runs/start', { variables: { n: 3000 }, stream: false });
      runId = done.json.function_run_id;
      assert.deepStrictEqual(texts((await call(first, 'GET', `/functions/chatty/runs/${runId}`)).json.logs), expected);
      // Listed without its lines (a row needs none), every other field there; GET of the run has the lines.
      const listed = await call(first, 'GET', '/functions/chatty/runs/?only_active=false');
      assert.deepStrictEqual([listed.json.items[0].function_run_id, listed.json.items[0].logs], [runId, []]);
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

  it('reads a run file of the earlier layout (its lines inside it), and keeps its lines when the run is changed', async () => {
    const runId = '00000000-0000-4000-8000-000000000001';
    const lines = Array.from({ length: 1500 }, (_, i) => `2026-01-01 00:00:00.000 | INFO     | chatty:run | old line ${i}`);
    const at = '2026-01-01T00:00:00.000Z';
    fs.mkdirSync(path.join(dataDir, 'runs'), { recursive: true });
    const old = { function_id: 'chatty', workflow_id: 'chatty', function_run_id: runId, workflow_run_id: runId, created_at: at, updated_at: at };
    fs.writeFileSync(
      path.join(dataDir, 'runs', `${runId}.json`),
      JSON.stringify({ ...old, status: 'closed', session_id: null, logs: lines, variables: {}, result: null, local: true }),
    );
    const first = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
    try {
      assert.deepStrictEqual((await call(first, 'GET', `/functions/chatty/runs/${runId}`)).json.logs, lines);
      await call(first, 'PATCH', `/functions/chatty/runs/${runId}`, { result: 'patched' });
    } finally {
      await first.close();
    }
    const second = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
    try {
      const run = (await call(second, 'GET', `/functions/chatty/runs/${runId}`)).json;
      assert.deepStrictEqual([run.result, run.logs], ['patched', lines]);
    } finally {
      await second.close();
    }
  });

  it("appends an active run's new lines to its log file (the run file stays small), and writes it anew when a PATCH replaces them", async () => {
    const server = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
    try {
      const created = await call(server, 'POST', '/functions/ticks/runs/create', { local: false });
      const runId: string = created.json.function_run_id;
      const logFile = path.join(dataDir, 'runs', `${runId}.log`);
      const runFile = path.join(dataDir, 'runs', `${runId}.json`);
      void call(server, 'POST', `/functions/ticks/runs/${runId}`, { variables: { n: 100, every: 0.1 }, stream: false });
      const lineCount = () => (fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').split('\n').filter(Boolean).length : 0);
      await waitFor('two lines in the log file', () => lineCount() >= 2 || undefined, 10_000);
      const seen = lineCount();
      const inode = fs.statSync(logFile).ino;
      await waitFor('more lines in the log file', () => lineCount() > seen || undefined, 10_000);
      assert.strictEqual(fs.statSync(logFile).ino, inode, 'the same file grew (appended, not written anew)');
      assert.ok(!('logs' in JSON.parse(fs.readFileSync(runFile, 'utf8'))), 'the run file has no lines');
      await call(server, 'DELETE', `/functions/ticks/runs/${runId}`);
      await call(server, 'PATCH', `/functions/ticks/runs/${runId}`, { logs: ['replaced "one"', 'replaced\ntwo'] });
      assert.deepStrictEqual(
        fs
          .readFileSync(logFile, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((row) => JSON.parse(row)),
        ['replaced "one"', 'replaced\ntwo'],
      );
      assert.deepStrictEqual((await call(server, 'GET', `/functions/ticks/runs/${runId}`)).json.logs, ['replaced "one"', 'replaced\ntwo']);
    } finally {
      await server.close();
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

  it('after a crash, its runs end by themselves (their whole process group), and the next start marks the active run failed', async function () {
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
      // The harness notices its parent is gone (it checks each second) and ends its group, the child it started too.
      await waitFor('the orphans to end by themselves', () => !alive(pythonPid) && !alive(childPid), 15_000);

      const second = await spawnServerProcess({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
      try {
        const run = await call(second, 'GET', `/functions/spawns_child/runs/${runId}`);
        assert.strictEqual(run.json.status, 'failed');
        assert.match(run.json.result, /stopped while this run was active/);
        const active = await call(second, 'GET', '/functions/spawns_child/runs/');
        assert.deepStrictEqual(active.json.items, []);
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
