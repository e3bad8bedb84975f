// Every string a user reads in package.json (titles, descriptions, labels, welcome text) is a %key%
// of package.nls.json, so it can be translated; each package.nls.<language>.json translates only keys
// that exist, keeping their {0} and `code` parts.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;

/** Fields whose text VS Code shows to the user (the tools' input schemas and modelDescription are read by models, in English). */
const SHOWN = new Set([
  'title',
  'shortTitle',
  'category',
  'description',
  'markdownDescription',
  'displayName',
  'userDescription',
  'label',
  'contents',
  'contextualTitle',
  'name',
  'altText',
  'enumDescriptions',
  'markdownEnumDescriptions',
  'deprecationMessage',
  'markdownDeprecationMessage',
]);
/** Where those field names mean something else (a debug configuration's name, a tool's id, a JSON schema's text for models). */
const NOT_SHOWN = [
  /^contributes\.debuggers\.\d+\.(initialConfigurations|configurationSnippets\.\d+\.body)\./,
  /^contributes\.languageModelTools\.\d+\.(name|inputSchema)/,
  /^contributes\.jsonValidation/,
];

function shownStrings(value: unknown, at: string, found: { at: string; text: string }[]): void {
  if (Array.isArray(value)) value.forEach((item, i) => shownStrings(item, `${at}.${i}`, found));
  else if (value && typeof value === 'object') for (const [key, inner] of Object.entries(value)) shownStrings(inner, at ? `${at}.${key}` : key, found);
  else if (typeof value === 'string') {
    const parts = at.split('.');
    const field = /^\d+$/.test(parts[parts.length - 1]) ? parts[parts.length - 2] : parts[parts.length - 1];
    if (SHOWN.has(field) && !NOT_SHOWN.some((rule) => rule.test(at))) found.push({ at, text: value });
  }
}

function placeholders(text: string): string[] {
  return [...(text.match(/\{\d+\}|`[^`]+`/g) ?? [])].sort();
}

describe('package.json: its shown strings are localisable', () => {
  const manifest = read('package.json');
  const nls = read('package.nls.json') as Record<string, string>;
  const shown: { at: string; text: string }[] = [];
  shownStrings({ displayName: manifest.displayName, description: manifest.description, contributes: manifest.contributes, capabilities: manifest.capabilities }, '', shown);

  it('writes each as a %key% that package.nls.json defines', () => {
    const literal = shown.filter((s) => !/^%[^%]+%$/.test(s.text)).map((s) => `${s.at}: ${s.text}`);
    assert.deepStrictEqual(literal, [], 'strings written in package.json instead of package.nls.json');
    const missing = shown.map((s) => s.text.slice(1, -1)).filter((key) => typeof nls[key] !== 'string');
    assert.deepStrictEqual(missing, []);
  });

  it('defines no key in package.nls.json that package.json does not use', () => {
    const used = new Set(
      JSON.stringify(manifest)
        .match(/%[^%"]+%/g)
        ?.map((k) => k.slice(1, -1)),
    );
    assert.deepStrictEqual(
      Object.keys(nls).filter((key) => !used.has(key)),
      [],
    );
  });

  it('translates in each package.nls.<language>.json only keys that exist, with the same placeholders and code', () => {
    const translations = fs.readdirSync(ROOT).filter((file) => /^package\.nls\.[a-z-]+\.json$/i.test(file));
    for (const file of translations) {
      const translated = read(file) as Record<string, string>;
      for (const [key, text] of Object.entries(translated)) {
        assert.ok(key in nls, `${file}: ${key} is not a key of package.nls.json`);
        assert.deepStrictEqual(
          placeholders(text).filter((p) => p.startsWith('{')),
          placeholders(nls[key]).filter((p) => p.startsWith('{')),
          `${file}: ${key}`,
        );
      }
    }
  });
});
