import * as assert from 'assert';
import { detectFormat, parseCsvSets, parseJsonSets, VariableSetError } from '../../../src/shared/variableSets';
import { jsonErrorOffset } from '../../../src/shared/jsonWithLines';

function lineOf(fn: () => unknown): number {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof VariableSetError, `expected a VariableSetError, got ${error}`);
    return error.line;
  }
  assert.fail('expected an error');
}

describe('batch variable sets', () => {
  it('reads a JSON array of objects unchanged, hostile values included', () => {
    const sets = [
      { q: `it's "quoted" $HOME \`x\`\nnext`, n: 1 },
      { q: 'ünïcødé ✓', nested: { a: [1, { b: null }] } },
    ];
    assert.deepStrictEqual(parseJsonSets(JSON.stringify(sets, null, 2)), sets);
  });

  it('names the line of invalid JSON', () => {
    const text = '[\n  {"a": 1},\n  {"a": 2,,}\n]';
    assert.strictEqual(
      lineOf(() => parseJsonSets(text)),
      3,
    );
  });

  it('names the line of an item that is not an object', () => {
    const text = '[\n  {"a": 1},\n  {"a": "x, y"},\n  42\n]';
    assert.strictEqual(
      lineOf(() => parseJsonSets(text)),
      4,
    );
  });

  it('refuses a non-array and an empty array', () => {
    assert.throws(() => parseJsonSets('{"a": 1}'), /JSON array/);
    assert.throws(() => parseJsonSets('[]'), /empty/);
  });

  it('reads CSV with a header row, quoted cells and typed values', () => {
    const text = 'url,count,flag,tags\r\n"https://a.com/?q=1,2",3,true,"[""x""]"\nplain text, 4.5 ,false,{}\n';
    assert.deepStrictEqual(parseCsvSets(text), [
      { url: 'https://a.com/?q=1,2', count: 3, flag: true, tags: ['x'] },
      { url: 'plain text', count: 4.5, flag: false, tags: {} },
    ]);
  });

  it('keeps newlines inside quoted CSV cells and counts lines right after them', () => {
    const text = 'a,b\n"line one\nline two",1\nx\n';
    assert.strictEqual(
      lineOf(() => parseCsvSets(text)),
      4,
    );
    assert.deepStrictEqual(parseCsvSets('a,b\n"line one\nline two",1\n'), [{ a: 'line one\nline two', b: 1 }]);
  });

  it('names the line of a row with the wrong number of cells', () => {
    assert.strictEqual(
      lineOf(() => parseCsvSets('a,b\n1,2\n3\n')),
      3,
    );
  });

  it('detects the format from the name, then from the text', () => {
    assert.strictEqual(detectFormat('sets.CSV', '[]'), 'csv');
    assert.strictEqual(detectFormat(undefined, '  [{"a":1}]'), 'json');
    assert.strictEqual(detectFormat('Untitled-1', 'a,b\n1,2'), 'csv');
  });
});

describe('JSON error positions', () => {
  it('finds the first syntax error whatever the engine says', () => {
    assert.strictEqual(jsonErrorOffset('[1, 2,, 3]'), 6);
    assert.strictEqual(jsonErrorOffset('{"a": tru}'), 6);
    assert.strictEqual(jsonErrorOffset('[1, 2] x'), 7);
    assert.strictEqual(jsonErrorOffset('{"a": "unterminated'), 19);
  });
});
