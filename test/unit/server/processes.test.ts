// Concurrency limit, stop (the process tree is gone afterwards) and the run timeout.
import * as assert from 'assert';
import { FIXTURE_FUNCTIONS_DIR, startTestServer, TestServer } from '../helpers/localServer';
import { alive, call, waitFor, waitForEnd } from './util';

async function startSlow(server: TestServer, seconds: number): Promise<string> {
  const created = await call(server, 'POST', '/functions/slow/runs/create', { local: false });
  const runId = created.json.function_run_id as string;
  void call(server, 'POST', `/functions/slow/runs/${runId}`, { variables: { seconds }, stream: false });
  await waitFor(`run ${runId} to be active`, async () => (await call(server, 'GET', `/functions/slow/runs/${runId}`)).json.status === 'active');
  return runId;
}

describe('local server: processes', function () {
  this.timeout(30_000);

  describe('concurrency', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, maxConcurrent: 3 });
    });
    after(() => server.close());

    it('runs up to --max-concurrent at once, answers 429 past it without creating a run, and accepts again once one ends', async () => {
      const running = await Promise.all([startSlow(server, 30), startSlow(server, 30), startSlow(server, 30)]);
      const before = (await call(server, 'GET', '/functions/slow/runs/?only_active=false&page_size=1000')).json.items.length;

      const refused = await call(server, 'POST', '/functions/slow/runs/start', { variables: { seconds: 0 }, stream: false });
      assert.strictEqual(refused.status, 429);
      assert.deepStrictEqual(refused.json, { message: 'Rate limit exceeded', detail: 'Please wait before making more requests' });
      assert.ok(Number(refused.headers.get('retry-after')) >= 1);
      assert.strictEqual(refused.headers.get('x-ratelimit-limit'), '3');
      assert.strictEqual(refused.headers.get('x-ratelimit-remaining'), '0');
      assert.ok(Number(refused.headers.get('x-ratelimit-reset')) >= Math.floor(Date.now() / 1000));
      const streamed = await fetch(`${server.url}/functions/slow/runs/start`, {
        method: 'POST',
        headers: server.headers,
        body: JSON.stringify({ variables: { seconds: 0 }, stream: true }),
      });
      // The SDK's error text is the status line, and the docs' retry recipe looks for "rate limit" in it.
      assert.deepStrictEqual([streamed.status, streamed.statusText], [429, 'Rate limit exceeded']);
      await streamed.body?.cancel();

      // Starting a created run past the limit is refused too, and the run stays created.
      const created = await call(server, 'POST', '/functions/slow/runs/create', { local: false });
      const startCreated = await call(server, 'POST', `/functions/slow/runs/${created.json.function_run_id}`, { variables: { seconds: 0 }, stream: false });
      assert.strictEqual(startCreated.status, 429);
      const kept = (await call(server, 'GET', `/functions/slow/runs/${created.json.function_run_id}`)).json;
      assert.deepStrictEqual([kept.status, kept.started], ['active', false], 'still created, not started');
      const after = (await call(server, 'GET', '/functions/slow/runs/?only_active=false&page_size=1000')).json.items.length;
      assert.strictEqual(after, before + 1, 'only the explicitly created run was added');

      await call(server, 'DELETE', `/functions/slow/runs/${running[0]}`);
      const accepted = await call(server, 'POST', `/functions/slow/runs/${created.json.function_run_id}`, { variables: { seconds: 0 }, stream: false });
      assert.strictEqual(accepted.status, 200);
      assert.strictEqual(accepted.json.status, 'closed');
      await Promise.all(running.slice(1).map((id) => call(server, 'DELETE', `/functions/slow/runs/${id}`)));
    });

    it('lets exactly the limit through when many starts arrive at once', async () => {
      // Streamed starts answer as soon as the run starts, so slow runs need not end for the count.
      const responses = await Promise.all(
        Array.from({ length: 8 }, () =>
          fetch(`${server.url}/functions/slow/runs/start`, { method: 'POST', headers: server.headers, body: JSON.stringify({ variables: { seconds: 30 }, stream: true }) }),
        ),
      );
      const statuses = responses.map((r) => r.status).sort();
      assert.deepStrictEqual(statuses, [200, 200, 200, 429, 429, 429, 429, 429]);
      const active = await call(server, 'GET', '/functions/slow/runs/');
      assert.strictEqual(active.json.items.filter((r: { status: string }) => r.status === 'active').length, 3);
      await Promise.all(active.json.items.map((r: { function_run_id: string }) => call(server, 'DELETE', `/functions/slow/runs/${r.function_run_id}`)));
      await Promise.all(responses.map((r) => r.text()));
    });
  });

  describe('stop and timeout', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR });
    });
    after(() => server.close());

    it('ends the whole process tree at once on stop', async function () {
      if (process.platform === 'win32') this.skip();
      const created = await call(server, 'POST', '/functions/spawns_child/runs/create', { local: false });
      const runId = created.json.function_run_id;
      const started = call(server, 'POST', `/functions/spawns_child/runs/${runId}`, { variables: {}, stream: false });
      const line = await waitFor('the pids line', async () =>
        (await call(server, 'GET', `/functions/spawns_child/runs/${runId}`)).json.logs.find((l: string) => / pids \d+ \d+$/.test(l)),
      );
      const [pythonPid, childPid] = /pids (\d+) (\d+)$/.exec(line)!.slice(1).map(Number);
      assert.ok(alive(pythonPid) && alive(childPid));
      const startedAt = Date.now();
      const stopped = await call(server, 'DELETE', `/functions/spawns_child/runs/${runId}`);
      assert.strictEqual(stopped.status, 200);
      assert.ok(Date.now() - startedAt < 3000, 'the stop was quick');
      await waitFor('both processes to be gone', () => !alive(pythonPid) && !alive(childPid), 3000);
      const final = await started;
      assert.strictEqual(final.json.status, 'failed');
      const run = await call(server, 'GET', `/functions/spawns_child/runs/${runId}`);
      assert.strictEqual(run.json.status, 'failed');
      assert.match(run.json.result, /stopped/);
      assert.strictEqual(run.json.stop_reason, 'user');
    });

    it('ends on stop what the function started outside its process group: a child in a session of its own, a daemon', async function () {
      if (process.platform !== 'linux') this.skip();
      const created = await call(server, 'POST', '/functions/spawns_detached/runs/create', { local: false });
      const runId = created.json.function_run_id;
      const started = call(server, 'POST', `/functions/spawns_detached/runs/${runId}`, { variables: {}, stream: false });
      const line = await waitFor('the pids line', async () =>
        (await call(server, 'GET', `/functions/spawns_detached/runs/${runId}`)).json.logs.find((l: string) => / pids \d+ \d+ \d+$/.test(l)),
      );
      const pids = /pids (\d+) (\d+) (\d+)$/.exec(line)!.slice(1).map(Number);
      try {
        assert.ok(pids.every(alive), 'all three run before the stop');
        assert.strictEqual((await call(server, 'DELETE', `/functions/spawns_detached/runs/${runId}`)).status, 200);
        await waitFor('the function, its detached child and its daemon to be gone', () => !pids.some(alive), 10_000);
        assert.strictEqual((await started).json.status, 'failed');
      } finally {
        for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
      }
    });

    it('stops a created run that never started', async () => {
      const created = await call(server, 'POST', '/functions/slow/runs/create', { local: false });
      const stopped = await call(server, 'DELETE', `/functions/slow/runs/${created.json.function_run_id}`);
      assert.strictEqual(stopped.json.status, 'stopped');
      const run = await call(server, 'GET', `/functions/slow/runs/${created.json.function_run_id}`);
      assert.strictEqual(run.json.status, 'failed');
    });

    it('stops a run that outlives the timeout, the same way', async () => {
      // A timeout of its own, long enough for Python to start and print on a loaded machine (the
      // other tests here would be cut short by one this short).
      const timed = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, runTimeoutSeconds: 4.5 });
      try {
        const answer = await call(timed, 'POST', '/functions/slow/runs/start', { variables: { seconds: 30 }, stream: false });
        assert.strictEqual(answer.json.status, 'failed');
        assert.match(answer.json.result, /longer than 4.5 s/);
        const run = await waitForEnd(timed, 'slow', answer.json.function_run_id);
        assert.strictEqual(run.json.stop_reason, 'timeout');
        assert.ok(run.json.logs.some((l: string) => l.endsWith('| sleeping 30')));
      } finally {
        await timed.close();
      }
    });

    it('fails a run cleanly when python cannot be started', async () => {
      const broken = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, python: '/nonexistent/python3' });
      try {
        const answer = await call(broken, 'POST', '/functions/slow/runs/start', { variables: {}, stream: false });
        assert.strictEqual(answer.status, 200);
        assert.strictEqual(answer.json.status, 'failed');
        assert.match(answer.json.result, /Could not start \/nonexistent\/python3/);
      } finally {
        await broken.close();
      }
    });
  });
});
