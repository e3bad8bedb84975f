// Hostile input is answered, never fatal: a body nested thousands of levels deep is a 422 before
// anything is created or started (no concurrency slot lost, nothing kept), a schedule that cannot be
// saved is never half-taken, and what escapes a timer or a request is logged while the server goes on.
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { jsonDepth, MAX_JSON_DEPTH } from '../../../src/server/http';
import { Schedules } from '../../../src/server/schedules';
import { FIXTURE_FUNCTIONS_DIR, spawnServerProcess, startTestServer, tempDir, TestServer } from '../helpers/localServer';
import { alive, call, waitFor } from './util';

/** `{"variables": {"deep": [[[...]]]}}` with `levels` nested arrays (about 10 KB for 5,000). */
function nestedBody(levels: number, extra = ''): string {
  return `{${extra}"variables":{"deep":${'['.repeat(levels)}${']'.repeat(levels)}}}`;
}

describe('local server: hostile input', function () {
  this.timeout(60_000);

  it('counts the nesting of a JSON text outside its strings, without recursion', () => {
    assert.strictEqual(jsonDepth('{"a": [1, {"b": "[[[{{{\\"]]]"}]}'), 3);
    assert.strictEqual(jsonDepth('"[[["'), 0);
    assert.strictEqual(jsonDepth('['.repeat(1_000_000) + ']'.repeat(1_000_000)), 1_000_000);
    assert.strictEqual(jsonDepth('['.repeat(1_000_000), 10), 11, 'stops just past the bound');
  });

  describe('a body nested 5,000 levels deep', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, maxConcurrent: 10 });
    });
    after(() => server.close());

    it('answers 422 naming the problem on every start (streamed or not, in one call or of a created run), losing no concurrency slot', async () => {
      const created = await call(server, 'POST', '/functions/slow/runs/create', { local: false });
      const createdId: string = created.json.function_run_id;
      const attempts: [string, string][] = [];
      for (let i = 0; i < 10; i++) {
        const stream = i % 2 === 0 ? '"stream":true,' : '"stream":false,';
        attempts.push(i % 3 === 0 ? [`/functions/slow/runs/${createdId}`, nestedBody(5000, stream)] : ['/functions/slow/runs/start', nestedBody(5000, stream)]);
      }
      for (const [route, body] of attempts) {
        const answer = await call(server, 'POST', route, body);
        assert.strictEqual(answer.status, 422, `${route}: ${answer.text.slice(0, 200)}`);
        assert.match(answer.json.message, new RegExp(`^Request validation failed: body: .*more than ${MAX_JSON_DEPTH} levels deep`));
        assert.deepStrictEqual(
          answer.json.detail.map((d: { loc: string[]; type: string }) => [d.loc, d.type]),
          [[['body'], 'value_error']],
        );
      }
      assert.strictEqual(server.local?.activeRuns(), 0);
      const untouched = (await call(server, 'GET', `/functions/slow/runs/${createdId}`)).json;
      assert.deepStrictEqual([untouched.status, untouched.started], ['active', false], 'the created run was not touched (not started)');
      const runs = await call(server, 'GET', '/functions/slow/runs/?only_active=false&page_size=100');
      assert.deepStrictEqual(
        runs.json.items.map((r: { function_run_id: string }) => r.function_run_id),
        [createdId],
        'no run was created by a refused start',
      );
      assert.strictEqual((await call(server, 'GET', '/functions/')).status, 200);

      // Every slot is still free: ten runs start at once (a streamed start answers once its run started).
      const streams = await Promise.all(
        Array.from({ length: 10 }, () =>
          fetch(`${server.url}/functions/slow/runs/start`, { method: 'POST', headers: server.headers, body: JSON.stringify({ variables: { seconds: 30 }, stream: true }) }),
        ),
      );
      try {
        assert.deepStrictEqual(
          streams.map((r) => r.status),
          Array(10).fill(200),
        );
        assert.strictEqual(server.local?.activeRuns(), 10);
      } finally {
        const active = await call(server, 'GET', '/functions/slow/runs/?page_size=100');
        await Promise.all(
          active.json.items
            .filter((r: { status: string }) => r.status === 'active')
            .map((r: { function_run_id: string }) => call(server, 'DELETE', `/functions/slow/runs/${r.function_run_id}`)),
        );
        await Promise.all(streams.map((r) => r.text()));
      }
    });

    it('runs a start nested just inside the bound: Python reads it, and answers it back', async () => {
      const levels = MAX_JSON_DEPTH - 3;
      const body = `{"stream":false,"variables":{"seconds":0,"value":${'['.repeat(levels)}${']'.repeat(levels)}}}`;
      const answer = await call(server, 'POST', '/functions/slow/runs/start', body);
      assert.strictEqual(answer.json.status, 'closed', answer.text.slice(0, 300));
      assert.strictEqual(jsonDepth(answer.json.result), levels);
    });

    it('answers 422 on POST schedule and keeps nothing of it: the listing and the schedule stay readable', async () => {
      const answer = await call(server, 'POST', '/functions/slow/schedule', nestedBody(5000, '"cron":"* * * * *",'));
      assert.strictEqual(answer.status, 422);
      assert.match(answer.json.message, new RegExp(`more than ${MAX_JSON_DEPTH} levels deep`));
      assert.strictEqual((await call(server, 'GET', '/functions/slow/schedule')).status, 404);
      const listed = await call(server, 'GET', '/functions/?page_size=100');
      assert.strictEqual(listed.status, 200);
      assert.strictEqual(listed.json.items.find((f: { function_id: string }) => f.function_id === 'slow').schedule, null);
      // A body just inside the bound is taken, and shows.
      const deepest = await call(server, 'POST', '/functions/slow/schedule', nestedBody(MAX_JSON_DEPTH - 2, '"cron":"0 0 1 1 *",'));
      assert.strictEqual(deepest.status, 200, deepest.text);
      assert.strictEqual((await call(server, 'GET', '/functions/slow')).status, 200);
      await call(server, 'DELETE', '/functions/slow/schedule');
    });
  });

  it('answers a request Node cannot read (headers too large, not HTTP) with a JSON body saying why, and goes on serving', async () => {
    const server = await startTestServer();
    try {
      const { port } = new URL(server.url);
      const raw = (text: string) =>
        new Promise<string>((resolve, reject) => {
          const socket = net.connect(Number(port), '127.0.0.1', () => socket.end(text));
          let answer = '';
          socket.on('data', (chunk) => (answer += chunk));
          socket.on('close', () => resolve(answer));
          socket.on('error', reject);
        });
      const cases: [string, number, RegExp][] = [
        [`GET /functions/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`, 431, /headers are too large/],
        ['NOT HTTP AT ALL\r\n\r\n', 400, /not a valid HTTP request/],
      ];
      for (const [request, status, detail] of cases) {
        const answer = await raw(request);
        const [head, body] = answer.split('\r\n\r\n');
        assert.match(head, new RegExp(`^HTTP/1\\.1 ${status} `), answer.slice(0, 200));
        assert.match(head, /content-type: application\/json/i);
        const json = JSON.parse(body);
        assert.ok(json.message, body);
        assert.match(json.detail, detail);
      }
      assert.strictEqual((await call(server, 'GET', '/health')).status, 200);
    } finally {
      await server.close();
    }
  });

  it('frees the slot of a run whose process cannot start, and ends it failed with the reason', async () => {
    const broken = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, python: '/nonexistent/python3', maxConcurrent: 1 });
    try {
      const answers = await Promise.all(Array.from({ length: 6 }, () => call(broken, 'POST', '/functions/slow/runs/start', { variables: {}, stream: false })));
      for (const answer of answers) {
        assert.strictEqual(answer.status, 200, 'not refused for a slot a run that never started held');
        assert.deepStrictEqual(answer.json.status, 'failed');
        assert.match(answer.json.result, /Could not start \/nonexistent\/python3/);
      }
      assert.strictEqual(broken.local?.activeRuns(), 0);
    } finally {
      await broken.close();
    }
  });

  it('one schedule whose firing throws is logged, and the others due in that minute still fire', () => {
    const dir = tempDir('notte-local-sched-');
    try {
      const logs: string[] = [];
      const schedules = new Schedules(dir, (line) => logs.push(line));
      for (const id of ['a', 'b', 'c']) schedules.set(id, '* * * * *', {});
      const fired: string[] = [];
      schedules.fireDue(new Date(), (id) => {
        if (id === 'b') throw new Error('boom');
        fired.push(id);
      });
      assert.deepStrictEqual(fired, ['a', 'c']);
      assert.ok(
        logs.some((line) => line.includes('schedule of b') && line.includes('boom')),
        logs.join('\n'),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a schedule read from disk that cannot be saved or sent is left out: the timer goes on firing the others, the process stays up', async () => {
    const dataDir = tempDir('notte-local-hostile-');
    const logs: string[] = [];
    // Too deep for JSON.stringify (and for Python's json): written by hand, as nothing of the server writes it.
    const hostile = `{"cron":"* * * * *","created_at":"2026-01-01T00:00:00.000Z","variables":{"deep":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`;
    const fine = JSON.stringify({ cron: '* * * * *', created_at: '2026-01-01T00:00:00.000Z', variables: { n: 3 } });
    fs.writeFileSync(path.join(dataDir, 'schedules.json'), `{"slow":${hostile},"chatty":${fine}}`);
    const server = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir, schedules: true, scheduleTickMs: 200, log: (line) => logs.push(line) });
    try {
      const fired = await waitFor(
        'the fine schedule to fire',
        async () => (await call(server, 'GET', '/functions/chatty/runs/?only_active=false')).json.items.find((r: { status: string }) => r.status === 'closed'),
        15_000,
      );
      assert.strictEqual(fired.result, '{"printed": 3}');
      assert.ok(
        logs.some((line) => /schedule of slow .* left out: its variables cannot be JSON/.test(line)),
        logs.join('\n'),
      );
      assert.strictEqual((await call(server, 'GET', '/functions/slow/schedule')).status, 404);
      assert.strictEqual((await call(server, 'GET', '/functions/?page_size=100')).status, 200);
      assert.deepStrictEqual((await call(server, 'GET', '/functions/slow/runs/?only_active=false')).json.items, []);
    } finally {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('an error nothing else caught (a throw, a rejected promise) is logged and the server process goes on serving', async function () {
    if (process.platform === 'win32') this.skip();
    const dir = tempDir('notte-local-guard-');
    // Loaded into the server process: on SIGUSR2 it throws and rejects outside any request or timer of the server.
    const preload = path.join(dir, 'throw-on-signal.js');
    fs.writeFileSync(preload, "process.on('SIGUSR2', () => { Promise.reject(new Error('rejected by the test')); throw new Error('thrown by the test'); });\n");
    const server = await spawnServerProcess({ functionsDir: FIXTURE_FUNCTIONS_DIR, nodeArgs: ['--require', preload] });
    try {
      process.kill(server.pid, 'SIGUSR2');
      await waitFor('both errors logged', () => /thrown by the test/.test(server.stderr()) && /rejected by the test/.test(server.stderr()), 10_000);
      assert.ok(alive(server.pid));
      assert.strictEqual((await call(server, 'GET', '/functions/')).status, 200);
      const run = await call(server, 'POST', '/functions/slow/runs/start', { variables: { seconds: 0 }, stream: false });
      assert.strictEqual(run.json.status, 'closed');
    } finally {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
