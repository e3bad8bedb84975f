import * as assert from 'assert';
import { checkHostMessage, checkPageMessage, checkPageState } from '../../../../src/features/page/protocol';
import { NotteApiError } from '../../../../src/api/errors';
import { failureParts, loadFailure, logEntry, runEndFromRun, summarizeRunForPage, variablesSummary } from '../../../../src/features/page/pageData';
import { resultValue } from '../../../../src/shared/resultText';

describe('function page: message protocol', () => {
  it('accepts each well-formed message of the page', () => {
    const good = [
      { v: 1, type: 'ready' },
      { v: 1, type: 'run', texts: ['a', null, '3'] },
      { v: 1, type: 'stop' },
      { v: 1, type: 'copySnippet', kind: 'curl', texts: [] },
      { v: 1, type: 'saveSet', name: 'smoke', texts: [null] },
      { v: 1, type: 'renameSet', from: 'a', to: 'b' },
      { v: 1, type: 'history', page: 2 },
      { v: 1, type: 'rerun', runId: 'r1' },
      { v: 1, type: 'openSession' },
    ];
    for (const message of good) assert.ok(checkPageMessage(message).ok, JSON.stringify(message));
  });

  it('drops other versions, unknown types, wrong shapes and extra fields, saying why', () => {
    const bad: [unknown, RegExp][] = [
      [null, /not an object/],
      ['run', /not an object/],
      [[{ v: 1, type: 'run' }], /not an object/],
      [{ type: 'run', texts: [] }, /version/],
      [{ v: 2, type: 'run', texts: [] }, /version 2/],
      [{ v: 1, type: 'eval', code: 'alert(1)' }, /unknown type/],
      [{ v: 1, type: '__proto__' }, /unknown type/],
      [{ v: 1, type: 'toString' }, /unknown type/],
      [{ v: 1, type: 'run' }, /texts/],
      [{ v: 1, type: 'run', texts: [1, 2] }, /texts/],
      [{ v: 1, type: 'run', texts: 'a' }, /texts/],
      [{ v: 1, type: 'copySnippet', kind: 'bash', texts: [] }, /kind/],
      [{ v: 1, type: 'saveSet', name: '   ', texts: [] }, /name/],
      [{ v: 1, type: 'history', page: 0 }, /page/],
      [{ v: 1, type: 'history', page: 1.5 }, /page/],
      [{ v: 1, type: 'selectRun', runId: 'x'.repeat(500) }, /runId/],
      [{ v: 1, type: 'stop', apiKey: 'k' }, /unexpected field "apiKey"/],
      // The page cannot choose what is opened outside: the extension opens the link it holds.
      [{ v: 1, type: 'openSession', url: 'https://attacker.example/' }, /unexpected field "url"/],
    ];
    for (const [message, reason] of bad) {
      const checked = checkPageMessage(message);
      assert.ok(!checked.ok, `accepted ${JSON.stringify(message)}`);
      assert.match(checked.reason, reason);
    }
  });

  it("checks the extension's messages on the page side too", () => {
    assert.ok(checkHostMessage({ v: 1, type: 'logs', lines: [] }).ok);
    assert.ok(!checkHostMessage({ v: 1, type: 'logs' }).ok);
    assert.ok(!checkHostMessage({ v: 1, type: 'html', html: '<b>' }).ok);
  });

  it('reads back only a well-formed saved page state', () => {
    assert.deepStrictEqual(checkPageState({ v: 1, functionId: 'f', texts: ['a', null] }), { v: 1, functionId: 'f', functionName: undefined, texts: ['a', null] });
    assert.deepStrictEqual(checkPageState({ v: 1, functionId: 'f', texts: [3] }), { v: 1, functionId: 'f', functionName: undefined, texts: undefined });
    assert.strictEqual(checkPageState({ v: 1 }), undefined);
    assert.strictEqual(checkPageState('f'), undefined);
  });
});

describe('function page: what runs look like to the page', () => {
  it('reads loguru lines into time, level and text, and stamps plain lines', () => {
    assert.deepStrictEqual(logEntry('2026-12-01 19:50:01.123 | WARNING | mod:fn:3 | careful'), { time: '2026-12-01 19:50:01.123', level: 'warning', text: 'careful' });
    const plain = logEntry('<script>x</script>', new Date(2026, 11, 1, 9, 5, 7, 8));
    assert.deepStrictEqual(plain, { time: '09:05:07.008', level: undefined, text: '<script>x</script>' });
  });

  it('summarizes variables on one line with secrets masked', () => {
    assert.strictEqual(variablesSummary({ name: 'Ada', count: 3, api_key: 'sk-123' }), 'name="Ada", count=3, api_key="••••••"');
    assert.strictEqual(variablesSummary({}), '(no variables)');
    assert.ok(variablesSummary({ text: 'x'.repeat(500) }).length <= 120);
  });

  it('parses JSON results and splits a failure into message and traceback', () => {
    assert.deepStrictEqual(resultValue('{"a": [1]}'), { a: [1] });
    assert.strictEqual(resultValue('not json'), 'not json');
    const traceback = 'Traceback (most recent call last):\n  File "x.py", line 3\nValueError: nope\n';
    assert.deepStrictEqual(failureParts(traceback), { error: 'ValueError: nope', traceback });
  });

  it('says stopped for a run this window stopped, even where the service recorded it as failed', () => {
    const run = {
      function_run_id: 'r1',
      function_id: 'f',
      status: 'failed',
      created_at: '2026-12-02T06:00:00Z',
      updated_at: '2026-12-02T06:00:02Z',
      variables: {},
      result: 'Traceback…\nKeyboardInterrupt',
    };
    assert.strictEqual(summarizeRunForPage(run as never, true).status, 'stopped');
    assert.strictEqual(summarizeRunForPage(run as never, false).status, 'failed');
    assert.strictEqual(runEndFromRun(run as never, true)?.status, 'stopped');
    assert.strictEqual(runEndFromRun(run as never, false)?.status, 'failed');
    assert.strictEqual(summarizeRunForPage({ ...run, status: 'closed' } as never, true).status, 'closed', 'a run that ended before the stop took is closed');
  });

  it('gives a history row the duration of a run that ended, none to an active one (its row would show it standing still)', () => {
    const run = { function_run_id: 'r1', function_id: 'f', created_at: '2026-12-02T06:00:00Z', updated_at: '2026-12-02T06:00:02.500Z', variables: {} };
    assert.strictEqual(summarizeRunForPage({ ...run, status: 'closed' } as never).durationMs, 2500);
    assert.strictEqual(summarizeRunForPage({ ...run, status: 'active' } as never).durationMs, undefined);
  });

  it('says a function the server does not have is gone, how to fix a file linked to it, and raises the linked file warning', () => {
    const gone: string[] = [];
    const ctx = (files: number) =>
      ({ connection: { label: '127.0.0.1:8765' }, linked: { functionGone: (id: string) => gone.push(id), links: { filesOf: () => new Array(files) } } }) as never;
    const notFound = new NotteApiError('not_found', 'Function ghost_fn not found.', { status: 404 });
    assert.strictEqual(
      loadFailure('ghost_fn', notFound, ctx(1)),
      'There is no function ghost_fn on 127.0.0.1:8765: a file of this workspace is linked to it. Link that file to another function, or unlink it (Notte: Link to Function…, Unlink from Function).',
    );
    assert.strictEqual(loadFailure('ghost_fn', notFound, ctx(0)), 'There is no function ghost_fn on 127.0.0.1:8765.');
    assert.deepStrictEqual(gone, ['ghost_fn', 'ghost_fn']);
    assert.match(loadFailure('f', new NotteApiError('network', 'cannot reach 127.0.0.1:1'), ctx(1)), /^Could not load function f: /);
    assert.strictEqual(gone.length, 2, 'only a function that is gone raises the warning');
  });
});
