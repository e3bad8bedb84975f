import * as assert from 'assert';
import { filesOfFunction, findLink, parseLinkFile, serializeLinkFile, withLink, withoutLink, emptyLinkFile } from '../../../src/shared/linkFile';
import { findJsonError } from '../../../src/shared/jsonWithLines';

describe('the link file (.notte/functions.json)', () => {
  it('round-trips links, keeps unknown top-level keys and normalizes URLs and paths', () => {
    const text = JSON.stringify({ comment: 'team file', functions: { 'a/b.py': { functionId: 'fn1', apiUrl: 'https://api.notte.cc/', name: 'b' } } });
    const parsed = parseLinkFile(text);
    assert.ok(parsed.ok);
    assert.deepStrictEqual(findLink(parsed.content, './a/b.py', 'https://api.notte.cc'), { functionId: 'fn1', apiUrl: 'https://api.notte.cc', name: 'b' });
    const again = parseLinkFile(serializeLinkFile(parsed.content));
    assert.ok(again.ok);
    assert.strictEqual(again.content.extra.comment, 'team file');
    assert.deepStrictEqual(filesOfFunction(again.content, 'fn1', 'https://api.notte.cc'), ['a/b.py']);
  });

  it('keeps one link per API for a file, and unlinks one API or all', () => {
    let content = withLink(emptyLinkFile(), 'f.py', { functionId: 'cloud', apiUrl: 'https://api.notte.cc' });
    content = withLink(content, 'f.py', { functionId: 'local', apiUrl: 'http://127.0.0.1:8765' });
    content = withLink(content, 'f.py', { functionId: 'local2', apiUrl: 'http://127.0.0.1:8765/' });
    assert.strictEqual(findLink(content, 'f.py', 'http://127.0.0.1:8765')?.functionId, 'local2');
    assert.strictEqual(findLink(content, 'f.py', 'https://api.notte.cc')?.functionId, 'cloud');
    const text = serializeLinkFile(content);
    assert.ok(Array.isArray(JSON.parse(text).functions['f.py']));
    const one = withoutLink(content, 'f.py', 'https://api.notte.cc');
    assert.strictEqual(findLink(one, 'f.py', 'https://api.notte.cc'), undefined);
    assert.strictEqual(findLink(one, 'f.py', 'http://127.0.0.1:8765')?.functionId, 'local2');
    assert.strictEqual(withoutLink(content, 'f.py').links.size, 0);
  });

  it('names the line and column of malformed JSON', () => {
    const text = '{\n  "functions": {\n    "a.py": { "functionId": "x", }\n  }\n}\n';
    const parsed = parseLinkFile(text);
    assert.ok(!parsed.ok);
    assert.strictEqual(parsed.line, 3);
    assert.match(parsed.message, /comma|property/);
    const unclosed = parseLinkFile('{"functions": {"a.py": {"functionId": "x", "apiUrl": "u"}}');
    assert.ok(!unclosed.ok);
    assert.strictEqual(unclosed.line, 1);
  });

  it('says which entry has the wrong shape', () => {
    const parsed = parseLinkFile('{\n  "functions": {\n    "ok.py": {"functionId": "a", "apiUrl": "u"},\n    "bad.py": {"functionId": 3}\n  }\n}');
    assert.ok(!parsed.ok);
    assert.strictEqual(parsed.line, 4);
    assert.match(parsed.message, /bad\.py/);
    assert.ok(!parseLinkFile('[]').ok);
    const list = parseLinkFile(
      '{\n  "functions": {\n    "a/b.py": [\n      {"functionId": "a", "apiUrl": "u"},\n      {"functionId": "b", "apiUrl": "v", "name": 3}\n    ]\n  }\n}',
    );
    assert.ok(!list.ok);
    assert.deepStrictEqual([list.line, list.message], [5, 'link 2 of "a/b.py": "name" must be a string, not a whole number']);
    const functions = parseLinkFile('{\n  "functions": []\n}');
    assert.ok(!functions.ok);
    assert.deepStrictEqual([functions.line, functions.message], [2, '"functions" must be an object mapping file paths to links']);
  });

  it('reads an empty file as no links, and the scanner agrees with JSON.parse on valid JSON', () => {
    assert.ok(parseLinkFile('').ok);
    for (const good of ['{}', '[1, 2.5e3, -0, "a\\u00e9\\n", true, false, null]', '{"a": {"b": []}}']) assert.strictEqual(findJsonError(good), undefined, good);
    for (const bad of ['{', '{"a" 1}', '[1,]', '"\n"', '01', '{} x']) assert.ok(findJsonError(bad), bad);
  });
});
