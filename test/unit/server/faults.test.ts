// Test-only faults (--faults): injected 429/500/529, malformed bodies, resets, delays, cut streams.
import * as assert from 'assert';
import { EXAMPLE_FUNCTIONS_DIR, startTestServer, TestServer } from '../helpers/localServer';
import { call, stream, waitForEnd } from './util';

describe('local server: faults', function () {
  this.timeout(20_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ functionsDir: EXAMPLE_FUNCTIONS_DIR, faults: true });
  });
  afterEach(() => call(server, 'DELETE', '/__faults'));
  after(() => server.close());

  it('has no control route unless faults are switched on', async () => {
    const plain = await startTestServer({ functionsDir: EXAMPLE_FUNCTIONS_DIR });
    try {
      assert.strictEqual((await call(plain, 'POST', '/__faults', { status500: 1 })).status, 404);
    } finally {
      await plain.close();
    }
  });

  it('needs the key to set faults and refuses unknown or negative ones with 422', async () => {
    assert.strictEqual((await call(server, 'POST', '/__faults', { status500: 1 }, {})).status, 401);
    assert.strictEqual((await call(server, 'POST', '/__faults', { explode: 1 })).status, 422);
    const negative = await call(server, 'POST', '/__faults', { status429: -1 });
    assert.strictEqual(negative.status, 422);
    assert.deepStrictEqual(negative.json.detail[0].loc, ['body', 'status429']);
  });

  it('answers 429 with Retry-After and X-RateLimit-* for the next N requests, then normally', async () => {
    await call(server, 'POST', '/__faults', { status429: 2, retryAfter: 3 });
    for (let i = 0; i < 2; i++) {
      const answer = await call(server, 'GET', '/functions/');
      assert.strictEqual(answer.status, 429);
      assert.strictEqual(answer.json.message, 'Rate limit exceeded');
      assert.strictEqual(answer.headers.get('retry-after'), '3');
      assert.strictEqual(answer.headers.get('x-ratelimit-limit'), '10');
      assert.strictEqual(answer.headers.get('x-ratelimit-remaining'), '0');
      assert.ok(Number(answer.headers.get('x-ratelimit-reset')) > Date.now() / 1000);
    }
    assert.strictEqual((await call(server, 'GET', '/functions/')).status, 200);
  });

  it('answers 500 and 529 for the next N requests; /health is never faulted', async () => {
    await call(server, 'POST', '/__faults', { status500: 1, status529: 1 });
    assert.strictEqual((await call(server, 'GET', '/health')).status, 200);
    const first = await call(server, 'GET', '/functions/progress_report');
    assert.strictEqual(first.status, 500);
    assert.ok(first.json.message && first.json.detail);
    assert.strictEqual((await call(server, 'GET', '/functions/progress_report')).status, 529);
    assert.strictEqual((await call(server, 'GET', '/functions/progress_report')).status, 200);
  });

  it('sends a malformed JSON body with status 200, and a connection reset, without side effects', async () => {
    await call(server, 'POST', '/__faults', { malformed: 1 });
    const bad = await call(server, 'POST', '/functions/progress_report/runs/create', { local: false });
    assert.strictEqual(bad.status, 200);
    assert.strictEqual(bad.json, undefined);
    assert.throws(() => JSON.parse(bad.text));
    await call(server, 'POST', '/__faults', { reset: 1 });
    await assert.rejects(fetch(`${server.url}/functions/`, { headers: server.headers }));
    const runs = await call(server, 'GET', '/functions/progress_report/runs/?only_active=false');
    assert.deepStrictEqual(
      runs.json.items.filter((r: { started?: boolean }) => r.started === false),
      [],
    );
  });

  it('delays every answer by delayMs until reset', async () => {
    await call(server, 'POST', '/__faults', { delayMs: 1000 });
    let started = Date.now();
    await call(server, 'GET', '/functions/');
    assert.ok(Date.now() - started >= 990);
    await call(server, 'DELETE', '/__faults');
    started = Date.now();
    await call(server, 'GET', '/functions/');
    assert.ok(Date.now() - started < 900);
  });

  it('cuts the next stream after N events while the run goes on to the end, and GET has every line', async () => {
    await call(server, 'POST', '/__faults', { cutStreamAfter: 2 });
    const read = await stream(server, '/functions/progress_report/runs/start', { variables: { steps: 4, delay: 0.1 }, stream: true });
    assert.ok(read.error, 'the stream broke');
    assert.strictEqual(read.data.length, 2);
    assert.ok(read.data.every((d) => d.type === 'log'));
    const listed = await call(server, 'GET', '/functions/progress_report/runs/');
    const runId = listed.json.items[0].function_run_id;
    const run = await waitForEnd(server, 'progress_report', runId);
    assert.strictEqual(run.json.status, 'closed');
    assert.strictEqual(run.json.logs.length, 6);
    assert.deepStrictEqual(
      run.json.logs.slice(0, 2),
      read.data.map((d) => d.message),
    );
    // Only the next stream is cut.
    const whole = await stream(server, '/functions/progress_report/runs/start', { variables: { steps: 1, delay: 0 }, stream: true });
    assert.strictEqual(whole.error, undefined);
    assert.strictEqual(whole.data[whole.data.length - 1].type, 'result');
  });
});
