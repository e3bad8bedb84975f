import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/localServer';
import { fileSchemaError } from '../../../src/shared/fileSchemas';

interface Schema {
  description?: string;
  markdownDescription?: string;
  properties?: Record<string, Schema>;
  definitions?: Record<string, Schema>;
  items?: Schema;
  $ref?: string;
}

/** Every field a person can type (properties, at any depth), with where it is. */
function fields(schema: Schema, at: string): [string, Schema][] {
  const own = Object.entries(schema.properties ?? {}).map(([name, field]): [string, Schema] => [`${at}.${name}`, field]);
  const nested = [...Object.entries(schema.definitions ?? {}).map(([name, s]): [string, Schema] => [`${at}#${name}`, s]), ...own];
  return [...own, ...nested.flatMap(([where, s]) => fields(s, where))];
}

describe('the JSON Schemas of our files (editor and extension alike)', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const mapped: { fileMatch: string; url: string }[] = pkg.contributes.jsonValidation;

  it('maps the saved sets and the link file to schemas that ship in the .vsix', () => {
    assert.deepStrictEqual(
      mapped.map((m) => [m.fileMatch, m.url]),
      [
        ['.notte/variables/*.json', './media/schemas/saved-sets.schema.json'],
        ['.notte/functions.json', './media/schemas/functions.schema.json'],
      ],
    );
    const shipped = fs.readFileSync(path.join(REPO_ROOT, '.vscodeignore'), 'utf8').split('\n');
    assert.ok(shipped.includes('!media/schemas/*.schema.json'), '.vscodeignore lets the schemas in');
    for (const { url } of mapped) assert.ok(fs.existsSync(path.join(REPO_ROOT, url)), url);
  });

  it('describes every field, in plain text and markdown, for completion and hover', () => {
    for (const { url } of mapped) {
      const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, url), 'utf8')) as Schema;
      const all = [['$', schema] as [string, Schema], ...fields(schema, '$')];
      assert.ok(all.length > 5, url);
      for (const [where, field] of all) {
        assert.ok(field.description && field.markdownDescription, `${url} ${where} has a description and a markdownDescription`);
      }
    }
  });

  it('checks the same shapes the editor does: a contract field of the wrong type, an unknown one, a link without its id', () => {
    assert.strictEqual(fileSchemaError('savedSets', [{ name: 'a', variables: {}, expect: { maxSeconds: 5, logs: { mustContain: ['x'] } } }]), undefined);
    assert.strictEqual(fileSchemaError('savedSets', [{ name: 'a', variables: {}, expect: { maxSeconds: '5' } }])?.instancePath, '/0/expect/maxSeconds');
    assert.strictEqual(fileSchemaError('savedSets', [{ name: 'a', variables: {}, expect: { timeout: 5 } }])?.keyword, 'additionalProperties');
    assert.strictEqual(fileSchemaError('linkFile', { functions: { 'a.py': { functionId: 'x', apiUrl: 'u' } }, mine: 1 }), undefined);
    assert.strictEqual(fileSchemaError('linkFile', { functions: { 'a.py': [{ apiUrl: 'u' }] } })?.instancePath, '/functions/a.py/0');
  });
});
