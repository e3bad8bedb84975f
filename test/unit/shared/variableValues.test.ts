import * as assert from 'assert';
import type { FunctionVariable } from '../../../src/api/types';
import { readJsonVariables } from '../../../src/shared/variableValues';

const PARAMETERS: FunctionVariable[] = [
  { name: 'name', type: 'str', default: null },
  { name: 'count', type: 'int', default: '2' },
];

describe("Run Function's JSON box, read", () => {
  it('takes each variable as its own box would: a number as text converted, the defaults filled in', () => {
    assert.deepStrictEqual(readJsonVariables('{"name": "Ada", "count": "3"}', PARAMETERS), { ok: true, variables: { name: 'Ada', count: 3 } });
    assert.deepStrictEqual(readJsonVariables('{"name": "Ada"}', PARAMETERS), { ok: true, variables: { name: 'Ada', count: 2 } });
  });

  it('refuses what the run would fail on, in one line: a wrong type, a required variable left out, an unknown one, bad JSON', () => {
    const problem = (text: string) => {
      const read = readJsonVariables(text, PARAMETERS);
      assert.strictEqual(read.ok, false, text);
      return (read as { message: string }).message;
    };
    assert.match(problem('{"name": "Ada", "count": "three"}'), /^count \(int\): .*; got "three"\.$/);
    assert.strictEqual(problem('{"count": 3}'), 'name (str) has no default: give a value.');
    assert.match(problem('{"name": "Ada", "bogus": 1}'), /^Unknown variable: bogus \(expected name, count\)\.$/);
    assert.match(problem('{"name": '), /^Not valid JSON: /);
    assert.match(problem('[1]'), /^Variables must be a JSON object/);
    for (const message of [problem('{"count": "three"}')]) assert.ok(!message.includes('\n') && !message.includes("The function's parameters"), message);
  });

  it('takes null as None where run(...) defaults to None or its annotation allows it, and refuses it for a plain str', () => {
    const parameters: FunctionVariable[] = [
      { name: 'note', type: 'str', default: 'None' },
      { name: 'tags', type: 'list[str] | None', default: "['a']" },
      { name: 'item', type: 'Item', default: null },
      { name: 'title', type: 'str', default: "'x'" },
      { name: 'count', type: 'int', default: '2' },
    ];
    assert.deepStrictEqual(readJsonVariables('{"note": null, "tags": null, "item": null}', parameters), {
      ok: true,
      variables: { note: null, tags: null, item: null, title: 'x', count: 2 },
    });
    assert.deepStrictEqual(readJsonVariables('{"item": {}, "title": null, "count": null}', parameters), {
      ok: false,
      message: 'title (str): None (null) is not a str; got null. count (int): None (null) is not an int; got null.',
    });
  });

  it('sends any object as it is for a function that lists no parameters', () => {
    assert.deepStrictEqual(readJsonVariables('{"anything": [1, 2]}', []), { ok: true, variables: { anything: [1, 2] } });
  });
});
