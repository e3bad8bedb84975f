// New Function's template: Python's own ast reads its run(...) with the variables the offered saved set
// holds, the lenses find its def, and names that are not Python names (or would be skipped by the
// local server) are refused with a reason.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { inspectFunctionFile } from '../../../src/python/pythonRun';
import { functionNameProblem, functionTemplate, TEMPLATE_VARIABLES } from '../../../src/shared/functionTemplate';
import { findRunDefinitions } from '../../../src/shared/runDefinitions';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');

describe('New Function: the template and its name', function () {
  this.timeout(30000);

  it("is a function file whose run(...) Python reads with the saved set's variables as defaults", async () => {
    const text = functionTemplate('search_products');
    assert.strictEqual(findRunDefinitions(text).length, 1);
    assert.match(text, /^from notte_sdk import NotteClient$/m);
    assert.match(text, /^    with client\.Session\(\) as session:$/m);
    const inspected = await inspectFunctionFile('python3', text);
    assert.ok(inspected.ok, JSON.stringify(inspected));
    assert.deepStrictEqual(
      inspected.variables.map((v) => [v.name, v.type, v.default]),
      // Defaults as Python writes them (repr).
      Object.entries(TEMPLATE_VARIABLES).map(([name, value]) => [name, typeof value === 'number' ? 'int' : 'str', typeof value === 'number' ? String(value) : `'${value}'`]),
    );
    // The description a Deploy gives it: what it does, none of the editor's hints.
    assert.strictEqual(inspected.description, 'search_products: opens a browser session, visits a page and returns what it read.');
  });

  it('refuses names that are not Python names, keywords and names the local server skips, saying why', () => {
    assert.strictEqual(functionNameProblem('search_products'), undefined);
    assert.strictEqual(functionNameProblem('Scraper2'), undefined);
    assert.match(functionNameProblem('')!, /A name is needed/);
    assert.match(functionNameProblem('2fast')!, /not a Python name/);
    assert.match(functionNameProblem('my-function')!, /not a Python name/);
    assert.match(functionNameProblem('class')!, /keyword/);
    assert.match(functionNameProblem('_private')!, /not served/);
  });

  it('ships snippets for run(...), a session and each common action, each a valid VS Code snippet', () => {
    const snippets = JSON.parse(fs.readFileSync(path.join(ROOT, 'media', 'snippets', 'python.json'), 'utf8')) as Record<string, { prefix: string | string[]; body: string[] }>;
    const prefixes = Object.values(snippets).flatMap((s) => [s.prefix].flat());
    for (const wanted of ['notte-run', 'notte-session', 'notte-goto', 'notte-observe', 'notte-fill', 'notte-click', 'notte-select', 'notte-scrape'])
      assert.ok(prefixes.includes(wanted), wanted);
    for (const [name, snippet] of Object.entries(snippets)) assert.ok(Array.isArray(snippet.body) && snippet.body.length > 0, name);
  });
});
