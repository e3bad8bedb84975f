import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chooseNotteFolder } from '../../../src/shared/notteFolderChoice';

describe("shared: the workspace folder of a workspace's Notte files", () => {
  let root: string;
  const folder = (name: string, files: Record<string, string> = {}): string => {
    const dir = path.join(root, name);
    fs.mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), text);
    }
    return dir;
  };
  beforeEach(() => (root = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-folders-'))));
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is the one folder open, whatever it holds, and none without a folder', () => {
    const only = folder('only');
    assert.strictEqual(chooseNotteFolder([only]), only);
    assert.strictEqual(chooseNotteFolder([]), undefined);
  });

  it('in a multi-root workspace, is the first with a .notte folder, though it comes second', () => {
    const docs = folder('docs', { 'notes.py': 'def run():\n    pass\n' });
    const project = folder('project', { '.notte/variables/shop.json': '[]' });
    const other = folder('other', { '.notte/functions.json': '{}' });
    assert.strictEqual(chooseNotteFolder([docs, project, other]), project);
    // A file of the first folder linked (its .notte/ holds the link file only) leaves the sets where they are.
    assert.strictEqual(chooseNotteFolder([other, project]), project);
    assert.strictEqual(chooseNotteFolder([docs, other]), other);
  });

  it('else the first holding a function file (a top-level run(...) in a file the server serves), else the first', () => {
    const empty = folder('empty', { 'helper.py': 'def helper():\n    pass\n', '_private.py': 'def run():\n    pass\n' });
    const functions = folder('functions', { 'shop.py': 'import x\n\nasync def run(url: str):\n    return url\n' });
    assert.strictEqual(chooseNotteFolder([empty, functions]), functions);
    const plain = folder('plain');
    assert.strictEqual(chooseNotteFolder([empty, plain]), empty);
    // A folder that cannot be read holds nothing: no error.
    assert.strictEqual(chooseNotteFolder([path.join(root, 'gone'), functions]), functions);
  });
});
