// Sessions belong to runs: a run's function gets NOTTE_API_URL and a key of its own run, opens a session
// with them (the standard library's HTTP client here), the session is the run's (session_id, the
// stream's session_start) and closes when the run ends however it ends; a local run asks for its key.
// After 50 runs that each open a session, no browser process or context is left.
import * as assert from 'assert';
import * as path from 'path';
import { startTestServer, TestServer } from '../../helpers/localServer';
import { call, stream, waitFor, waitForEnd } from '../util';
import { act, FIXTURES_DIR, processesInGroups } from './helpers';

describe('local server: browser sessions of runs', function () {
  this.timeout(240_000);
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ functionsDir: path.join(FIXTURES_DIR, 'functions'), maxConcurrent: 10, maxSessions: 5, browserTuning: { browserIdleCloseMs: 500 } });
  });
  after(async () => server?.close());

  const sessionOf = (id: string) => call(server, 'GET', `/sessions/${id}`);

  it("gives the run its own key: the session is the run's, shown in its stream, and closed when the run ends", async () => {
    const read = await stream(server, '/functions/opens_session/runs/start', { variables: {}, stream: true });
    const final = JSON.parse(read.data[read.data.length - 1].message);
    assert.strictEqual(final.status, 'closed', final.result);
    const result = JSON.parse(final.result);
    assert.strictEqual(result.functions_status, 403, "the run's key opens its sessions, not the functions");
    assert.strictEqual(result.title, '# Notte Local Shop', 'the function reached the server-served page');
    const starts = read.data.filter((e) => e.type === 'session_start');
    assert.deepStrictEqual(
      starts.map((e) => e.message),
      [result.session_id],
    );
    const order = read.data.map((e) => e.type);
    assert.ok(order.indexOf('session_start') < order.indexOf('result'));
    assert.strictEqual(final.session_id, result.session_id);
    const run = (await call(server, 'GET', `/functions/opens_session/runs/${final.function_run_id}`)).json;
    assert.strictEqual(run.session_id, result.session_id);
    const session = await waitFor('the session to close', async () => {
      const got = (await sessionOf(result.session_id)).json;
      return got.status === 'closed' ? got : undefined;
    });
    assert.strictEqual(session.error, 'Its run ended.');
    assert.strictEqual(session.run_id, final.function_run_id);
  });

  it('closes the session of a run that fails and of a run that is stopped', async () => {
    const failed = (await call(server, 'POST', '/functions/opens_session/runs/start', { variables: { then: 'fail' }, stream: false })).json;
    assert.strictEqual(failed.status, 'failed');
    const closedByFailure = await waitFor('the failed run session to close', async () => {
      const got = (await sessionOf(failed.session_id)).json;
      return got.status === 'closed' ? got : undefined;
    });
    assert.strictEqual(closedByFailure.error, 'Its run failed.');

    const created = (await call(server, 'POST', '/functions/opens_session/runs/create', { local: false })).json;
    const answer = call(server, 'POST', `/functions/opens_session/runs/${created.function_run_id}`, { variables: { then: 'wait' }, stream: false });
    const sessionId = await waitFor(
      'the waiting run to have a session',
      async () => (await call(server, 'GET', `/functions/opens_session/runs/${created.function_run_id}`)).json.session_id ?? undefined,
    );
    assert.strictEqual((await sessionOf(sessionId)).json.status, 'active');
    await call(server, 'DELETE', `/functions/opens_session/runs/${created.function_run_id}`);
    await answer;
    const closedByStop = await waitFor('the stopped run session to close', async () => {
      const got = (await sessionOf(sessionId)).json;
      return got.status === 'closed' ? got : undefined;
    });
    // Said as it happened: the run was stopped, not "failed" as the service records a stopped run.
    assert.strictEqual(closedByStop.error, 'Its run was stopped by the user.');
  });

  it("keeps a run's key to that run: other sessions are unknown to it, and it stops working when the run ends", async () => {
    const created = (await call(server, 'POST', '/functions/opens_session/runs/create', { local: true })).json;
    const keyAnswer = await call(server, 'POST', `/functions/opens_session/runs/${created.function_run_id}/key`, {});
    assert.strictEqual(keyAnswer.status, 200);
    assert.strictEqual(keyAnswer.json.api_url, server.url);
    const runKey = keyAnswer.json.api_key as string;
    assert.notStrictEqual(runKey, server.key);
    const asRun = { url: server.url, headers: { Authorization: `Bearer ${runKey}`, 'Content-Type': 'application/json' } };
    const mine = (await call(asRun, 'POST', '/sessions/start', {})).json.session_id;
    const other = (await call(server, 'POST', '/sessions/start', {})).json.session_id;
    try {
      assert.strictEqual((await call(server, 'GET', `/functions/opens_session/runs/${created.function_run_id}`)).json.session_id, mine);
      assert.strictEqual((await call(asRun, 'GET', `/sessions/${other}`)).status, 404, "another session is not the run's to see");
      assert.deepStrictEqual(
        (await call(asRun, 'GET', '/sessions/')).json.items.map((s: { session_id: string }) => s.session_id),
        [mine],
      );
      // Refused, saying why: a function calling another function once read "Missing or invalid API key".
      const functions = await call(asRun, 'GET', '/functions/');
      assert.strictEqual(functions.status, 403);
      assert.match(functions.json.detail, /run's own key .* browser sessions only, so a function cannot call other functions here/);
      assert.strictEqual((await call(asRun, 'POST', `/functions/opens_session/runs/${created.function_run_id}/key`, {})).status, 403, 'a run key cannot mint keys');
      assert.strictEqual(
        (await call({ ...asRun, headers: { ...asRun.headers, Authorization: 'Bearer run-nope.bad' } }, 'GET', '/functions/')).status,
        401,
        'a forged run key is no key',
      );
      // A relative upload path is read from the folder of the run's function file, where the server starts its runs.
      await act(asRun, mine, { type: 'goto', url: `${server.url}/pages/blank` });
      await act(asRun, mine, { type: 'evaluate_js', code: "document.body.innerHTML = '<input type=file id=f>'; 1" });
      const uploaded = await act(asRun, mine, { type: 'upload_file', selector: '#f', file_path: 'opens_session.py' });
      assert.strictEqual(uploaded.success, true, uploaded.message);
      assert.strictEqual((await act(asRun, mine, { type: 'evaluate_js', code: "document.getElementById('f').files[0].name" })).data.markdown, 'opens_session.py');
      const missing = await act(asRun, mine, { type: 'upload_file', selector: '#f', file_path: './no-such-file.txt' });
      assert.strictEqual(missing.success, false);
      assert.ok(missing.message.includes(`./no-such-file.txt (read from ${path.join(FIXTURES_DIR, 'functions')})`), missing.message);
      // The local run reports its end (with session_id null, as the SDK sends it): its session closes, stays the run's, and its key stops working.
      await call(server, 'PATCH', `/functions/opens_session/runs/${created.function_run_id}`, { status: 'closed', result: 'done', logs: [], session_id: null });
      assert.strictEqual((await call(server, 'GET', `/functions/opens_session/runs/${created.function_run_id}`)).json.session_id, mine);
      await waitFor('the local run session to close', async () => ((await sessionOf(mine)).json.status === 'closed' ? true : undefined));
      assert.strictEqual((await call(asRun, 'GET', `/sessions/${mine}`)).status, 401);
      assert.strictEqual((await call(server, 'POST', `/functions/opens_session/runs/${created.function_run_id}/key`, {})).status, 409);
    } finally {
      await call(server, 'DELETE', `/sessions/${other}/stop`);
    }
  });

  it('leaves no browser process or context after 50 runs that each open a session', async () => {
    const pgids = new Set<number>();
    const contexts: number[] = [];
    const one = async () => {
      const final = (await call(server, 'POST', '/functions/opens_session/runs/start', { variables: {}, stream: false })).json;
      assert.strictEqual(final.status, 'closed', final.result);
      for (const pid of server.local!.browser.loaded!.manager.browserPids()) pgids.add(pid);
      return final;
    };
    // Five at a time: the most sessions this server allows at once.
    for (let batch = 0; batch < 10; batch++) {
      const finals = await Promise.all([one(), one(), one(), one(), one()]);
      assert.strictEqual(new Set(finals.map((f) => f.session_id)).size, 5);
      contexts.push(...server.local!.browser.loaded!.manager.browserContexts());
    }
    assert.ok(pgids.size >= 1);
    await waitFor('every session to close', async () => (server.local!.browser.loaded!.manager.activeCount === 0 ? true : undefined), 60_000);
    // Never more contexts than sessions at once (and the browser's default one and the encoder's).
    assert.ok(Math.max(...contexts) <= 5 + 2, JSON.stringify(contexts));
    // Each run's context is gone once its run ended: what stays is the default one and the encoder's.
    await waitFor('the sessions contexts to close', async () => (Math.max(...server.local!.browser.loaded!.manager.browserContexts(), 0) <= 2 ? true : undefined), 60_000);
    await waitFor('the idle browser to close', async () => (server.local!.browser.loaded!.manager.browserPids().length === 0 ? true : undefined), 60_000);
    await waitFor('no browser process to be left', async () => (processesInGroups([...pgids]).length === 0 ? true : undefined), 10_000);
    const runs = (await call(server, 'GET', '/functions/opens_session/runs?only_active=false&page_size=100')).json.items;
    assert.ok(runs.filter((r: { session_id: string | null }) => r.session_id).length >= 50);
    for (const run of runs.slice(0, 5)) await waitForEnd(server, 'opens_session', run.function_run_id);
  });

  it("says in the run's log when its session ended on its own (its browser was killed), before the function's own failure", async () => {
    const created = (await call(server, 'POST', '/functions/opens_session/runs/create', { local: false })).json;
    const runId = created.function_run_id as string;
    const answer = call(server, 'POST', `/functions/opens_session/runs/${runId}`, { variables: { then: 'wait' }, stream: false });
    const sessionId = await waitFor('the run to have a session', async () => (await call(server, 'GET', `/functions/opens_session/runs/${runId}`)).json.session_id ?? undefined);
    for (const pid of server.local!.browser.loaded!.manager.browserPids()) process.kill(pid, 'SIGKILL');
    const said = await waitFor("the warning in the run's log", async () => {
      const logs = (await call(server, 'GET', `/functions/opens_session/runs/${runId}`)).json.logs as string[];
      return logs.find((line) => line.includes(`The browser session ${sessionId} was closed:`));
    });
    assert.match(said, / \| WARNING +\| local-server \| The browser session \S+ was closed: The browser stopped: .+/);
    await call(server, 'DELETE', `/functions/opens_session/runs/${runId}`);
    await answer;
  });
});
