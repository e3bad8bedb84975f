import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LAST_PASSING_FILE, LastPassingFile } from '../../../src/contracts/lastPassing';
import { fillMasked, variablesProblem } from '../../../src/contracts/preflight';
import { functionForSetsFile, SetTest, testsMatching, testsOfSetsFile, testTitle } from '../../../src/contracts/setTests';
import type { NotteFunction } from '../../../src/api/types';
import { MASK } from '../../../src/api/redact';

const URL = 'http://127.0.0.1:8765';
const SETS = JSON.stringify([
  { name: 'smoke', variables: { shop: 'corner' }, expect: { maxSeconds: 60 } },
  { name: 'empty', variables: { shop: 'closed', empty: true } },
]);

function fn(variables: NotteFunction['variables']): NotteFunction {
  return { function_id: 'fn_1', name: 'prices', variables, created_at: '', updated_at: '' };
}

describe('contracts: saved sets as tests', () => {
  it('finds the function a sets file is named after: by name, by id, a linked one first, two of a name told', () => {
    const listed = [
      { function_id: 'fn_1', name: 'prices' },
      { function_id: 'fn_2', name: 'My Shop / v2' },
      { function_id: 'fn-3', name: null },
    ];
    assert.deepStrictEqual(functionForSetsFile('prices.json', [], listed, URL), { fn: listed[0] });
    assert.deepStrictEqual(functionForSetsFile('My_Shop_v2.json', [], listed, URL), { fn: listed[1] });
    assert.deepStrictEqual(functionForSetsFile('fn-3.json', [], listed, URL), { fn: listed[2] });
    assert.deepStrictEqual(functionForSetsFile('fn_2.json', [], listed, URL), { fn: listed[1] }, 'a file named by the id');
    const twins = [...listed, { function_id: 'fn_9', name: 'prices' }];
    assert.deepStrictEqual(functionForSetsFile('prices.json', [{ function_id: 'fn_9', name: 'prices' }], twins, URL), { fn: { function_id: 'fn_9', name: 'prices' } });
    assert.deepStrictEqual(functionForSetsFile('prices.json', [], twins, URL), {
      problem: `2 functions on ${URL} give this file name (fn_1, fn_9): link the function's file in .notte/functions.json to choose`,
    });
    assert.deepStrictEqual(functionForSetsFile('gone.json', [], listed, URL), {
      problem: `no function on ${URL} is named "gone" (a sets file is named after its function's name, else its id)`,
    });
  });

  it("makes a test of each set, in the file's order, with its contract", () => {
    const tests = testsOfSetsFile('prices.json', '.notte/variables/prices.json', SETS, { fn: { function_id: 'fn_1', name: 'prices' } });
    assert.deepStrictEqual(
      tests.map((t) => [t.id, testTitle(t), t.functionId, t.expect, t.problem]),
      [
        ['prices.json#smoke', 'prices / smoke', 'fn_1', { maxSeconds: 60 }, undefined],
        ['prices.json#empty', 'prices / empty', 'fn_1', undefined, undefined],
      ],
    );
  });

  it('fails a file that is not JSON as one test at its line, each broken set at its line while the others run, and each set of a function not found', () => {
    const notJson = testsOfSetsFile('prices.json', '.notte/variables/prices.json', '[\n  {"name": "a", "variables": {}},\n]', { fn: { function_id: 'fn_1' } });
    assert.deepStrictEqual(
      notJson.map((t) => [t.id, testTitle(t), t.problem?.replace(/JSON: .*/, 'JSON: …')]),
      [['prices.json', 'fn_1', '.notte/variables/prices.json: line 3: this is not valid JSON: …']],
    );
    const text = [
      '[',
      '  {"name": "a", "variables": {}, "expect": {"maxSeconds": "9"}},',
      '  {"name": "good", "variables": {"x": 1}},',
      '  {"variables": {}},',
      '  {"name": "good", "variables": {}},',
      '  {"name": "schema", "variables": {}, "expect": {"result": {"$ref": "#/nowhere"}}},',
      '  {"name": "last", "variables": {}, "expect": {"nonEmpty": "yes"}}',
      ']',
    ].join('\n');
    const sets = testsOfSetsFile('prices.json', '.notte/variables/prices.json', text, { fn: { function_id: 'fn_1' } });
    assert.deepStrictEqual(
      sets.map((t) => [t.id, testTitle(t), t.problem?.replace(/can be used: .*/, 'can be used: …')]),
      [
        ['prices.json#a', 'fn_1 / a', '.notte/variables/prices.json: line 2: set "a": "expect.maxSeconds" must be a number, not a string'],
        ['prices.json#good', 'fn_1 / good', undefined],
        ['prices.json#3', 'fn_1 / set 3', '.notte/variables/prices.json: line 4: set 3 has no "name" (a non-empty string)'],
        ['prices.json#4', 'fn_1 / good', '.notte/variables/prices.json: line 5: the name "good" is used twice'],
        ['prices.json#schema', 'fn_1 / schema', '.notte/variables/prices.json: line 6: set "schema": "expect.result" is not a JSON Schema that can be used: …'],
        ['prices.json#last', 'fn_1 / last', '.notte/variables/prices.json: line 7: set "last": "expect.nonEmpty" must be true or false, not a string'],
      ],
    );
    assert.deepStrictEqual(sets[1].variables, { x: 1 });
    const orphans = testsOfSetsFile('gone.json', '.notte/variables/gone.json', SETS, { problem: 'no function named "gone"' });
    assert.deepStrictEqual(
      orphans.map((t) => [testTitle(t), t.problem]),
      [
        ['gone / smoke', 'no function named "gone"'],
        ['gone / empty', 'no function named "gone"'],
      ],
    );
    assert.deepStrictEqual(testsOfSetsFile('x.json', 'x.json', '', { problem: 'none' }), []);
  });

  it('keeps every id its own when a set is named as another set\'s place ("3")', () => {
    const text = JSON.stringify([{ name: '3', variables: {} }, { name: 'x', variables: {} }, { name: 'x', variables: {} }, { variables: {} }]);
    const ids = testsOfSetsFile('p.json', 'p.json', text, { fn: { function_id: 'fn_1' } }).map((t) => t.id);
    assert.strictEqual(new Set(ids).size, 4, ids.join(' '));
    assert.deepStrictEqual(ids.slice(0, 2), ['p.json#3', 'p.json#x']);
  });

  it('picks tests by function, set name, or "function / set"', () => {
    const tests = [
      ...testsOfSetsFile('prices.json', 'p', SETS, { fn: { function_id: 'fn_1', name: 'prices' } }),
      ...testsOfSetsFile('menu.json', 'm', SETS, { fn: { function_id: 'fn_2', name: 'menu' } }),
    ];
    const titles = (pattern: RegExp) => testsMatching(tests, pattern).map(testTitle);
    assert.deepStrictEqual(titles(/menu/i), ['menu / smoke', 'menu / empty']);
    assert.deepStrictEqual(titles(/^empty$/), ['prices / empty', 'menu / empty']);
    assert.deepStrictEqual(titles(/prices \/ smoke/), ['prices / smoke']);
    assert.deepStrictEqual(titles(/fn_2/), ['menu / smoke', 'menu / empty']);
    assert.deepStrictEqual(titles(/nothing/), []);
  });

  it('fails a set whose variable was renamed or removed, naming the set and the parameter', () => {
    const test: SetTest = { id: 'p#smoke', functionId: 'fn_1', functionLabel: 'prices', setName: 'smoke', variables: { shop_name: 'corner', empty: false } };
    const renamed = fn([
      { name: 'shop', type: 'str', default: null },
      { name: 'empty', type: 'bool', default: 'False' },
    ]);
    assert.strictEqual(
      variablesProblem(test, renamed),
      'set "smoke" gives "shop_name", which run(...) of prices does not take (renamed or removed?), and does not give "shop", which it needs; its parameters: shop, empty',
    );
    assert.strictEqual(
      variablesProblem({ ...test, variables: { empty: true } }, renamed),
      'set "smoke" does not give "shop", which run(...) of prices needs (no default); its parameters: shop, empty',
    );
    assert.strictEqual(variablesProblem({ ...test, variables: { shop: 'x' } }, renamed), undefined);
    assert.strictEqual(variablesProblem(test, fn(null)), undefined, 'a server that does not tell the parameters');
  });

  it('fills the values a set keeps masked, or tells which are missing', () => {
    assert.deepStrictEqual(
      fillMasked({ user: 'me', password: MASK }, (name) => (name === 'password' ? 's3cret' : undefined)),
      { variables: { user: 'me', password: 's3cret' } },
    );
    assert.deepStrictEqual(
      fillMasked({ password: MASK, token: MASK }, () => undefined),
      { missing: ['password', 'token'] },
    );
  });
});

describe('contracts: the last passing results file', () => {
  it('keeps results by test id in a folder git ignores, and starts empty on a missing or broken file', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-last-passing-'));
    try {
      const file = path.join(root, LAST_PASSING_FILE);
      const store = new LastPassingFile(file);
      assert.strictEqual(store.get('prices.json#smoke'), undefined);
      store.set('prices.json#smoke', { items: [1] });
      store.save();
      assert.deepStrictEqual(new LastPassingFile(file).get('prices.json#smoke'), { items: [1] });
      assert.strictEqual(fs.readFileSync(path.join(root, '.notte', '.cache', '.gitignore'), 'utf8').split('\n')[1], '*');
      fs.writeFileSync(file, '{ broken');
      assert.strictEqual(new LastPassingFile(file).get('prices.json#smoke'), undefined);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
