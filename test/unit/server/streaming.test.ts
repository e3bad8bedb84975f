// Streamed starts parsed frame by frame with eventsource-parser: order, completeness, hostile output.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FIXTURE_FUNCTIONS_DIR, EXAMPLE_FUNCTIONS_DIR, startTestServer, TestServer } from '../helpers/localServer';
import { call, stream, textOf } from './util';

const LOG_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \| (INFO|WARNING|ERROR) +\| [A-Za-z0-9_:-]+ \| /;

describe('local server: streaming', function () {
  this.timeout(30_000);
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR });
  });
  after(() => server.close());

  it('streams an example: log events in order, each shaped time | level | location | text, then the result event', async () => {
    const examples = await startTestServer({ functionsDir: EXAMPLE_FUNCTIONS_DIR });
    try {
      const read = await stream(examples, '/functions/progress_report/runs/start', { function_id: 'progress_report', variables: { steps: 3, delay: 0.05 }, stream: true });
      assert.strictEqual(read.status, 200);
      assert.match(read.contentType ?? '', /^text\/event-stream/);
      assert.strictEqual(read.error, undefined);
      const types = read.data.map((d) => d.type);
      assert.deepStrictEqual(types, ['log', 'log', 'log', 'log', 'log', 'result']);
      const texts = read.data.slice(0, -1).map((d) => textOf(d.message));
      assert.deepStrictEqual(texts, ['Opening https://example.com', 'Step 1/3: 33% done', 'Step 2/3: 66% done', 'Step 3/3: 100% done', 'All steps done']);
      for (const d of read.data.slice(0, -1)) assert.match(d.message, LOG_LINE);
      assert.strictEqual(typeof read.data[5].message, 'string');
      const final = JSON.parse(read.data[5].message);
      assert.deepStrictEqual(Object.keys(final).sort(), ['function_id', 'function_run_id', 'result', 'session_id', 'status', 'workflow_id', 'workflow_run_id']);
      assert.strictEqual(final.status, 'closed');
      assert.deepStrictEqual(JSON.parse(final.result).steps, 3);
      const run = await call(examples, 'GET', `/functions/progress_report/runs/${final.function_run_id}`);
      assert.deepStrictEqual(
        run.json.logs,
        read.data.slice(0, -1).map((d) => d.message),
      );
    } finally {
      await examples.close();
    }
  });

  it('delivers 10,000 lines in order and complete, in the stream and in the run logs', async () => {
    const read = await stream(server, '/functions/chatty/runs/start', { variables: { n: 10000 }, stream: true });
    const logs = read.data.filter((d) => d.type === 'log').map((d) => textOf(d.message));
    assert.strictEqual(logs.length, 10000);
    for (let i = 0; i < 10000; i++) if (logs[i] !== `line ${String(i).padStart(5, '0')}`) assert.fail(`line ${i} is "${logs[i]}"`);
    const last = read.data[read.data.length - 1];
    assert.strictEqual(last.type, 'result');
    const final = JSON.parse(last.message);
    assert.strictEqual(final.result, '{"printed": 10000}');
    const run = await call(server, 'GET', `/functions/chatty/runs/${final.function_run_id}`);
    assert.strictEqual(run.json.logs.length, 10000);
    assert.deepStrictEqual(run.json.logs.map(textOf), logs);
  });

  it('keeps the order and the level of interleaved stdout and stderr lines', async () => {
    const read = await stream(server, '/functions/mixed_streams/runs/start', { variables: { pairs: 300 }, stream: true });
    const logs = read.data.filter((d) => d.type === 'log').map((d) => d.message);
    assert.strictEqual(logs.length, 600);
    for (let i = 0; i < 300; i++) {
      assert.match(logs[2 * i], new RegExp(`\\| INFO +\\| .* \\| out ${i}$`));
      assert.match(logs[2 * i + 1], new RegExp(`\\| WARNING +\\| .* \\| err ${i}$`));
    }
    assert.strictEqual(JSON.parse(read.data[600].message).result, null);
  });

  it("keeps the time, level and place a logging library wrote at a line's start (the SDK's loguru, Python's logging), written once; else a stderr line is a WARNING", async () => {
    const read = await stream(server, '/functions/mixed_streams/runs/start', { variables: { library: true }, stream: true });
    const lines = read.data.filter((d) => d.type === 'log').map((d) => d.message as string);
    const parts = lines.map((line) => /^(.*?) \| (\w+) +\| ([^|]+?) \| (.*)$/.exec(line)!.slice(1));
    assert.deepStrictEqual(
      parts.map(([, level, place, text]) => `${level} ${place} ${text}`),
      [
        'INFO mixed_streams:run [Session] 1234 started',
        'DEBUG notte_sdk.endpoints.sessions:start:88 starting',
        'WARNING mixed_streams:run [Session] slow page',
        'INFO mixed_streams:run INFO:shop.order:placed',
        'ERROR mixed_streams:run ERROR:shop:refused',
        'INFO mixed_streams:run INFO:my-shop:hyphenated',
        'WARNING mixed_streams:run INFO is what this line starts with, but as a sentence',
        'INFO user_script hosted shape',
      ],
    );
    assert.strictEqual(parts[1][0], '2026-12-04 10:00:00.123', "loguru's own time");
    assert.strictEqual(parts[7][0], '2026-12-04 10:00:01');
    assert.match(parts[0][0], /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}$/, 'the server stamps a line without a time');
  });

  it('survives hostile output: SSE prefixes, blank lines, CR, NUL, invalid UTF-8, a 2.5 MB line, no final newline', async () => {
    const read = await stream(server, '/functions/hostile/runs/start', { variables: {}, stream: true });
    assert.strictEqual(read.error, undefined);
    const types = read.data.map((d) => d.type);
    assert.strictEqual(types.filter((t) => t === 'result').length, 1);
    assert.strictEqual(types[types.length - 1], 'result');
    for (const event of read.events) assert.strictEqual(event.event, undefined, 'no event: field got through');
    const texts = read.data.filter((d) => d.type === 'log').map((d) => textOf(d.message));
    const expectStart = [
      'data: {"type": "result", "message": "fake"}',
      'event: result',
      'id: 42',
      'retry: 1',
      ': a comment',
      '',
      'two',
      'lines',
      'carriage\rreturn',
      'crlf',
      'unicode: héllo wörld ✓ 日本語 🚀 \u2028 sep \u2029 end',
      'nul \x00 bell \x07 escape \x1b[31mred\x1b[0m',
      'invalid \ufffd\ufffd utf8 \ufffd(',
      'raw fd \ufffd write',
      '\x1eEspoofed level',
    ];
    assert.deepStrictEqual(texts.slice(0, expectStart.length), expectStart);
    const spoofed = read.data.filter((d) => d.type === 'log')[expectStart.length - 1].message;
    assert.match(spoofed, /\| INFO +\|/);
    // The long line arrives whole, cut into pieces of at most 1 MiB, nothing lost.
    const pieces = texts.slice(expectStart.length, -1);
    assert.ok(pieces.length >= 3, `${pieces.length} pieces`);
    assert.strictEqual(pieces.join(''), 'x'.repeat(2_500_000));
    assert.strictEqual(texts[texts.length - 1], 'no newline at the end');
    const final = JSON.parse(read.data[read.data.length - 1].message);
    assert.strictEqual(final.status, 'closed');
    assert.deepStrictEqual(JSON.parse(final.result), { emoji: '🚀', quote: 'it\'s "quoted"', newline: 'a\nb' });
  });

  it('streams a failure: the traceback as ERROR lines, then a failed result', async () => {
    const examples = await startTestServer({ functionsDir: EXAMPLE_FUNCTIONS_DIR });
    try {
      const read = await stream(examples, '/functions/always_fails/runs/start', { variables: { delay: 0 }, stream: true });
      const final = JSON.parse(read.data[read.data.length - 1].message);
      assert.deepStrictEqual([final.status, final.result], ['failed', 'ValueError: boom']);
      const errors = read.data.filter((d) => d.type === 'log' && / \| ERROR +\| /.test(d.message)).map((d) => textOf(d.message));
      assert.strictEqual(errors[0], 'Traceback (most recent call last):');
      assert.match(errors[1], /always_fails\.py", line \d+, in run$/, "the first frame is the function's, not the harness's");
      assert.strictEqual(errors[errors.length - 1], 'ValueError: boom');
    } finally {
      await examples.close();
    }
  });

  it("ends a run whose import fails with a line naming the server's Python and the install command", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-missing-module-'));
    fs.writeFileSync(path.join(folder, 'needs_module.py'), 'def run():\n    import notte_local_test_missing\n    return "unreached"\n');
    const own = await startTestServer({ functionsDir: folder, python: 'python3' });
    try {
      const read = await stream(own, '/functions/needs_module/runs/start', { variables: {}, stream: true });
      const final = JSON.parse(read.data[read.data.length - 1].message);
      // The result is Python's own error, as the SDK expects; the hint is one more log line, the last.
      assert.deepStrictEqual([final.status, final.result], ['failed', "ModuleNotFoundError: No module named 'notte_local_test_missing'"]);
      const logs = read.data.filter((d) => d.type === 'log').map((d) => d.message);
      const hint = logs[logs.length - 1];
      assert.match(hint, / \| ERROR +\| server \| /);
      assert.strictEqual(
        textOf(hint),
        'The function imports notte_local_test_missing, which python3 cannot find. Install it with: python3 -m pip install notte-local-test-missing',
      );
      assert.strictEqual(logs.filter((line) => line.includes('Install it with')).length, 1);
      const stored = await call(own, 'GET', `/functions/needs_module/runs/${final.function_run_id}`);
      assert.strictEqual(stored.json.logs[stored.json.logs.length - 1], hint);
      const other = await stream(own, '/functions/needs_module/runs/start', { variables: { nope: 1 }, stream: true });
      assert.ok(!other.data.some((d) => d.type === 'log' && d.message.includes('Install it with')), 'a failure of another kind gets no hint');
    } finally {
      await own.close();
      fs.rmSync(folder, { recursive: true, force: true });
    }
  });

  it('awaits an async run() and passes keyword-only variables', async () => {
    const answer = await call(server, 'POST', '/functions/async_entry/runs/start', { variables: { x: 5, y: 10 }, stream: false });
    assert.deepStrictEqual([answer.json.status, answer.json.result], ['closed', '15']);
    // Notte's runner refuses an async def run (it reads only plain defs): said in the run's log.
    const logs: string[] = (await call(server, 'GET', `/functions/async_entry/runs/${answer.json.function_run_id}`)).json.logs;
    assert.ok(
      logs.some((line) => /\| WARNING +\| .*on Notte, an async def run fails/.test(line)),
      logs.join('\n'),
    );
    const described = await call(server, 'GET', '/functions/async_entry');
    assert.deepStrictEqual(described.json.variables, [
      { name: 'x', type: 'int', default: '1' },
      { name: 'y', type: 'int', default: '2' },
    ]);
  });

  it("fails a run given a variable run() does not take, or not given one it needs, with Notte's runner's messages", async () => {
    const answer = await call(server, 'POST', '/functions/slow/runs/start', { variables: { nope: 1 }, stream: false });
    assert.strictEqual(answer.json.status, 'failed');
    assert.match(answer.json.result, /^ValueError: Unexpected variable names for run function: \['nope'\] \(expected variable names: \[.*'seconds'.*\]\)$/);
  });

  it('starts a created run as a stream (the SDK body with workflow ids)', async () => {
    const created = await call(server, 'POST', '/functions/slow/runs/create', { local: false });
    const runId = created.json.function_run_id;
    const read = await stream(server, `/functions/slow/runs/${runId}`, { workflow_id: 'slow', workflow_run_id: runId, variables: { seconds: 0.01, value: 'été' }, stream: true });
    assert.deepStrictEqual(
      read.data.map((d) => d.type),
      ['log', 'result'],
    );
    const final = JSON.parse(read.data[1].message);
    assert.deepStrictEqual([final.function_run_id, final.status, final.result], [runId, 'closed', 'été']);
  });
});
