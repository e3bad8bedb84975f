// The API client against the real local Functions server over real HTTP: every route, paging,
// each error class from a real answer, back-off, a cut stream, cancellation, timeouts, snippets.
import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { buildSnippet, decryptCodeUrl, LogLine, NotteApiError, NotteClient, RetryInfo } from '../../../src/api';
import { FIXTURE_FUNCTIONS_DIR, startTestServer, TestServer, tempDir } from '../helpers/localServer';

function client(server: { url: string; key: string }, extra: Partial<ConstructorParameters<typeof NotteClient>[0]> = {}): NotteClient {
  return new NotteClient({ baseUrl: server.url, apiKey: () => server.key, retry: { baseDelayMs: 20, maxDelayMs: 200 }, ...extra });
}

async function expectError(promise: Promise<unknown>, kind: string, message?: RegExp): Promise<NotteApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof NotteApiError, `expected a NotteApiError, got ${error}`);
    assert.strictEqual(error.kind, kind, error.message);
    if (message) assert.match(error.message, message);
    return error;
  }
  assert.fail(`expected a ${kind} error`);
}

async function faults(server: TestServer, body: object): Promise<void> {
  const response = await fetch(`${server.url}/__faults`, { method: 'POST', headers: server.headers, body: JSON.stringify(body) });
  assert.ok(response.ok);
}

describe('api: client against the local server', function () {
  this.timeout(60_000);
  let server: TestServer;
  let api: NotteClient;

  before(async () => {
    server = await startTestServer({ faults: true, maxConcurrent: 2 });
    api = client(server);
  });
  after(async () => {
    await api.close();
    await server.close();
  });
  afterEach(async () => {
    await fetch(`${server.url}/__faults`, { method: 'DELETE', headers: server.headers });
  });

  it('lists functions one page at a time and through every page', async () => {
    const first = await api.listFunctions({ page: 1, page_size: 3 });
    assert.strictEqual(first.items.length, 3);
    assert.strictEqual(first.has_next, true);
    assert.strictEqual(first.has_previous, false);
    const all: string[] = [];
    for await (const fn of api.functions({ page_size: 1 })) all.push(fn.function_id);
    assert.deepStrictEqual(all, ['always_fails', 'browser_shop_order', 'echo_variables', 'progress_report', 'run_until_stopped']);
  });

  it('gets a function with its variables and a code url that downloads the code', async () => {
    const fn = await api.getFunction('echo_variables');
    assert.deepStrictEqual(fn.variables?.[1], { name: 'count', type: 'int', default: '2' });
    assert.strictEqual(fn.workflow_id, 'echo_variables', 'both id spellings pass through');
    const code = await api.downloadCode(fn.url!);
    assert.match(code, /def run\(name: str/);
  });

  it("streams a run's log lines in order, then its result", async () => {
    const lines: LogLine[] = [];
    let createdId: string | undefined;
    const result = await api.runFunction(
      'progress_report',
      { steps: 3, delay: 0.01 },
      { handlers: { onLog: (l) => lines.push(l), onCreated: (c) => (createdId = c.function_run_id) } },
    );
    assert.strictEqual(result.status, 'closed');
    assert.strictEqual(result.function_run_id, createdId);
    assert.deepStrictEqual(
      lines.map((l) => l.text),
      ['Opening https://example.com', 'Step 1/3: 33% done', 'Step 2/3: 66% done', 'Step 3/3: 100% done', 'All steps done'],
    );
    assert.strictEqual(lines[0].level, 'INFO');
    assert.match(lines[0].raw, /\| INFO +\| progress_report:run \| Opening/);
    assert.deepStrictEqual(JSON.parse(String(result.result)).steps, 3);
    const run = await api.getRun('progress_report', createdId!);
    assert.strictEqual(run.logs.length, 5);
  });

  it('starts without streaming, and in one call as cURL does', async () => {
    const plain = await api.runFunction('echo_variables', { name: 'x' }, { stream: false });
    assert.strictEqual(plain.status, 'closed');
    const oneCall = await api.startRun('echo_variables', { name: 'y' }, { stream: true });
    assert.strictEqual(oneCall.status, 'closed');
    const runs = await api.listRuns('echo_variables', { only_active: false, page_size: 50 });
    assert.ok(runs.items.some((r) => r.function_run_id === oneCall.function_run_id));
  });

  it('returns a failed run as a result with its error, not as a thrown error', async () => {
    const result = await api.runFunction('always_fails', { delay: 0 });
    assert.strictEqual(result.status, 'failed');
    assert.match(String(result.result), /ValueError: boom/);
  });

  it('creates a run, starts it later, stops an active one and updates one', async () => {
    const created = await api.createRun('run_until_stopped');
    assert.strictEqual(created.status, 'created');
    // Read back as created (the local server answers it active, not started, for the SDK's sake).
    assert.strictEqual((await api.getRun('run_until_stopped', created.function_run_id)).status, 'created');
    const listed = await api.listRuns('run_until_stopped', { only_active: false, page_size: 50 });
    assert.strictEqual(listed.items.find((r) => r.function_run_id === created.function_run_id)?.status, 'created');
    const running = api.startCreatedRun('run_until_stopped', created.function_run_id, { interval: 0.05 });
    for (let i = 0; i < 100 && (await api.getRun('run_until_stopped', created.function_run_id)).status !== 'active'; i++) await new Promise((r) => setTimeout(r, 50));
    const stopped = await api.stopRun('run_until_stopped', created.function_run_id);
    assert.strictEqual(stopped.status, 'stopped');
    const result = await running;
    assert.notStrictEqual(result.status, 'active');
    const local = await api.createRun('echo_variables', { local: true });
    const updated = await api.updateRun('echo_variables', local.function_run_id, {
      status: 'closed',
      result: '"ok"',
      logs: ['a', 'b'],
      variables: { name: 'z' },
      session_id: null,
    });
    assert.strictEqual(updated.status, 'updated');
    const after = await api.getRun('echo_variables', local.function_run_id);
    assert.deepStrictEqual([after.status, after.logs, after.local], ['closed', ['a', 'b'], true]);
  });

  it('turns real error answers into the right kinds', async () => {
    await expectError(client({ url: server.url, key: 'wrong' }).listFunctions(), 'auth', /refused the API key/);
    await expectError(new NotteClient({ baseUrl: server.url, apiKey: () => undefined }).listFunctions(), 'auth', /No Notte API key/);
    await expectError(api.getFunction('no_such_function'), 'not_found', /no_such_function/);
    await expectError(api.getRun('echo_variables', 'no-such-run'), 'not_found');
    await expectError(api.startRun('echo_variables', 'not an object' as unknown as Record<string, unknown>, { stream: false }), 'validation', /variables/);
    await faults(server, { malformed: 1 });
    await expectError(api.listFunctions(), 'protocol', /not valid JSON/);
    await faults(server, { status500: 9 });
    await expectError(api.listFunctions(), 'server', /500/);
    await fetch(`${server.url}/__faults`, { method: 'DELETE', headers: server.headers });
    await faults(server, { status429: 1 });
    const limited = await expectError(client(server, { retry: { maxAttempts: 1 } }).listFunctions(), 'rate_limited', /Retry in \d+ s/);
    assert.ok(limited.retryAfterMs !== undefined && limited.retryAfterMs > 0, 'the wait is read from the answer');
    await fetch(`${server.url}/__faults`, { method: 'DELETE', headers: server.headers });
  });

  it('never puts the key into an error message', async () => {
    const secret = server.key;
    for (const call of [() => client({ url: server.url, key: `${secret}-wrong` }).listFunctions(), () => api.getFunction(secret)]) {
      try {
        await call();
      } catch (error) {
        assert.ok(!String((error as Error).message).includes(secret), (error as Error).message);
      }
    }
  });

  it('never puts the key into an error message in any form, whether the server answers an error or a 200 with a detail', async () => {
    const key = 'sk-live-Zq8/+w==&x';
    const forms = [key, encodeURIComponent(key), Buffer.from(`Bearer ${key}`).toString('base64'), Buffer.from(key).toString('base64url'), JSON.stringify(key).slice(1, -1)];
    // A gateway that echoes what it was sent, every way: as the error of a 4xx, a 5xx, and a 200 with `detail`.
    let status = 400;
    const echo = http.createServer((req, res) => {
      const body = JSON.stringify({ message: `refused ${forms.join(' | ')}`, detail: `auth was ${req.headers.authorization}` });
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    });
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(echo.address() as net.AddressInfo).port}`;
    const leaky = client({ url, key }, { retry: { maxAttempts: 1 } });
    try {
      for (status of [400, 401, 404, 422, 500, 200]) {
        for (const call of [() => leaky.listFunctions(), () => leaky.getRun('f', 'r'), () => leaky.startRun('f', {}, { stream: false })]) {
          const error = await call().then(
            () => assert.fail(`status ${status}: no error`),
            (thrown: Error) => thrown,
          );
          for (const form of forms) assert.ok(!error.message.includes(form), `status ${status}: ${error.message}`);
          assert.match(error.message, /••••••/, `status ${status}: the message still says what was refused`);
        }
      }
    } finally {
      await leaky.close();
      echo.close();
    }
  });

  it('backs off on 429 as Retry-After says and then succeeds', async () => {
    const retries: RetryInfo[] = [];
    const patient = client(server, { onRetry: (info) => retries.push(info) });
    await faults(server, { status429: 2, retryAfter: 1 });
    const started = Date.now();
    const page = await patient.listFunctions();
    assert.strictEqual(page.items.length, 5);
    assert.strictEqual(retries.length, 2);
    assert.ok(
      retries.every((r) => r.error.kind === 'rate_limited' && r.delayMs >= 1000),
      JSON.stringify(retries.map((r) => r.delayMs)),
    );
    assert.ok(Date.now() - started >= 2000);
    await patient.close();
  });

  it('retries a start refused with 429 and starts the run exactly once', async () => {
    const before = (await api.listRuns('echo_variables', { only_active: false, page_size: 100 })).items.length;
    await faults(server, { status429: 1, retryAfter: 0 });
    const result = await api.startRun('echo_variables', { name: 'once' }, { stream: false });
    assert.strictEqual(result.status, 'closed');
    const after = (await api.listRuns('echo_variables', { only_active: false, page_size: 100 })).items.length;
    assert.strictEqual(after, before + 1);
  });

  it('does not retry a start the server failed with 500 (it may have begun)', async () => {
    const created = await api.createRun('echo_variables');
    await faults(server, { status500: 1 });
    await expectError(api.startCreatedRun('echo_variables', created.function_run_id, { name: 'x' }), 'server');
  });

  it('delivers every line exactly once when the stream is cut mid-way', async () => {
    const chatty = await startTestServer({ faults: true, functionsDir: FIXTURE_FUNCTIONS_DIR });
    const chattyApi = client(chatty);
    try {
      await faults(chatty, { cutStreamAfter: 500 });
      const lines: string[] = [];
      let fallback = '';
      const result = await chattyApi.runFunction('chatty', { n: 3000 }, { handlers: { onLog: (l) => lines.push(l.text), onFallback: (reason) => (fallback = reason) } });
      assert.ok(fallback, 'the client noticed the cut');
      assert.strictEqual(result.status, 'closed');
      assert.strictEqual(lines.length, 3000);
      assert.deepStrictEqual(
        lines,
        Array.from({ length: 3000 }, (_, i) => `line ${String(i).padStart(5, '0')}`),
      );
    } finally {
      await chattyApi.close();
      await chatty.close();
    }
  });

  it('cancels a run with an AbortSignal and stops it on the server', async () => {
    const controller = new AbortController();
    let runId = '';
    const running = api.runFunction(
      'run_until_stopped',
      { interval: 0.05 },
      { signal: controller.signal, handlers: { onCreated: (c) => (runId = c.function_run_id), onLog: () => controller.abort() } },
    );
    await expectError(running, 'cancelled', /stopped/);
    const run = await api.getRun('run_until_stopped', runId);
    assert.notStrictEqual(run.status, 'active');
  });

  it('stops a run that outlives its timeout and says so', async () => {
    let runId = '';
    await expectError(
      api.runFunction('run_until_stopped', { interval: 0.05 }, { runTimeoutMs: 700, handlers: { onCreated: (c) => (runId = c.function_run_id) } }),
      'timeout',
      /stopped after 0\.7 s/,
    );
    const run = await api.getRun('run_until_stopped', runId);
    assert.notStrictEqual(run.status, 'active');
  });

  it('stops a non-streamed run that outlives its timeout too', async () => {
    let runId = '';
    await expectError(
      api.runFunction('run_until_stopped', { interval: 0.05 }, { stream: false, runTimeoutMs: 600, handlers: { onCreated: (c) => (runId = c.function_run_id) } }),
      'timeout',
      /stopped after 0\.6 s/,
    );
    const run = await api.getRun('run_until_stopped', runId);
    assert.notStrictEqual(run.status, 'active');
  });

  it('times out a slow answer as configured', async () => {
    await faults(server, { delayMs: 1500 });
    await expectError(client(server, { requestTimeoutMs: 300, retry: { maxAttempts: 1 } }).listFunctions(), 'timeout', /within 0\.3 s/);
  });

  it('says a dead port is unreachable', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    await expectError(client({ url: `http://127.0.0.1:${port}`, key: 'k' }).listFunctions(), 'network', /cannot reach 127\.0\.0\.1/);
  });

  it('uploads a function, a new version, schedules it and deletes it', async () => {
    const own = await startTestServer({ functionsDir: tempDir('notte-upload-') });
    const ownApi = client(own);
    try {
      const fn = await ownApi.createFunction({ fileName: 'hello.py', content: 'def run(who: str = "you"):\n    return who\n' }, { name: 'Hello', description: 'says hi' });
      assert.deepStrictEqual(
        fn.variables?.map((v) => v.name),
        ['who'],
      );
      const updated = await ownApi.updateFunctionCode(fn.function_id, { fileName: 'hello.py', content: 'def run(who: str, n: int = 1):\n    return [who] * n\n' });
      assert.deepStrictEqual(
        updated.variables?.map((v) => v.name),
        ['who', 'n'],
      );
      assert.ok((updated.versions ?? []).length >= 2);
      assert.ok((await ownApi.setSchedule(fn.function_id, { cron: '*/5 * * * *', variables: { who: 'cron' } })).status);
      assert.ok((await ownApi.removeSchedule(fn.function_id)).status);
      assert.strictEqual((await ownApi.deleteFunction(fn.function_id)).status, 'success');
      await expectError(ownApi.getFunction(fn.function_id), 'not_found');
    } finally {
      await ownApi.close();
      await own.close();
    }
  });

  it('answers an encrypted code url that decrypts to the real one', async () => {
    const encrypted = await startTestServer({ decryptionKey: 'dk-123' });
    const encApi = client(encrypted);
    try {
      const fn = await encApi.getFunction('echo_variables');
      assert.ok(!/^https?:/.test(fn.url!));
      const code = await encApi.downloadCode(decryptCodeUrl(fn.url!, 'dk-123'));
      assert.match(code, /def run/);
    } finally {
      await encApi.close();
      await encrypted.close();
    }
  });
});

describe('api: snippets run by the real curl', function () {
  this.timeout(120_000);
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(async () => server.close());

  const hostileString = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 30 }),
    fc.constantFrom(`it's`, '"dq"', '$HOME', '`uname`', '\\', '\n\r\t', "'; rm -rf / #", '${NOTTE_API_KEY}', '✓ ünï 😀', '$(echo pwned)'),
  );
  const value = fc.letrec((tie) => ({
    leaf: fc.oneof(hostileString, fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true, noDefaultInfinity: true })),
    node: fc.oneof({ maxDepth: 3 }, tie('leaf'), fc.array(tie('node'), { maxLength: 4 }), fc.dictionary(hostileString, tie('node'), { maxKeys: 4 })),
  })).node;

  it('starts a run with byte-identical variables, whatever they hold', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), value, { maxKeys: 5 }), async (variables) => {
        const command = buildSnippet('curl', { baseUrl: server.url, functionId: 'echo_variables', variables });
        assert.ok(!command.includes(server.key));
        const answer = await new Promise<string>((resolve, reject) =>
          execFile('sh', ['-c', `${command} --silent --show-error`], { env: { ...process.env, NOTTE_API_KEY: server.key }, maxBuffer: 64 * 1024 * 1024 }, (error, out, err) =>
            error ? reject(new Error(`${error.message}\n${err}`)) : resolve(out),
          ),
        );
        const started = JSON.parse(answer) as { function_run_id: string };
        const run = await (await fetch(`${server.url}/functions/echo_variables/runs/${started.function_run_id}`, { headers: server.headers })).json();
        assert.deepStrictEqual(run.variables, JSON.parse(JSON.stringify(variables)));
      }),
      { numRuns: 25 },
    );
  });

  it('carries a 1 MB value and deep nesting through the shell unchanged', async () => {
    let deep: unknown = 'bottom';
    for (let i = 0; i < 60; i++) deep = { [`level${i}`]: [deep] };
    const variables = { big: 'x'.repeat(1024 * 1024 - 10) + '\'"$`\n', deep };
    const file = path.join(tempDir('notte-curl-'), 'command.sh');
    const command = buildSnippet('curl', { baseUrl: server.url, functionId: 'echo_variables', variables });
    assert.match(command, /--data-binary @- <<'NOTTE_JSON_BODY'/, 'a body too large for one argument goes through a here-document');
    fs.writeFileSync(file, command.replace('curl --location', 'curl --silent --location'));
    const answer = await new Promise<string>((resolve, reject) =>
      execFile('sh', [file], { env: { ...process.env, NOTTE_API_KEY: server.key }, maxBuffer: 64 * 1024 * 1024 }, (error, out, err) =>
        error ? reject(new Error(err)) : resolve(out),
      ),
    );
    const run = await (await fetch(`${server.url}/functions/echo_variables/runs/${JSON.parse(answer).function_run_id}`, { headers: server.headers })).json();
    assert.deepStrictEqual(run.variables, variables);
  });

  it('writes a JavaScript snippet that node runs as it is', async () => {
    const variables = { name: `it's "JS" \`tpl\` \${x} \u2028 ✓` };
    const file = path.join(tempDir('notte-js-'), 'snippet.mjs');
    fs.writeFileSync(file, buildSnippet('javascript', { baseUrl: server.url, functionId: 'echo_variables', variables }));
    const printed = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [file], { env: { ...process.env, NOTTE_API_KEY: server.key } }, (error, out, err) => (error ? reject(new Error(err)) : resolve(out))),
    );
    assert.match(printed, /^closed /);
    assert.ok(printed.includes("it's"), printed);
  });

  it('writes the key only when asked, in every language', () => {
    for (const kind of ['curl', 'javascript', 'python', 'http'] as const) {
      const withReference = buildSnippet(kind, { baseUrl: server.url, functionId: 'f', variables: { a: 1 } });
      assert.ok(!withReference.includes('sk-live-123'), kind);
      assert.match(withReference, /NOTTE_API_KEY/, kind);
      assert.ok(buildSnippet(kind, { baseUrl: server.url, functionId: 'f', variables: {}, apiKey: 'sk-live-123' }).includes('sk-live-123'), kind);
    }
  });
});
