import * as assert from 'assert';
import * as fc from 'fast-check';
import { describeDiff, diffJson } from '../../../src/contracts/jsonDiff';

const lines = (before: unknown, after: unknown) => describeDiff(diffJson(before, after));

describe('contracts: the diff of two results', () => {
  it('says a key was removed, added or changed, by its path', () => {
    assert.deepStrictEqual(lines({ name: 'tea', price: 12.5 }, { name: 'tea' }), ['$.price: removed (was 12.5)']);
    assert.deepStrictEqual(lines({ name: 'tea' }, { name: 'tea', stock: 3 }), ['$.stock: added (3)']);
    assert.deepStrictEqual(lines({ count: 3, shop: { open: true } }, { count: 0, shop: { open: 'no' } }), ['$.count: 3 → 0', '$.shop.open: true → "no"']);
    assert.deepStrictEqual(lines({ 'unit price': 1 }, {}), ['$["unit price"]: removed (was 1)']);
  });

  it('walks lists by position and tells the elements past the shorter one as one change', () => {
    const before = {
      items: [
        { name: 'tea', price: 3.5 },
        { name: 'cake', price: 4 },
        { name: 'pie', price: 5 },
      ],
    };
    assert.deepStrictEqual(lines(before, { items: [{ name: 'tea' }] }), ['$.items[0].price: removed (was 3.5)', '$.items[1…2]: removed (was a list of 2)']);
    assert.deepStrictEqual(lines([1], [1, 2]), ['$[1]: added (2)']);
    assert.deepStrictEqual(lines(before, { items: [] }), ['$.items[0…2]: removed (was a list of 3)']);
  });

  it('tells a change of kind, big values by their size, and says nothing for equal values', () => {
    const big = { a: 'x'.repeat(30), b: 'y'.repeat(30) };
    assert.deepStrictEqual(lines({ data: big }, { data: [] }), ['$.data: an object of 2 keys → []']);
    assert.deepStrictEqual(lines('Done', 'Done, twice'), ['$: "Done" → "Done, twice"']);
    assert.deepStrictEqual(lines(null, {}), ['$: null → {}']);
    fc.assert(fc.property(fc.jsonValue(), (value) => assert.deepStrictEqual(diffJson(value, structuredClone(value)), [])));
  });

  it('keeps a long diff readable: ten lines, then how many more', () => {
    const before = Object.fromEntries(Array.from({ length: 15 }, (_, i) => [`k${i}`, i]));
    const shown = lines(before, {});
    assert.strictEqual(shown.length, 11);
    assert.strictEqual(shown[10], '… and 5 more changes');
  });
});
