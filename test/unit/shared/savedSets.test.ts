import * as assert from 'assert';
import { parseSavedSets, renamedSet, SavedSetsError, serializeSavedSets, setsFileName, withoutSet, withSet } from '../../../src/shared/savedSets';
import { fieldKind, fieldSpecs, resolveVariables, textsFor, validateText } from '../../../src/shared/variables';
import { ECHO_VARIABLES } from '../helpers/examples';

describe('saved variable sets', () => {
  it('reads a list of named sets and keeps what a person added by hand', () => {
    const text = '[\n  {"name": "smoke", "variables": {"url": "https://example.com"}, "note": "mine"}\n]';
    const sets = parseSavedSets(text);
    assert.deepStrictEqual(sets, [{ name: 'smoke', variables: { url: 'https://example.com' }, note: 'mine' }]);
    const next = withSet(sets, 'smoke', { url: 'https://example.org' });
    assert.deepStrictEqual(next, [{ name: 'smoke', variables: { url: 'https://example.org' }, note: 'mine' }]);
    assert.deepStrictEqual(parseSavedSets(serializeSavedSets(next)), next);
  });

  it('names the line of a problem', () => {
    const cases: [string, number, RegExp][] = [
      ['[\n  {"name": "a", "variables": {}},\n  {"name": "b", "variables": {"x": 1,}}\n]', 3, /^this is not valid JSON: a comma before "}"$/],
      ['[\n  {"name": "a" "variables": {}}\n]', 2, /^this is not valid JSON: expected "," or "}"$/],
      ['{"name": "a"}', 1, /JSON array/],
      ['[\n  {"name": "a", "variables": {}},\n\n  {"variables": {}}\n]', 4, /no "name"/],
      ['[\n  {"name": "a", "variables": []}\n]', 2, /no "variables" object/],
      ['[\n  {"name": "a", "variables": {}},\n  {"name": "a", "variables": {}}\n]', 3, /used twice/],
      ['[\n  1\n]', 2, /not an object/],
    ];
    for (const [text, line, reason] of cases) {
      assert.throws(
        () => parseSavedSets(text),
        (error: unknown) => error instanceof SavedSetsError && error.line === line && reason.test(error.reason),
        text,
      );
    }
    assert.deepStrictEqual(parseSavedSets('  \n'), []);
  });

  it('renames and deletes by name, refusing a clash', () => {
    const sets = [
      { name: 'a', variables: {} },
      { name: 'b', variables: { x: 1 } },
    ];
    assert.deepStrictEqual(
      renamedSet(sets, 'a', 'c').map((s) => s.name),
      ['c', 'b'],
    );
    assert.throws(() => renamedSet(sets, 'a', 'b'), /exists already/);
    assert.throws(() => renamedSet(sets, 'zz', 'y'), /no set named/);
    assert.deepStrictEqual(withoutSet(sets, 'a'), [{ name: 'b', variables: { x: 1 } }]);
  });

  it('makes a tidy file name from the function', () => {
    assert.strictEqual(setsFileName('echo_variables', 'id-1'), 'echo_variables.json');
    assert.strictEqual(setsFileName('My Func / v2', 'id-1'), 'My_Func_v2.json');
    assert.strictEqual(setsFileName(undefined, 'fn-123'), 'fn-123.json');
    assert.strictEqual(setsFileName('../..', 'x'), 'function.json');
  });
});

describe('form fields from a signature (shared with Run Function)', () => {
  const echo = [...ECHO_VARIABLES, { name: 'when', type: 'datetime', default: 'datetime.now()' }];

  it('picks a field kind per annotation and marks defaults and required', () => {
    assert.deepStrictEqual(
      echo.map((p) => fieldKind(p.type)),
      ['text', 'int', 'float', 'bool', 'json', 'json', 'literal', 'json'],
    );
    const specs = fieldSpecs(echo);
    assert.deepStrictEqual(specs[0], { name: 'name', type: 'str', kind: 'text', required: true });
    assert.strictEqual(specs[4].defaultText, '["a","b"]');
    assert.strictEqual(specs[3].defaultText, 'false');
    assert.strictEqual(specs[7].defaultSource, 'datetime.now()');
    assert.strictEqual(specs[7].defaultText, undefined);
  });

  it('refuses 1.5 for an int and bad JSON for a dict, and wants the required ones', () => {
    assert.match(validateText(echo[1], '1.5')!, /whole number/);
    assert.strictEqual(validateText(echo[1], '15'), undefined);
    assert.match(validateText(echo[5], '{"a": ')!, /JSON object/);
    assert.strictEqual(validateText(echo[5], 'None'), undefined);
    assert.match(validateText(echo[0], '')!, /no default/);
    assert.strictEqual(validateText(echo[1], ''), undefined);
  });

  it('sends defaults for untouched fields, and reads back what it sent', () => {
    const texts = ['it\'s "q" $HOME `x` <script>', undefined, undefined, 'true', '["x"]', '{"k": 1}', undefined, undefined];
    const values = resolveVariables(echo, texts);
    assert.deepStrictEqual(values, { name: 'it\'s "q" $HOME `x` <script>', count: 2, ratio: 0.5, enabled: true, tags: ['x'], options: { k: 1 }, note: null });
    assert.deepStrictEqual(resolveVariables(echo, textsFor(echo, values)), values);
  });
});
