import * as assert from 'assert';
import fc from 'fast-check';
import { parseSavedSets, renamedSet, SavedSet, withExpectedResult, withoutSet, withSet } from '../../../src/shared/savedSets';
import { editedSetsText } from '../../../src/shared/setsFileEdit';

/** A file as a person lays it out: four spaces, a set on one line, a note of their own, keys in their order. */
const HAND_WRITTEN = [
  '[',
  '    { "name": "tea", "variables": { "query": "tea", "max": 3 } },',
  '    {',
  '        "variables": { "query": "coffee", "max": 5 },',
  '        "name": "coffee",',
  '        "note": "the slow one",',
  '        "expect": { "maxSeconds": 90 }',
  '    },',
  '    { "name": "cocoa", "variables": { "query": "cocoa" } }',
  ']',
  '',
].join('\n');

function edit(change: (sets: SavedSet[]) => SavedSet[], text = HAND_WRITTEN): { text: string; sets: SavedSet[] } {
  const before = parseSavedSets(text);
  const after = change(before);
  const edited = editedSetsText(text, before, after);
  assert.deepStrictEqual(parseSavedSets(edited), after, 'the file holds exactly the changed sets');
  return { text: edited, sets: after };
}

/** The lines of `after` that are not in `before`, and those of `before` gone from it. */
function changedLines(before: string, after: string): { added: string[]; gone: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  return { added: b.filter((line) => !a.includes(line)), gone: a.filter((line) => !b.includes(line)) };
}

describe('saved sets written back as edits', () => {
  it("changes one variable's value on its line and leaves the rest of the file as it was laid out", () => {
    const { text } = edit((sets) => withSet(sets, 'coffee', { query: 'coffee', max: 8 }));
    assert.deepStrictEqual(changedLines(HAND_WRITTEN, text), {
      added: ['        "variables": { "query": "coffee", "max": 8 },'],
      gone: ['        "variables": { "query": "coffee", "max": 5 },'],
    });
  });

  it('appends a new set after the others, renames and removes in place, adds a contract field beside the ones there', () => {
    const added = edit((sets) => withSet(sets, 'matcha', { query: 'matcha' }));
    assert.ok(added.text.startsWith(HAND_WRITTEN.slice(0, HAND_WRITTEN.lastIndexOf('}') + 1)), added.text);
    assert.deepStrictEqual(changedLines(HAND_WRITTEN, edit((sets) => renamedSet(sets, 'tea', 'green tea')).text), {
      added: ['    { "name": "green tea", "variables": { "query": "tea", "max": 3 } },'],
      gone: ['    { "name": "tea", "variables": { "query": "tea", "max": 3 } },'],
    });
    const removed = edit((sets) => withoutSet(sets, 'coffee')).text;
    assert.deepStrictEqual(changedLines(HAND_WRITTEN, removed).added, []);
    assert.ok(removed.includes('    { "name": "cocoa", "variables": { "query": "cocoa" } }'));
    const expected = edit((sets) => withExpectedResult(sets, 'coffee', { type: 'array', minItems: 1 })).text;
    assert.ok(expected.includes('"maxSeconds": 90'), expected);
    assert.deepStrictEqual(changedLines(HAND_WRITTEN, expected).gone, ['        "expect": { "maxSeconds": 90 }']);
  });

  it('lays out anew, over lines, a one-line value whose new value does not fit a line (Save as Expected over a one-line schema)', () => {
    const text = [
      '[',
      '  { "name": "wants-price", "variables": { "name": "Ada" }, "expect": { "status": "closed", "result": { "type": "object", "required": ["price"] } } }',
      ']',
      '',
    ].join('\n');
    const inferred = {
      type: 'object',
      required: ['types', 'variables'],
      properties: { types: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } }, variables: { type: 'object' } },
    };
    const edited = edit((sets) => withExpectedResult(sets, 'wants-price', inferred), text).text;
    // Every line is either untouched or part of a block laid out one member per line, each within reach.
    for (const line of edited.split('\n')) assert.ok(line.length <= 110, `a line of ${line.length}: ${line}`);
    const collapsed = edited.replace(/\n\s*/g, ' ');
    assert.ok(!/\}\s*\}\s*\}/.test(collapsed.slice(0, collapsed.indexOf('"properties"'))), edited);
    assert.match(edited, /\n {6}"result": \{\n {8}"type": "object",/);
    assert.ok(edited.includes('"variables": { "name": "Ada" }'), 'what did not change keeps its line');
  });

  it("takes variables named like an object's own (constructor, valueOf), keeps an empty {} on its line, and a key written twice gets the whole file", () => {
    const text = '[\n  { "name": "a", "variables": { "valueOf": 1 } },\n  { "name": "b", "variables": {} }\n]\n';
    const edited = edit((sets) => withSet(withSet(sets, 'a', { constructor: 'c' }), 'b', { toString: 2 }), text).text;
    assert.strictEqual(edited, '[\n  { "name": "a", "variables": { "constructor": "c" } },\n  { "name": "b", "variables": { "toString": 2 } }\n]\n');
    const twice = '[{ "name": "a", "variables": { "max": 3, "max": 5 } }]';
    const before = parseSavedSets(twice);
    const after = withSet(before, 'a', { max: 8 });
    assert.deepStrictEqual(JSON.parse(editedSetsText(twice, before, after)), after, 'the value read back is the one saved');
  });

  it('writes an empty file whole, and any change of any file gives exactly the new sets', () => {
    assert.strictEqual(editedSetsText('', [], [{ name: 'a', variables: { x: 1 } }]), '[\n  {\n    "name": "a",\n    "variables": {\n      "x": 1\n    }\n  }\n]\n');
    const name = fc.constantFrom('a', 'b', 'c', 'd');
    const key = fc.constantFrom('x', 'y', 'constructor', 'valueOf');
    const set = fc.record({ name, variables: fc.dictionary(key, fc.jsonValue()), note: fc.option(fc.string(), { nil: undefined }) });
    const sets = fc.uniqueArray(set, { selector: (s) => s.name, maxLength: 4 });
    fc.assert(
      fc.property(sets, sets, fc.constantFrom(0, 2, 4), (before, after, indent) => {
        const clean = (list: SavedSet[]) => JSON.parse(JSON.stringify(list)) as SavedSet[];
        const text = JSON.stringify(clean(before), null, indent) || '[]';
        assert.deepStrictEqual(JSON.parse(editedSetsText(text, clean(before), clean(after))), clean(after));
      }),
    );
  });
});
