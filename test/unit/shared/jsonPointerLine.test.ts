import * as assert from 'assert';
import * as fc from 'fast-check';
import { jsonPath, pointerOf, pointerPath, pointerSegments } from '../../../src/shared/jsonPath';
import { pointerLine, pointerOffset } from '../../../src/shared/jsonPointerLine';

describe('JSON Pointers: the line of a place in a file, and its $. path', () => {
  const text = [
    '[', //                                              1
    '  {', //                                            2
    '    "name": "a ]} \\" [", "variables": {},', //      3
    '    "nested": {"name": "inner"},', //                4
    '    "expect": {', //                                 5
    '      "maxSeconds": "60",', //                       6
    '      "logs": {"mustContain": [', //                 7
    '        "x",', //                                    8
    '        3', //                                       9
    '      ]}', //                                        10
    '    }', //                                           11
    '  },', //                                            12
    '  {"name": "b", "a/b~c": 1}', //                    13
    ']',
  ].join('\n');

  it('finds an element, a key, a key after strings holding brackets and quotes, and an escaped key', () => {
    const cases: [string, number][] = [
      ['', 1],
      ['/0', 2],
      ['/0/variables', 3],
      ['/0/expect/maxSeconds', 6],
      ['/0/expect/logs/mustContain/1', 9],
      ['/1', 13],
      ['/1/a~1b~0c', 13],
    ];
    for (const [pointer, line] of cases) assert.strictEqual(pointerLine(text, pointer), line, pointer);
  });

  it('takes the key at its own depth, not a same-named one inside another value', () => {
    const nested = '{\n  "nested": {"name": 1},\n  "name": 2\n}';
    assert.strictEqual(pointerLine(nested, '/name'), 3);
    assert.strictEqual(pointerLine(nested, '/nested/name'), 2);
  });

  it('answers the deepest existing place when the pointer goes further (a missing key, an index past the end)', () => {
    assert.strictEqual(pointerLine(text, '/0/expect/status'), 5);
    assert.strictEqual(pointerLine(text, '/0/expect/logs/mustContain/7'), 7);
    assert.strictEqual(pointerLine(text, '/5/name'), 1);
    assert.strictEqual(pointerLine(text, '/0/name/deeper'), 3);
  });

  it('lands exactly on every member and element of any JSON value (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        const compact = JSON.stringify(value);
        const visit = (at: unknown, segments: (string | number)[]): void => {
          if (!at || typeof at !== 'object') return;
          for (const [key, child] of Object.entries(at)) {
            const next = [...segments, Array.isArray(at) ? Number(key) : key];
            const offset = pointerOffset(compact, pointerOf(next));
            const expected = Array.isArray(at) ? JSON.stringify(child) : `${JSON.stringify(key)}:${JSON.stringify(child)}`;
            assert.ok(compact.startsWith(expected, offset), `${pointerOf(next)} in ${compact}`);
            visit(child, next);
          }
        };
        visit(value, []);
      }),
    );
  });

  it('spells paths for people and reads pointers back', () => {
    assert.strictEqual(jsonPath(['items', 0, 'price']), '$.items[0].price');
    assert.strictEqual(jsonPath(['a b', 'ok_1', '$x']), '$["a b"].ok_1.$x');
    assert.strictEqual(jsonPath([]), '$');
    assert.deepStrictEqual(pointerSegments('/a~1b/~0/0'), ['a/b', '~', '0']);
    assert.strictEqual(pointerOf(['a/b', '~', 0]), '/a~1b/~0/0');
    assert.strictEqual(pointerPath('/items/0/7', { items: [{ 7: 'x' }] }), '$.items[0]["7"]');
  });
});
