// The server compiles playwright-core from a code cache of this user's own (codeCache.ts): the first
// load compiles from source and saves the cache, the next compiles from it and behaves the same; a
// changed file, a damaged cache or a folder others can write to fall back to the source. Each load is
// a new Node process, as each server is: within one process V8 reuses what it compiled before.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadWithCodeCache } from '../../../src/server/codeCache';

describe('The code cache of the server', function () {
  this.timeout(20_000);
  let dir: string;
  let root: string;
  let cacheDir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-code-cache-'));
    root = path.join(dir, 'package');
    cacheDir = path.join(dir, 'cache');
    fs.mkdirSync(path.join(root, 'lib'), { recursive: true });
    // A module that uses what Node gives a module: require (relative, and its resolve), __dirname, exports.
    fs.writeFileSync(
      path.join(root, 'index.js'),
      "const lib = require('./lib/helper');\nmodule.exports = { answer: lib.double(21), dir: __dirname, resolved: require.resolve('./lib/helper') };\n",
    );
    fs.writeFileSync(path.join(root, 'lib', 'helper.js'), `exports.double = (n) => n * 2;\n${'exports.f = () => 1;\n'.repeat(2000)}`);
    fs.writeFileSync(path.join(dir, 'outside.js'), 'module.exports = 7;\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A load of the package in a new Node process, which lives on long enough to save its cache when it made one. */
  function load(): { value: { answer: number; dir: string; resolved: string }; source: string } {
    const script = `
      const { loadWithCodeCache } = require(${JSON.stringify(require.resolve('../../../src/server/codeCache'))});
      const loaded = loadWithCodeCache(() => require(${JSON.stringify(path.join(root, 'index.js'))}), ${JSON.stringify(root)}, ${JSON.stringify(cacheDir)});
      process.stdout.write(JSON.stringify(loaded));
      if (loaded.source === 'source') setTimeout(() => undefined, 1500);`;
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 15_000 })) as ReturnType<typeof load>;
  }

  async function cacheFiles(count: number): Promise<string[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const files = fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((f) => f.endsWith('.cache')) : [];
      if (files.length >= count || Date.now() > deadline) return files.sort();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('compiles from source first, saves a private cache of each file under the root, then compiles from it', async () => {
    const first = load();
    assert.strictEqual(first.source, 'source');
    assert.deepStrictEqual(first.value, { answer: 42, dir: root, resolved: path.join(root, 'lib', 'helper.js') });
    const files = await cacheFiles(2);
    assert.deepStrictEqual(
      files.map((f) => f.replace(/-[0-9a-f]{32}\.cache$/, '')),
      ['helper.js', 'index.js'],
    );
    if (process.platform !== 'win32') {
      assert.strictEqual(fs.statSync(cacheDir).mode & 0o777, 0o700);
      for (const file of files) assert.strictEqual(fs.statSync(path.join(cacheDir, file)).mode & 0o777, 0o600, file);
    }
    const second = load();
    assert.strictEqual(second.source, 'code cache');
    assert.deepStrictEqual(second.value, first.value);
  });

  it('compiles a file that changed, or whose cache is damaged, from its source, and works the same', async () => {
    load();
    const files = await cacheFiles(2);
    for (const file of files) fs.writeFileSync(path.join(cacheDir, file), Buffer.from('not V8 data at all'));
    const damaged = load();
    assert.strictEqual(damaged.source, 'source');
    assert.strictEqual(damaged.value.answer, 42);
    fs.writeFileSync(path.join(root, 'lib', 'helper.js'), 'exports.double = (n) => n * 3;\n');
    const changed = load();
    assert.strictEqual(changed.source, 'source');
    assert.strictEqual(changed.value.answer, 63);
  });

  it('does not use the cache of a file changed in place (same size, same time), nor a cache file others can write to', async function () {
    load();
    const files = await cacheFiles(2);
    const helper = path.join(root, 'lib', 'helper.js');
    const before = fs.statSync(helper);
    const source = fs.readFileSync(helper, 'utf8');
    fs.writeFileSync(helper, source.replace('n * 2', 'n * 5'));
    fs.utimesSync(helper, before.atime, before.mtime);
    assert.strictEqual(fs.statSync(helper).size, before.size);
    const changed = load();
    assert.deepStrictEqual([changed.source, changed.value.answer], ['source', 105]);
    // That load saved the changed file's cache: it is used, unless others can write to it.
    assert.deepStrictEqual([load().source, load().value.answer], ['code cache', 105]);
    if (process.platform === 'win32') return;
    for (const file of files) fs.chmodSync(path.join(cacheDir, file), 0o666);
    assert.strictEqual(load().source, 'source');
  });

  it('does not use or write a cache folder other users can write to', async function () {
    if (process.platform === 'win32') this.skip();
    fs.mkdirSync(cacheDir, { mode: 0o700 });
    fs.chmodSync(cacheDir, 0o777);
    const loaded = load();
    assert.strictEqual(loaded.source, 'source');
    assert.strictEqual(loaded.value.answer, 42);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepStrictEqual(fs.readdirSync(cacheDir), []);
  });

  it('leaves files outside the root, and a module this process loaded before, as Node loads them', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const outside = loadWithCodeCache(() => require(path.join(dir, 'outside.js')) as number, root, cacheDir);
    assert.deepStrictEqual(outside, { value: 7, source: 'loaded before' });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const once = loadWithCodeCache(() => require(path.join(root, 'index.js')) as { answer: number }, root, cacheDir);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const again = loadWithCodeCache(() => require(path.join(root, 'index.js')) as { answer: number }, root, cacheDir);
    assert.deepStrictEqual([once.source, again.source, again.value.answer], ['source', 'loaded before', 42]);
    assert.deepStrictEqual(
      (await cacheFiles(2)).map((f) => f.replace(/-[0-9a-f]{32}\.cache$/, '')),
      ['helper.js', 'index.js'],
      'no cache of the file outside',
    );
  });
});
