// Simulated browser sessions (--sessions): session ids on runs, GET /sessions/{id}, the viewer page,
// the replay (still active, not ready yet, then a video), persistence, and nothing of it by default.
import * as assert from 'assert';
import * as fs from 'fs';
import { parseArgs } from '../../../src/server/cli';
import { EXAMPLE_FUNCTIONS_DIR, spawnServerProcess, startTestServer, tempDir, TestServer } from '../helpers/localServer';
import { call, sleep, stream, waitFor, waitForEnd } from './util';

/** Starts run_until_stopped without waiting for its answer; resolves once it is active. */
async function startEndless(server: TestServer): Promise<{ runId: string; sessionId: string; answer: Promise<unknown> }> {
  const created = await call(server, 'POST', '/functions/run_until_stopped/runs/create', { local: false });
  const runId = created.json.function_run_id;
  const answer = call(server, 'POST', `/functions/run_until_stopped/runs/${runId}`, { variables: { interval: 0.05 }, stream: false });
  const run = await waitFor('the run to be active', async () => {
    const got = await call(server, 'GET', `/functions/run_until_stopped/runs/${runId}`);
    return got.json.status === 'active' && got.json.logs.length > 0 ? got.json : undefined;
  });
  return { runId, sessionId: run.session_id, answer };
}

describe('local server: simulated sessions', function () {
  this.timeout(30_000);

  describe('without --sessions', () => {
    let server: TestServer;
    before(async () => (server = await startTestServer({ functionsDir: EXAMPLE_FUNCTIONS_DIR })));
    after(async () => server.close());

    it('gives runs no session: session_id null, no session_start event', async () => {
      const read = await stream(server, '/functions/echo_variables/runs/start', { variables: { name: 'x' }, stream: true });
      assert.ok(!read.data.some((e) => e.type === 'session_start'));
      const final = JSON.parse(read.data[read.data.length - 1].message);
      assert.strictEqual(final.session_id, null);
      const run = await call(server, 'GET', `/functions/echo_variables/runs/${final.function_run_id}`);
      assert.strictEqual(run.json.session_id, null);
      assert.ok(!('started_at' in run.json));
    });

    it('answers 404 {message, detail} on every /sessions route, and keeps them behind the key', async () => {
      for (const path of ['/sessions/sess_x', '/sessions/sess_x/replay', '/sessions/sess_x/viewer?expires=1&token=t', '/sessions/sess_x/replay.mp4?expires=1&token=t']) {
        const answer = await call(server, 'GET', path);
        assert.strictEqual(answer.status, 404, path);
        assert.ok(answer.json.message && answer.json.detail, path);
        assert.strictEqual((await call(server, 'GET', path, undefined, {})).status, 401, path);
      }
    });
  });

  describe('with --sessions', () => {
    let server: TestServer;
    before(async () => (server = await startTestServer({ functionsDir: EXAMPLE_FUNCTIONS_DIR, sessions: true })));
    after(async () => server.close());

    it('streams session_start first, and shows the same id on the run and in the result', async () => {
      const read = await stream(server, '/functions/progress_report/runs/start', { variables: { steps: 2, delay: 0.05 }, stream: true });
      assert.strictEqual(read.data[0].type, 'session_start');
      const sessionId = read.data[0].message;
      assert.match(sessionId, /^sess_[0-9a-f-]{36}$/);
      assert.strictEqual(read.data.filter((e) => e.type === 'session_start').length, 1);
      assert.strictEqual(read.data[1].type, 'log');
      const final = JSON.parse(read.data[read.data.length - 1].message);
      assert.strictEqual(final.session_id, sessionId);
      const run = await call(server, 'GET', `/functions/progress_report/runs/${final.function_run_id}`);
      assert.strictEqual(run.json.session_id, sessionId);

      const plain = await call(server, 'POST', '/functions/echo_variables/runs/start', { variables: {}, stream: false });
      assert.match(plain.json.session_id, /^sess_/);
      assert.notStrictEqual(plain.json.session_id, sessionId);
    });

    it('answers the session with a signed local viewer_url (not the key) and 404 for an unknown one', async () => {
      const { runId, sessionId, answer } = await startEndless(server);
      try {
        const session = await call(server, 'GET', `/sessions/${sessionId}`);
        assert.strictEqual(session.status, 200);
        assert.strictEqual(session.json.session_id, sessionId);
        assert.strictEqual(session.json.status, 'active');
        const viewer = new URL(session.json.viewer_url);
        assert.strictEqual(`${viewer.origin}${viewer.pathname}`, `${server.url}/sessions/${sessionId}/viewer`);
        assert.ok(viewer.searchParams.get('token'));
        assert.ok(!session.json.viewer_url.includes(server.key));

        const page = await call(server, 'GET', viewer.pathname + viewer.search, undefined, {});
        assert.strictEqual(page.status, 200);
        assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
        assert.match(page.text, /stand-in for the live browser viewer/);
        assert.match(page.text, /heartbeat 1/);

        const forged = new URLSearchParams(viewer.search);
        forged.set('token', server.key);
        assert.strictEqual((await call(server, 'GET', `${viewer.pathname}?${forged}`, undefined, {})).status, 401);
        assert.strictEqual((await call(server, 'GET', `/sessions/${sessionId}`, undefined, {})).status, 401);
        const unknown = await call(server, 'GET', '/sessions/sess_unknown');
        assert.strictEqual(unknown.status, 404);
        assert.ok(unknown.json.message && unknown.json.detail);
      } finally {
        await call(server, 'DELETE', `/functions/run_until_stopped/runs/${runId}`);
        await answer;
      }
    });

    it('answers the replay: "still active", then "not ready yet", then a signed mp4 url', async () => {
      const { runId, sessionId, answer } = await startEndless(server);
      await sleep(300);
      const active = await call(server, 'GET', `/sessions/${sessionId}/replay`);
      assert.strictEqual(active.status, 404);
      assert.match(active.json.message, /still active/);
      assert.match(active.json.detail, /still active/);

      await call(server, 'DELETE', `/functions/run_until_stopped/runs/${runId}`);
      await answer;
      assert.strictEqual((await call(server, 'GET', `/sessions/${sessionId}`)).json.status, 'closed');
      const early = await call(server, 'GET', `/sessions/${sessionId}/replay`);
      assert.strictEqual(early.status, 404);
      assert.match(early.json.message, /not ready yet/);

      const replay = await waitFor(
        'the replay',
        async () => {
          const got = await call(server, 'GET', `/sessions/${sessionId}/replay`);
          return got.status === 200 ? got.json : undefined;
        },
        3000,
      );
      assert.ok(replay.mp4_url.startsWith(`${server.url}/sessions/${sessionId}/replay.mp4?`));
      assert.ok(!replay.mp4_url.includes(server.key));
      assert.ok(Date.parse(replay.expires_at) > Date.now());
      assert.strictEqual(replay.video_start_ms, 0);
      assert.ok(replay.video_duration_ms >= 300 && replay.video_duration_ms < 10_000, String(replay.video_duration_ms));

      const video = await fetch(replay.mp4_url);
      assert.strictEqual(video.status, 200);
      // The stand-in clip: WebM (its EBML magic number), under the API's .mp4 name.
      assert.strictEqual(video.headers.get('content-type'), 'video/webm');
      assert.strictEqual(video.headers.get('accept-ranges'), 'bytes');
      const bytes = Buffer.from(await video.arrayBuffer());
      assert.deepStrictEqual([...bytes.subarray(0, 4)], [0x1a, 0x45, 0xdf, 0xa3]);
      assert.ok(bytes.length > 10_000 && bytes.length < 150_000, String(bytes.length));
      assert.strictEqual(Number(video.headers.get('content-length')), bytes.length);
      assert.strictEqual((await fetch(replay.mp4_url.replace(/token=[^&]+/, 'token=nope'))).status, 401);
    });

    it('answers byte ranges of the replay video (206 with Content-Range), so a player can seek', async () => {
      const plain = await call(server, 'POST', '/functions/echo_variables/runs/start', { variables: {}, stream: false });
      const replay = await waitFor(
        'the replay',
        async () => {
          const got = await call(server, 'GET', `/sessions/${plain.json.session_id}/replay`);
          return got.status === 200 ? got.json : undefined;
        },
        3000,
      );
      const whole = Buffer.from(await (await fetch(replay.mp4_url)).arrayBuffer());
      const size = whole.length;
      const ranged = async (range: string) => {
        const answer = await fetch(replay.mp4_url, { headers: { Range: range } });
        return {
          status: answer.status,
          contentRange: answer.headers.get('content-range'),
          length: answer.headers.get('content-length'),
          type: answer.headers.get('content-type'),
          body: Buffer.from(await answer.arrayBuffer()),
        };
      };
      const first = await ranged('bytes=0-99');
      assert.deepStrictEqual([first.status, first.contentRange, first.length, first.type], [206, `bytes 0-99/${size}`, '100', 'video/webm']);
      assert.ok(first.body.equals(whole.subarray(0, 100)));
      const rest = await ranged('bytes=1000-');
      assert.deepStrictEqual([rest.status, rest.contentRange], [206, `bytes 1000-${size - 1}/${size}`]);
      assert.ok(rest.body.equals(whole.subarray(1000)));
      const tail = await ranged('bytes=-500');
      assert.deepStrictEqual([tail.status, tail.contentRange], [206, `bytes ${size - 500}-${size - 1}/${size}`]);
      assert.ok(tail.body.equals(whole.subarray(size - 500)));
      const past = await ranged(`bytes=${size}-`);
      assert.deepStrictEqual([past.status, past.contentRange, past.body.length], [416, `bytes */${size}`, 0]);
      const several = await ranged('bytes=0-1,5-9');
      assert.deepStrictEqual([several.status, several.body.length], [200, size], 'several ranges: the whole body');
    });
  });

  it('keeps session ids across a restart; their sessions answer closed and have a replay', async () => {
    const dataDir = tempDir('notte-local-sessions-');
    try {
      const first = await startTestServer({ functionsDir: EXAMPLE_FUNCTIONS_DIR, dataDir, sessions: true });
      const done = await call(first, 'POST', '/functions/echo_variables/runs/start', { variables: {}, stream: false });
      const { sessionId: cut } = await startEndless(first);
      await first.close(); // stops the endless run (shutdown)

      const second = await startTestServer({ functionsDir: EXAMPLE_FUNCTIONS_DIR, dataDir, sessions: true });
      try {
        for (const sessionId of [done.json.session_id, cut]) {
          const session = await call(second, 'GET', `/sessions/${sessionId}`);
          assert.strictEqual(session.status, 200);
          assert.strictEqual(session.json.status, 'closed');
        }
        await sleep(1100);
        assert.strictEqual((await call(second, 'GET', `/sessions/${done.json.session_id}/replay`)).status, 200);
        const run = await call(second, 'GET', `/functions/echo_variables/runs/${done.json.function_run_id}`);
        assert.strictEqual(run.json.session_id, done.json.session_id);
      } finally {
        await second.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('turns on with the --sessions command-line flag (off by default)', async () => {
    assert.strictEqual(parseArgs(['--sessions'], {}).sessions, true);
    assert.strictEqual(parseArgs([], {}).sessions, undefined);
    const spawned = await spawnServerProcess({ functionsDir: EXAMPLE_FUNCTIONS_DIR, sessions: true });
    try {
      const started = await call(spawned, 'POST', '/functions/echo_variables/runs/start', { variables: {}, stream: false });
      assert.match(started.json.session_id, /^sess_/);
      await waitForEnd(spawned, 'echo_variables', started.json.function_run_id);
      assert.strictEqual((await call(spawned, 'GET', `/sessions/${started.json.session_id}`)).status, 200);
    } finally {
      await spawned.close();
    }
  });
});
