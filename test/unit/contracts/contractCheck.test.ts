import * as assert from 'assert';
import { checkContract, compileContract, isEmptyResult, RunObservation } from '../../../src/contracts/contractCheck';
import { tracebackIn } from '../../../src/shared/traceback';
import type { SetContract } from '../../../src/shared/savedSets';

const TRACEBACK = ['Traceback (most recent call last):', '  File "/tmp/shop.py", line 7, in run', "    {}['missing']", "KeyError: 'missing'", ''].join('\n');

function run(overrides: Partial<RunObservation> = {}): RunObservation {
  return { status: 'closed', result: '{"shop": "corner", "items": [{"name": "tea", "price": 3.5}]}', durationMs: 1200, logs: ['Visiting corner', 'found 1 items'], ...overrides };
}

/** The verdict's failures as "check: message". */
function check(contract: SetContract | undefined, observed: RunObservation): string[] {
  const compiled = compileContract(contract);
  assert.ok(compiled.ok, 'the contract compiles');
  return checkContract(compiled, observed).failures.map((f) => `${f.check}: ${f.message}`);
}

describe('contracts: the checker', () => {
  it('passes a closed run with a result when the set has no contract', () => {
    const compiled = compileContract(undefined);
    assert.ok(compiled.ok);
    const verdict = checkContract(compiled, run());
    assert.deepStrictEqual([verdict.passed, verdict.failures], [true, []]);
    assert.deepStrictEqual(verdict.value, { shop: 'corner', items: [{ name: 'tea', price: 3.5 }] }, 'JSON text is parsed');
  });

  it('fails an empty result ([], {}, "", blanks, null, as values or JSON text) unless nonEmpty is false', () => {
    for (const result of [[], {}, '', '   ', null, undefined, 'null', '[]', '{}', '""']) {
      assert.deepStrictEqual(check(undefined, run({ result })).length, 1, JSON.stringify(result));
      assert.match(check(undefined, run({ result }))[0], /^nonEmpty: the result is empty \((\[\]|\{\}|""|"   "|null)\)$/);
      assert.deepStrictEqual(check({ nonEmpty: false }, run({ result })), [], JSON.stringify(result));
    }
    for (const result of [0, false, '0', [null], { a: null }, 'x']) assert.deepStrictEqual(check(undefined, run({ result })), [], JSON.stringify(result));
    assert.strictEqual(isEmptyResult(' \n'), true);
  });

  it('fails "closed" with a Python traceback as its result, naming the exception; not a failed run expected to fail', () => {
    assert.deepStrictEqual(check(undefined, run({ result: TRACEBACK })), ["traceback: the run closed but its result is a Python traceback (KeyError: 'missing')"]);
    assert.deepStrictEqual(check(undefined, run({ result: JSON.stringify({ error: TRACEBACK }) })), [
      "traceback: the run closed but its result is a Python traceback (KeyError: 'missing')",
    ]);
    assert.deepStrictEqual(check({ status: 'failed' }, run({ status: 'failed', result: TRACEBACK })), []);
    assert.deepStrictEqual(check(undefined, run({ result: 'see File "a.py", line 3 for details' })), [], 'a mention of a file is no traceback');
    assert.strictEqual(tracebackIn({ list: [1, 'Traceback (most recent call last):\n  no frames'] }), '');
  });

  it('checks the status: a failed run with its error, a stopped one, one that never finished, one that should have failed', () => {
    assert.deepStrictEqual(check(undefined, run({ status: 'failed', result: 'Traceback (most recent call last):\n  File "f.py", line 1\nValueError: bad shop' })), [
      'status: the run failed: ValueError: bad shop',
    ]);
    assert.deepStrictEqual(check(undefined, run({ status: 'stopped', result: null })), ['status: the run was stopped before it ended']);
    assert.deepStrictEqual(check({ status: 'failed' }, run()), ['status: the run closed, but the contract expects "failed"']);
    assert.deepStrictEqual(check({ maxSeconds: 1 }, run({ status: 'error', result: undefined, error: 'Start run r1: cannot reach 127.0.0.1:9 (the connection was refused).' })), [
      'run: the run did not finish: Start run r1: cannot reach 127.0.0.1:9 (the connection was refused).',
    ]);
  });

  it('checks the result against the JSON Schema, each violation at its path', () => {
    const schema = {
      type: 'object',
      required: ['shop', 'items'],
      properties: { items: { type: 'array', minItems: 1, items: { type: 'object', required: ['price'], properties: { price: { type: 'number' } } } } },
    };
    assert.deepStrictEqual(check({ result: schema }, run()), []);
    const compiled = compileContract({ result: schema });
    assert.ok(compiled.ok);
    const verdict = checkContract(compiled, run({ result: { items: [{ price: 3 }, { price: '4' }, {}] } }));
    assert.deepStrictEqual(
      verdict.failures[0].violations?.map((v) => `${v.path} ${v.message}`),
      ['$.shop is missing (required)', '$.items[1].price must be a number, not a string', '$.items[2].price is missing (required)'],
    );
    assert.deepStrictEqual(verdict.failures[0].violations?.[1].pointer, '/items/1/price');
    assert.strictEqual(
      verdict.failures[0].message,
      'the result does not match the schema: $.shop is missing (required); $.items[1].price must be a number, not a string; $.items[2].price is missing (required)',
    );
    assert.deepStrictEqual(check({ result: schema }, run({ result: '{"shop": "x", "items": []}' })), [
      'result: the result does not match the schema: $.items must have at least 1 item, has 0',
    ]);
  });

  it("says what a value is where its content fails (a bound, a list of values, a pattern, a format), a secret's masked", () => {
    const schema = {
      type: 'object',
      properties: {
        count: { type: 'integer', minimum: 5 },
        state: { enum: ['open', 'closed'] },
        code: { type: 'string', pattern: '^[A-Z]{3}$' },
        note: { type: 'string', maxLength: 4 },
        password: { type: 'string', minLength: 12 },
      },
    };
    assert.deepStrictEqual(check({ result: schema }, run({ result: { count: 3, state: 'gone', code: 'ab1', note: 'x'.repeat(80), password: 'hunter2' } }))[0].split('; '), [
      'result: the result does not match the schema: $.count must be >= 5, not 3',
      '$.state must be one of "open", "closed", not "gone"',
      '$.code must match the pattern ^[A-Z]{3}$, not "ab1"',
      `$.note must NOT have more than 4 characters, not "${'x'.repeat(58)}…`,
      '$.password must be at least 12 characters long, not ••••••',
    ]);
    // A secret's name anywhere on the path, or inside the value shown (review: only the last key was looked at).
    const nested = {
      type: 'object',
      properties: {
        api_keys: { type: 'array', items: { type: 'string', pattern: '^sk-' } },
        login: { const: { ok: true } },
        auth: { type: 'object', properties: { value: { type: 'string', minLength: 40 } } },
      },
    };
    const told = check({ result: nested }, run({ result: { api_keys: ['AKIAsecretvalue'], login: { ok: false, token: 'eyJsecret' }, auth: { value: 'ghp_secret' } } }))[0];
    for (const secret of ['AKIAsecretvalue', 'eyJsecret', 'ghp_secret']) assert.ok(!told.includes(secret), told);
    assert.match(told, /\$\.api_keys\[0\] must match the pattern \^sk-, not ••••••/);
    assert.match(told, /\$\.login must be \{"ok":true\}, not \{"ok":false,"token":"••••••"\}/);
  });

  it('checks a result that is not JSON as a string, and tells at most five violations', () => {
    assert.deepStrictEqual(check({ result: { type: 'string', pattern: '^Done' } }, run({ result: 'Done: 3 rows' })), []);
    assert.deepStrictEqual(check({ result: { type: 'object' } }, run({ result: 'Done: 3 rows' })), [
      'result: the result does not match the schema: $ must be an object, not a string',
    ]);
    const wide = { type: 'object', required: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] };
    assert.match(check({ result: wide }, run({ result: { z: 1 } }))[0], /\$\.e is missing \(required\); and 2 more$/);
  });

  it('checks the duration against maxSeconds', () => {
    assert.deepStrictEqual(check({ maxSeconds: 60 }, run({ durationMs: 61_000 })), ['maxSeconds: it took 61.0 s, more than the 60 s allowed']);
    assert.deepStrictEqual(check({ maxSeconds: 60 }, run({ durationMs: 59_000 })), []);
    assert.deepStrictEqual(check({ maxSeconds: 0.5 }, run({ durationMs: 1234 })), ['maxSeconds: it took 1.2 s, more than the 0.5 s allowed']);
  });

  it('checks log texts as plain, case-sensitive substrings of one line (not regular expressions)', () => {
    const logs = ['Visiting corner', 'found 2 items', 'WARNING slow page'];
    assert.deepStrictEqual(check({ logs: { mustContain: ['found 2', 'Visiting'], mustNotContain: ['ERROR', 'error'] } }, run({ logs })), []);
    assert.deepStrictEqual(check({ logs: { mustContain: ['Logged in', 'found . items', 'FOUND'] } }, run({ logs })), [
      'logs: no log line contains "Logged in"',
      'logs: no log line contains "found . items"',
      'logs: no log line contains "FOUND"',
    ]);
    assert.deepStrictEqual(check({ logs: { mustNotContain: ['WARNING'] } }, run({ logs })), ['logs: a log line contains "WARNING": "WARNING slow page"']);
    assert.deepStrictEqual(check({ logs: { mustContain: ['corner found'] } }, run({ logs })), ['logs: no log line contains "corner found"'], 'within one line');
  });

  it('tells every failure of a run at once, in the order of the contract', () => {
    const contract: SetContract = { result: { type: 'array' }, maxSeconds: 1, logs: { mustContain: ['done'] } };
    assert.deepStrictEqual(check(contract, run({ result: '[]', durationMs: 2500 })), [
      'nonEmpty: the result is empty ([])',
      'maxSeconds: it took 2.5 s, more than the 1 s allowed',
      'logs: no log line contains "done"',
    ]);
  });

  it('refuses a result schema that cannot be used, saying why', () => {
    const broken = compileContract({ result: { type: 'object', requried: ['a'] } });
    assert.deepStrictEqual(broken, { ok: false, message: 'its "expect.result" is not a JSON Schema that can be used: unknown keyword: "requried"' });
    assert.ok(!compileContract({ result: [] as unknown as boolean }).ok);
  });
});
