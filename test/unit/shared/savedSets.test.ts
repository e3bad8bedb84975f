import * as assert from 'assert';
import { parseSavedSets, renamedSet, savedSetNames, SavedSetsError, serializeSavedSets, setsFileName, withoutSet, withSet } from '../../../src/shared/savedSets';
import { boxPrompt, fieldKind, fieldSpecs, missingRequired, resolveVariables, textsFor, validateText } from '../../../src/shared/variables';
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

  it("keeps a set's contract untouched when its variables are saved again", () => {
    const expect = {
      status: 'closed',
      result: { type: 'object', required: ['price'] },
      nonEmpty: true,
      maxSeconds: 60,
      logs: { mustContain: ['done'], mustNotContain: ['ERROR'] },
    };
    const sets = parseSavedSets(JSON.stringify([{ name: 'smoke', variables: { url: 'a' }, expect, note: 'mine' }], null, 2));
    const again = parseSavedSets(serializeSavedSets(withSet(sets, 'smoke', { url: 'b' })));
    assert.deepStrictEqual(again, [{ name: 'smoke', variables: { url: 'b' }, expect, note: 'mine' }]);
  });

  it('names the line of a broken contract, with what is wrong in it', () => {
    const file = (expect: string) => `[\n  {"name": "ok", "variables": {}},\n  {\n    "name": "smoke",\n    "variables": {},\n    "expect": ${expect}\n  }\n]`;
    const cases: [string, number, RegExp][] = [
      ['[]', 6, /^set "smoke": "expect" must be an object, not a list$/],
      ['{\n      "maxSeconds": "60"\n    }', 7, /^set "smoke": "expect\.maxSeconds" must be a number, not a string$/],
      ['{"maxSeconds": 0}', 6, /"expect\.maxSeconds" must be > 0/],
      ['{\n      "status": "done"\n    }', 7, /"expect\.status" must be one of "closed", "failed", not "done"$/],
      ['{\n      "nonEmpty": "yes"\n    }', 7, /"expect\.nonEmpty" must be true or false, not a string/],
      ['{\n      "logs": {"mustContain": "Logged in"}\n    }', 7, /"expect\.logs\.mustContain" must be a list, not a string/],
      ['{\n      "maxSecond": 3\n    }', 7, /"expect\.maxSecond" is not allowed here \(an unknown field\)/],
      ['{\n      "result": {\n        "type": "objetc"\n      }\n    }', 8, /"expect\.result\.type" must be one of "array", "boolean"/],
      ['{\n      "result": {"type": "object", "requried": ["a"]}\n    }', 7, /^set "smoke": "expect\.result" is not a JSON Schema that can be used: unknown keyword: "requried"$/],
      ['{\n      "result": {"$ref": "#/definitions/nowhere"}\n    }', 7, /is not a JSON Schema that can be used: can't resolve reference/],
      ['{\n      "result": 3\n    }', 7, /"expect\.result" must be/],
    ];
    for (const [expect, line, reason] of cases) {
      assert.throws(
        () => parseSavedSets(file(expect)),
        (error: unknown) => error instanceof SavedSetsError && error.line === line && reason.test(error.reason),
        `${expect}: ${(() => {
          try {
            parseSavedSets(file(expect));
            return 'parsed';
          } catch (error) {
            return (error as Error).message;
          }
        })()}`,
      );
    }
    assert.strictEqual(parseSavedSets(file('{"result": true, "status": "failed", "nonEmpty": false}'))[1].expect?.status, 'failed');
  });

  it("lists the sets' names of a file whose contracts are left to be checked, and refuses at its line what cannot be listed", () => {
    const unusable = '[\n  {"name": "smoke", "variables": {}},\n  {"name": "price", "variables": {}, "expect": {"result": {"type": "objekt"}}}\n]';
    assert.deepStrictEqual(savedSetNames(unusable), ['smoke', 'price'], 'listed by name');
    assert.throws(
      () => parseSavedSets(unusable),
      (e: SavedSetsError) => e.line === 3 && /set "price": "expect\.result\.type" must be one of/.test(e.reason),
    );
    assert.deepStrictEqual(savedSetNames(' '), []);
    const cases: [string, number, RegExp][] = [
      ['[\n  {"name": "smoke", "variables": }\n]', 2, /^this is not valid JSON/],
      ['{"name": "smoke"}', 1, /must hold a JSON array of sets/],
      ['[\n  {"name": "a", "variables": {}},\n  {"name": "a", "variables": {}}\n]', 3, /the name "a" is used twice/],
      ['[\n  {"variables": {}}\n]', 2, /^set 1 has no "name"/],
      // A name of the wrong kind is told as such, not as missing.
      ['[\n  {"name": "a", "variables": {}},\n  {"name": 7, "variables": {}}\n]', 3, /^set 2: "name" must be a non-empty string, not 7$/],
    ];
    for (const [text, line, reason] of cases) {
      assert.throws(
        () => savedSetNames(text),
        (e: SavedSetsError) => e.line === line && reason.test(e.reason),
        text,
      );
    }
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

  it("prompts Run Function's box for what it holds: empty keeps the default, a filled one is cleared for it", () => {
    assert.strictEqual(boxPrompt(echo[1], ''), 'count (int) — leave empty to keep the default');
    assert.strictEqual(boxPrompt(echo[1], '7'), 'count (int) — clear it to use the default');
    assert.strictEqual(boxPrompt(echo[0], 'Ada'), 'name (str) — required');
  });

  it('names the required variables a copied call would go without', () => {
    assert.deepStrictEqual(missingRequired(echo, { count: 2 }), ['name']);
    assert.deepStrictEqual(missingRequired(echo, { name: 'Ada' }), []);
  });

  it('sends defaults for untouched fields, and reads back what it sent', () => {
    const texts = ['it\'s "q" $HOME `x` <script>', undefined, undefined, 'true', '["x"]', '{"k": 1}', undefined, undefined];
    const values = resolveVariables(echo, texts);
    assert.deepStrictEqual(values, { name: 'it\'s "q" $HOME `x` <script>', count: 2, ratio: 0.5, enabled: true, tags: ['x'], options: { k: 1 }, note: null });
    assert.deepStrictEqual(resolveVariables(echo, textsFor(echo, values)), values);
  });
});
