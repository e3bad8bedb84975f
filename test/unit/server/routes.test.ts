// Every route of the contract against the real server (real HTTP, real python3).
import * as assert from 'assert';
import { EXAMPLE_FUNCTIONS_DIR, FIXTURE_FUNCTIONS_DIR, startTestServer, TestServer } from '../helpers/localServer';
import { ECHO_VARIABLES } from '../helpers/examples';
import { call, waitFor } from './util';

describe('local server: routes', function () {
  this.timeout(20_000);
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ functionsDir: EXAMPLE_FUNCTIONS_DIR });
  });
  after(async () => {
    await server.close();
  });

  describe('auth', () => {
    it('answers /health without a key', async () => {
      const answer = await call(server, 'GET', '/health', undefined, {});
      assert.strictEqual(answer.status, 200);
      assert.strictEqual(answer.json.status, 'ok');
    });

    it('answers 401 {message, detail} without a key or with a wrong one', async () => {
      const attempts: Record<string, string>[] = [{}, { Authorization: 'Bearer wrong' }, { 'x-notte-api-key': 'wrong' }, { Authorization: server.key }];
      for (const headers of attempts) {
        const answer = await call(server, 'GET', '/functions/', undefined, headers);
        assert.strictEqual(answer.status, 401, JSON.stringify(headers));
        assert.strictEqual(typeof answer.json.message, 'string');
        assert.ok(answer.json.detail);
      }
    });

    it('accepts the key as Authorization: Bearer or as x-notte-api-key', async () => {
      assert.strictEqual((await call(server, 'GET', '/functions/', undefined, { Authorization: `Bearer ${server.key}` })).status, 200);
      assert.strictEqual((await call(server, 'GET', '/functions/', undefined, { 'x-notte-api-key': server.key })).status, 200);
    });
  });

  describe('functions', () => {
    it('lists the example functions with both id spellings, with and without a trailing slash', async () => {
      for (const path of ['/functions/', '/functions']) {
        const answer = await call(server, 'GET', path);
        assert.strictEqual(answer.status, 200);
        const ids = answer.json.items.map((f: { function_id: string }) => f.function_id);
        assert.deepStrictEqual(ids, ['always_fails', 'browser_shop_order', 'echo_variables', 'progress_report', 'run_until_stopped']);
        for (const f of answer.json.items) {
          assert.strictEqual(f.workflow_id, f.function_id);
          assert.match(f.function_id, /^[A-Za-z0-9_-]+$/);
          assert.ok(!Number.isNaN(Date.parse(f.created_at)) && !Number.isNaN(Date.parse(f.updated_at)));
          assert.ok(f.versions.includes(f.latest_version));
          assert.strictEqual(f.status, 'active');
        }
        assert.strictEqual(answer.json.page, 1);
        assert.strictEqual(answer.json.page_size, 10);
        assert.strictEqual(answer.json.has_next, false);
        assert.strictEqual(answer.json.has_previous, false);
      }
    });

    it('pages with page and page_size', async () => {
      const first = await call(server, 'GET', '/functions/?page=1&page_size=3');
      assert.deepStrictEqual([first.json.items.length, first.json.has_next, first.json.has_previous], [3, true, false]);
      const second = await call(server, 'GET', '/functions/?page=2&page_size=3');
      assert.deepStrictEqual([second.json.items.length, second.json.has_next, second.json.has_previous], [2, false, true]);
      assert.strictEqual(second.json.items[0].function_id, 'progress_report');
      const beyond = await call(server, 'GET', '/functions/?page=9&page_size=3');
      assert.deepStrictEqual(beyond.json.items, []);
    });

    it('describes the module docstring and the parameters of run() as ast.unparse writes them', async () => {
      const answer = await call(server, 'GET', '/functions/echo_variables');
      assert.strictEqual(answer.status, 200);
      assert.strictEqual(answer.json.description, 'Returns the variables it was given, with their Python types: handy to check what a client sends.');
      assert.deepStrictEqual(answer.json.variables, ECHO_VARIABLES);
      const fails = await call(server, 'GET', '/functions/always_fails');
      assert.deepStrictEqual(fails.json.variables[0], { name: 'message', type: 'str', default: "'boom'" });
    });

    it('gives a url from which the code downloads without the key, and refuses a tampered token', async () => {
      const answer = await call(server, 'GET', '/functions/progress_report');
      assert.match(answer.json.url, /^http:\/\/127\.0\.0\.1:\d+\/functions\/progress_report\/code\?/);
      const code = await fetch(answer.json.url);
      assert.strictEqual(code.status, 200);
      assert.match(await code.text(), /def run\(url: str = 'https:\/\/example.com', steps: int = 5/);
      const tampered = await fetch(answer.json.url.replace(/token=[^&]+/, 'token=AAAA'));
      assert.strictEqual(tampered.status, 401);
      const withKey = await call(server, 'GET', `/functions/progress_report/code?version=${answer.json.latest_version}`);
      assert.strictEqual(withKey.status, 200);
    });

    it('answers a version on request and 404 for an unknown version', async () => {
      const latest = (await call(server, 'GET', '/functions/progress_report')).json.latest_version;
      assert.strictEqual((await call(server, 'GET', `/functions/progress_report?version=${latest}`)).status, 200);
      assert.strictEqual((await call(server, 'GET', '/functions/progress_report?version=nope')).status, 404);
    });

    it('answers 404 {message, detail} for an unknown function', async () => {
      const answer = await call(server, 'GET', '/functions/does_not_exist');
      assert.strictEqual(answer.status, 404);
      assert.strictEqual(typeof answer.json.message, 'string');
      assert.match(String(answer.json.detail), /does_not_exist/);
    });

    it('answers 422 naming the query field for bad paging', async () => {
      for (const [query, field] of [
        ['page=0', 'page'],
        ['page_size=abc', 'page_size'],
        ['only_active=maybe', 'only_active'],
        ['page_size=100000', 'page_size'],
      ]) {
        const answer = await call(server, 'GET', `/functions/?${query}`);
        assert.strictEqual(answer.status, 422, query);
        assert.match(answer.json.message, new RegExp(field));
        assert.deepStrictEqual(answer.json.detail[0].loc, ['query', field]);
        assert.strictEqual(typeof answer.json.detail[0].msg, 'string');
        assert.strictEqual(typeof answer.json.detail[0].type, 'string');
      }
    });

    it('answers the legacy /workflows paths like /functions', async () => {
      const answer = await call(server, 'GET', '/workflows/progress_report');
      assert.strictEqual(answer.status, 200);
      assert.strictEqual(answer.json.workflow_id, 'progress_report');
    });

    it('answers 404 for unknown paths and 405 for a wrong method', async () => {
      assert.strictEqual((await call(server, 'GET', '/nothing/here')).status, 404);
      assert.strictEqual((await call(server, 'PUT', '/functions/progress_report')).status, 405);
    });

    it("answers what only Notte's cloud has (the SDK's profiles, personas, vaults, file storage) 501 naming it, not a bare 404", async () => {
      for (const [method, route, named] of [
        ['GET', '/profiles/?page=1&page_size=20', /^Browser profiles/],
        ['POST', '/profiles/create', /^Browser profiles/],
        ['GET', '/personas/?only_active=True&page_size=10&page=1', /^Personas/],
        ['GET', '/vaults/?only_active=True&page_size=10&page=1', /^Vaults/],
        ['GET', '/storage/uploads', /^File storage/],
        ['GET', '/managed-auth/abc', /^Managed authentication/],
      ] as const) {
        const answer = await call(server, method, route, method === 'POST' ? {} : undefined);
        assert.strictEqual(answer.status, 501, route);
        assert.strictEqual(answer.json.message, 'Not available locally', route);
        assert.match(answer.json.detail, named, route);
        assert.match(answer.json.detail, /needs Notte's cloud/, route);
      }
      assert.strictEqual((await call(server, 'GET', '/profilesx')).status, 404, 'only those resources');
      assert.strictEqual((await call(server, 'GET', '/constructor')).status, 404);
    });
  });

  describe('only_active', () => {
    let fixtures: TestServer;
    before(async () => {
      fixtures = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR });
    });
    after(() => fixtures.close());

    it('hides files without run() by default and shows them with only_active=false (either spelling)', async () => {
      const ids = async (query: string) => (await call(fixtures, 'GET', `/functions/?page_size=100${query}`)).json.items.map((f: { function_id: string }) => f.function_id);
      assert.ok(!(await ids('')).includes('no_run'));
      assert.ok(!(await ids('&only_active=true')).includes('no_run'));
      for (const spelling of ['false', 'False', '0']) assert.ok((await ids(`&only_active=${spelling}`)).includes('no_run'), spelling);
      assert.ok(!(await ids('&only_active=False')).includes('_private_helper'));
      const noRun = await call(fixtures, 'GET', '/functions/no_run');
      assert.strictEqual(noRun.json.status, 'inactive');
    });
  });

  describe('runs', () => {
    it('creates, starts, gets and lists a run, with both id spellings everywhere', async () => {
      const created = await call(server, 'POST', '/functions/echo_variables/runs/create', { local: false });
      assert.strictEqual(created.status, 200);
      const runId = created.json.function_run_id;
      assert.deepStrictEqual(
        { ...created.json, created_at: undefined },
        { function_id: 'echo_variables', workflow_id: 'echo_variables', function_run_id: runId, workflow_run_id: runId, created_at: undefined, status: 'created' },
      );
      // Listed and read as active, not started: the SDK's run models accept no "created" (its get_run and
      // list_runs raised for any function with such a run, or one running locally until its PATCH).
      const listed = await call(server, 'GET', '/functions/echo_variables/runs/');
      const row = listed.json.items.find((r: { function_run_id: string }) => r.function_run_id === runId);
      assert.deepStrictEqual([row?.status, row?.started], ['active', false]);
      const read = await call(server, 'GET', `/functions/echo_variables/runs/${runId}`);
      assert.deepStrictEqual([read.json.status, read.json.started], ['active', false]);
      for (const run of [...listed.json.items, read.json]) assert.ok(['closed', 'active', 'failed'].includes(run.status), run.status);

      const started = await call(server, 'POST', `/functions/echo_variables/runs/${runId}`, {
        workflow_id: 'echo_variables',
        workflow_run_id: runId,
        variables: { name: 'Ada', count: 3, tags: ['x'], enabled: true },
        stream: false,
      });
      assert.strictEqual(started.status, 200);
      assert.deepStrictEqual(Object.keys(started.json).sort(), ['function_id', 'function_run_id', 'result', 'session_id', 'status', 'workflow_id', 'workflow_run_id']);
      assert.strictEqual(started.json.status, 'closed');
      assert.strictEqual(started.json.session_id, null);
      const result = JSON.parse(started.json.result);
      assert.deepStrictEqual(result.variables, { name: 'Ada', count: 3, ratio: 0.5, enabled: true, tags: ['x'], options: null, note: null });
      assert.deepStrictEqual(result.types, { name: 'str', count: 'int', ratio: 'float', enabled: 'bool', tags: 'list', options: 'NoneType', note: 'NoneType' });

      const run = await call(server, 'GET', `/functions/echo_variables/runs/${runId}`);
      assert.strictEqual(run.status, 200);
      assert.strictEqual(run.json.workflow_run_id, runId);
      assert.strictEqual(run.json.workflow_id, 'echo_variables');
      assert.strictEqual(run.json.status, 'closed');
      assert.strictEqual(run.json.local, false);
      assert.deepStrictEqual(run.json.variables, { name: 'Ada', count: 3, tags: ['x'], enabled: true });
      assert.strictEqual(run.json.result, started.json.result);
      assert.ok(run.json.logs.some((l: string) => l.endsWith("| name = 'Ada' (str)")));
      assert.strictEqual(run.json.pid, undefined);
    });

    it('starts in one call with function_id or workflow_id in the body, or none', async () => {
      for (const body of [{ function_id: 'echo_variables' }, { workflow_id: 'echo_variables' }, {}]) {
        const answer = await call(server, 'POST', '/functions/echo_variables/runs/start', { ...body, variables: { name: 'x' }, stream: false });
        assert.strictEqual(answer.status, 200, JSON.stringify(answer.json));
        assert.strictEqual(answer.json.status, 'closed');
        assert.strictEqual(answer.json.function_run_id, answer.json.workflow_run_id);
      }
    });

    it('records a failure: status failed and the error as result', async () => {
      const answer = await call(server, 'POST', '/functions/always_fails/runs/start', { variables: { message: 'kaboom', delay: 0 }, stream: false });
      assert.strictEqual(answer.status, 200);
      assert.strictEqual(answer.json.status, 'failed');
      assert.strictEqual(answer.json.result, 'ValueError: kaboom');
      const run = await call(server, 'GET', `/functions/always_fails/runs/${answer.json.function_run_id}`);
      assert.ok(
        run.json.logs.some((l: string) => / \| ERROR +\| .*ValueError: kaboom$/.test(l)),
        run.json.logs.join('\n'),
      );
      assert.ok(run.json.logs.some((l: string) => / \| WARNING +\| .*the next step raises/.test(l)));
    });

    it('lists runs newest first, hides ended ones unless only_active=False, and pages them', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push((await call(server, 'POST', '/functions/progress_report/runs/create', { local: true })).json.function_run_id);
      const started = await call(server, 'POST', '/functions/progress_report/runs/start', { variables: { steps: 1, delay: 0 }, stream: false });
      const active = await call(server, 'GET', '/functions/progress_report/runs/?page_size=100');
      const activeIds = active.json.items.map((r: { function_run_id: string }) => r.function_run_id);
      assert.deepStrictEqual(activeIds.slice(0, 3), [...ids].reverse());
      assert.ok(!activeIds.includes(started.json.function_run_id));
      const all = await call(server, 'GET', '/functions/progress_report/runs?only_active=False&page_size=100');
      assert.strictEqual(all.json.items[0].function_run_id, started.json.function_run_id);
      const paged = await call(server, 'GET', '/functions/progress_report/runs/?only_active=false&page=2&page_size=2');
      assert.deepStrictEqual([paged.json.page, paged.json.page_size, paged.json.has_previous, paged.json.has_next], [2, 2, true, false]);
      assert.deepStrictEqual(
        paged.json.items.map((r: { function_run_id: string }) => r.function_run_id),
        [ids[1], ids[0]],
      );
    });

    it('answers 200 with no items for the runs of an unknown function, 404 for unknown runs', async () => {
      const list = await call(server, 'GET', '/functions/nope/runs/');
      assert.strictEqual(list.status, 200);
      assert.deepStrictEqual(list.json.items, []);
      assert.strictEqual((await call(server, 'GET', '/functions/progress_report/runs/00000000-0000-0000-0000-000000000000')).status, 404);
      assert.strictEqual((await call(server, 'DELETE', '/functions/progress_report/runs/unknown')).status, 404);
      assert.strictEqual((await call(server, 'PATCH', '/functions/progress_report/runs/unknown', { status: 'closed' })).status, 404);
      assert.strictEqual((await call(server, 'POST', '/functions/progress_report/runs/unknown', { variables: {}, stream: false })).status, 404);
      assert.strictEqual((await call(server, 'POST', '/functions/nope/runs/create', { local: false })).status, 404);
      assert.strictEqual((await call(server, 'POST', '/functions/nope/runs/start', { variables: {}, stream: false })).status, 404);
      // A run asked for under another function is unknown there.
      const created = await call(server, 'POST', '/functions/progress_report/runs/create', { local: false });
      assert.strictEqual((await call(server, 'GET', `/functions/echo_variables/runs/${created.json.function_run_id}`)).status, 404);
    });

    it('answers 422 naming the field for bad bodies', async () => {
      const cases: [string, string, unknown, string[]][] = [
        ['POST', '/functions/progress_report/runs/start', '{not json', ['body']],
        ['POST', '/functions/progress_report/runs/start', '[1, 2]', ['body']],
        ['POST', '/functions/progress_report/runs/start', { variables: 'steps=2', stream: false }, ['body', 'variables']],
        ['POST', '/functions/progress_report/runs/start', { variables: {}, stream: 'yes' }, ['body', 'stream']],
        ['POST', '/functions/progress_report/runs/start', { function_id: 'echo_variables', variables: {} }, ['body', 'function_id']],
        ['POST', '/functions/progress_report/runs/start', { function_id: 'progress_report', workflow_id: 'other', variables: {} }, ['body', 'workflow_id']],
        ['POST', '/functions/progress_report/runs/create', { local: 'yes' }, ['body', 'local']],
        ['PATCH', '/functions/progress_report/runs/x', { logs: 'one line' }, ['body', 'logs']],
        ['PATCH', '/functions/progress_report/runs/x', { status: 'exploded' }, ['body', 'status']],
        // The service's request models forbid extra fields: a misspelt one is refused, not ignored.
        ['POST', '/functions/progress_report/runs/start', { varibles: { steps: 2 }, stream: false }, ['body', 'varibles']],
        ['POST', '/functions/progress_report/runs/create', { local: false, stream: true }, ['body', 'stream']],
        ['PATCH', '/functions/progress_report/runs/x', { status: 'closed', output: 'done' }, ['body', 'output']],
        ['POST', '/functions/progress_report/schedule', { cron: '0 9 * * *', timezone: 'UTC' }, ['body', 'timezone']],
      ];
      for (const [method, path, body, loc] of cases) {
        const answer = await call(server, method, path, body);
        assert.strictEqual(answer.status, 422, `${method} ${path} ${JSON.stringify(body)}`);
        assert.deepStrictEqual(answer.json.detail[0].loc, loc);
        assert.ok(answer.json.message.includes(loc.join('.')), answer.json.message);
      }
      assert.match((await call(server, 'POST', '/functions/progress_report/runs/start', { variable: {} })).json.message, /Extra inputs are not permitted/);
      // Every id spelling the SDK and our own client send is still taken.
      const both = await call(server, 'POST', '/functions/progress_report/runs/start', { workflow_id: 'progress_report', variables: { steps: 1 }, stream: false });
      assert.strictEqual(both.status, 200, both.text);
      const created = await call(server, 'POST', '/functions/progress_report/runs/create', { local: false });
      const runId = created.json.function_run_id;
      const mismatch = await call(server, 'POST', `/functions/progress_report/runs/${runId}`, { workflow_run_id: 'another', variables: {}, stream: false });
      assert.strictEqual(mismatch.status, 422);
      assert.deepStrictEqual(mismatch.json.detail[0].loc, ['body', 'workflow_run_id']);
    });

    it('updates a run with PATCH (a local run reporting back)', async () => {
      const created = await call(server, 'POST', '/functions/progress_report/runs/create', { local: true });
      const runId = created.json.function_run_id;
      const patched = await call(server, 'PATCH', `/functions/progress_report/runs/${runId}`, {
        status: 'closed',
        result: 'ok!',
        logs: ['a', 'b'],
        variables: { steps: 1 },
        session_id: null,
      });
      assert.strictEqual(patched.status, 200);
      assert.deepStrictEqual(
        { ...patched.json, updated_at: undefined },
        { function_id: 'progress_report', workflow_id: 'progress_report', function_run_id: runId, workflow_run_id: runId, updated_at: undefined, status: 'updated' },
      );
      const run = await call(server, 'GET', `/functions/progress_report/runs/${runId}`);
      assert.deepStrictEqual([run.json.status, run.json.result, run.json.logs, run.json.variables, run.json.local], ['closed', 'ok!', ['a', 'b'], { steps: 1 }, true]);
    });

    it('stops a running run with DELETE: final status, a result saying so, the stop answer shape', async () => {
      const created = await call(server, 'POST', '/functions/run_until_stopped/runs/create', { local: false });
      const runId = created.json.function_run_id;
      const started = call(server, 'POST', `/functions/run_until_stopped/runs/${runId}`, { variables: { interval: 0.05 }, stream: false });
      await waitFor('a heartbeat', async () => (await call(server, 'GET', `/functions/run_until_stopped/runs/${runId}`)).json.logs.length > 1);
      const stopped = await call(server, 'DELETE', `/functions/run_until_stopped/runs/${runId}`);
      assert.strictEqual(stopped.status, 200);
      assert.deepStrictEqual(
        { ...stopped.json, updated_at: undefined },
        { function_id: 'run_until_stopped', workflow_id: 'run_until_stopped', function_run_id: runId, workflow_run_id: runId, updated_at: undefined, status: 'stopped' },
      );
      const final = await started;
      assert.strictEqual(final.json.status, 'failed');
      assert.match(final.json.result, /stopped/);
      const run = await call(server, 'GET', `/functions/run_until_stopped/runs/${runId}`);
      assert.strictEqual(run.json.status, 'failed');
      assert.match(run.json.result, /stopped by the user/);
    });

    it('refuses a PATCH that would end a run still running on the server (409), but takes one for a created run', async () => {
      const created = await call(server, 'POST', '/functions/run_until_stopped/runs/create', { local: false });
      const path = `/functions/run_until_stopped/runs/${created.json.function_run_id}`;
      void call(server, 'POST', path, { variables: { interval: 0.05 }, stream: false });
      await waitFor('the run to be active', async () => (await call(server, 'GET', path)).json.status === 'active');
      const refused = await call(server, 'PATCH', path, { status: 'closed' });
      assert.strictEqual(refused.status, 409);
      assert.strictEqual((await call(server, 'GET', path)).json.status, 'active');
      await call(server, 'DELETE', path);
      const other = await call(server, 'POST', '/functions/run_until_stopped/runs/create', { local: false });
      const patched = await call(server, 'PATCH', `/functions/run_until_stopped/runs/${other.json.function_run_id}`, { status: 'failed', result: 'gave up' });
      assert.strictEqual(patched.status, 200);
    });

    it('refuses to start a run twice (409)', async () => {
      const created = await call(server, 'POST', '/functions/echo_variables/runs/create', { local: false });
      const path = `/functions/echo_variables/runs/${created.json.function_run_id}`;
      assert.strictEqual((await call(server, 'POST', path, { variables: { name: 'a' }, stream: false })).status, 200);
      const again = await call(server, 'POST', path, { variables: { name: 'a' }, stream: false });
      assert.strictEqual(again.status, 409);
      assert.ok(again.json.message && again.json.detail);
    });
  });

  describe('sessions', () => {
    it('answers an unknown session 404 and its replay 410 (a 404 there reads "not ready yet"), with {message, detail}', async () => {
      for (const [path, status] of [
        ['/sessions/abc', 404],
        ['/sessions/abc/replay', 410],
      ] as const) {
        const answer = await call(server, 'GET', path);
        assert.strictEqual(answer.status, status, path);
        assert.ok(answer.json.message && answer.json.detail);
      }
    });
  });
});
