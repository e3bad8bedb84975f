import * as assert from 'assert';
import * as fc from 'fast-check';
import { inferSchema } from '../../../src/contracts/schemaInference';
import { compileSchema, newSchemaValidator, violationsOf } from '../../../src/shared/jsonSchema';
import { parseSavedSets, serializeSavedSets, withExpectedResult } from '../../../src/shared/savedSets';

function violations(schema: unknown, value: unknown): string[] {
  const compiled = compileSchema(newSchemaValidator(), schema);
  assert.ok(compiled.ok, compiled.ok ? '' : compiled.message);
  return violationsOf(compiled.validate, value).map((v) => `${v.path} ${v.message}`);
}

const RESULT = {
  shop: 'corner',
  open: true,
  items: [
    { name: 'tea', price: 3.5, tags: ['hot'] },
    { name: 'cake', price: 4, tags: [] },
  ],
  note: null,
};

describe('contracts: schema inference (Save as expected)', () => {
  it('infers types, required keys, non-empty lists and the elements shape', () => {
    assert.deepStrictEqual(inferSchema(RESULT), {
      type: 'object',
      properties: {
        shop: { type: 'string' },
        open: { type: 'boolean' },
        items: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, price: { type: 'number' }, tags: { type: 'array', items: { type: 'string' } } },
            required: ['name', 'price', 'tags'],
          },
        },
        note: { type: 'null' },
      },
      required: ['shop', 'open', 'items', 'note'],
    });
  });

  it('accepts the value it was inferred from, and a whole price that gets cents', () => {
    assert.deepStrictEqual(violations(inferSchema(RESULT), RESULT), []);
    assert.deepStrictEqual(violations(inferSchema({ price: 12 }), { price: 12.5 }), []);
  });

  it('fails a result that lost a key, at that key, and a list that became empty', () => {
    const schema = inferSchema(RESULT);
    const { shop: _shop, ...noShop } = RESULT;
    assert.deepStrictEqual(violations(schema, noShop), ['$.shop is missing (required)']);
    const noPrice = { ...RESULT, items: [{ name: 'tea', tags: [] }] };
    assert.deepStrictEqual(violations(schema, noPrice), ['$.items[0].price is missing (required)']);
    assert.deepStrictEqual(violations(schema, { ...RESULT, items: [] }), ['$.items must have at least 1 item, has 0']);
  });

  it('keeps as required only the keys every element has, and merges differing element types', () => {
    assert.deepStrictEqual(inferSchema([{ a: 1, b: 'x' }, { a: 2 }]), {
      type: 'array',
      minItems: 1,
      items: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'string' } }, required: ['a'] },
    });
    assert.deepStrictEqual(inferSchema([1, 'a', null, 2]), { type: 'array', minItems: 1, items: { type: ['number', 'string', 'null'] } });
    assert.deepStrictEqual(inferSchema([{ a: 1 }, 3]), {
      type: 'array',
      minItems: 1,
      items: { anyOf: [{ type: 'object', properties: { a: { type: 'number' } }, required: ['a'] }, { type: 'number' }] },
    });
    assert.deepStrictEqual(inferSchema([]), { type: 'array' });
    assert.deepStrictEqual(inferSchema({}), { type: 'object' });
    assert.deepStrictEqual(inferSchema('plain text'), { type: 'string' });
  });

  it('accepts any JSON value it was inferred from (property), and the file takes the schema as a contract', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => assert.deepStrictEqual(violations(inferSchema(value), value), [])));
    const sets = parseSavedSets(JSON.stringify([{ name: 'smoke', variables: {}, expect: { result: inferSchema(RESULT) } }]));
    assert.deepStrictEqual(sets[0].expect?.result, inferSchema(RESULT));
  });

  it("writes the inferred schema into the set's contract, keeping its other fields and the other sets", () => {
    const sets = parseSavedSets(
      JSON.stringify([
        { name: 'smoke', variables: { shop: 'a' }, expect: { maxSeconds: 60, result: { type: 'array' } }, note: 'mine' },
        { name: 'other', variables: {} },
      ]),
    );
    const saved = parseSavedSets(serializeSavedSets(withExpectedResult(sets, 'smoke', inferSchema(RESULT))));
    assert.deepStrictEqual(saved, [
      { name: 'smoke', variables: { shop: 'a' }, expect: { maxSeconds: 60, result: inferSchema(RESULT) }, note: 'mine' },
      { name: 'other', variables: {} },
    ]);
    assert.deepStrictEqual(withExpectedResult([{ name: 'bare', variables: {} }], 'bare', { type: 'string' }), [
      { name: 'bare', variables: {}, expect: { result: { type: 'string' } } },
    ]);
    assert.throws(() => withExpectedResult(sets, 'nope', true), /no set named "nope"/);
  });
});
