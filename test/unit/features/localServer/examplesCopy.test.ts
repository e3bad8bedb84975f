import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { syncExamples } from '../../../../src/features/localServer/examplesCopy';

describe("local server: the bundled examples' copy in the extension's storage", () => {
  let root: string;
  let bundled: string;
  let copy: string;
  const write = (folder: string, name: string, text: string) => fs.writeFileSync(path.join(folder, name), text);
  const read = (name: string) => (fs.existsSync(path.join(copy, name)) ? fs.readFileSync(path.join(copy, name), 'utf8') : undefined);
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-examples-'));
    bundled = path.join(root, 'dist-examples');
    copy = path.join(root, 'storage', 'examples');
    fs.mkdirSync(bundled);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it("places them; a later version replaces its own, never the user's changes, removals or uploads", () => {
    write(bundled, 'echo.py', 'v1 echo');
    write(bundled, 'fails.py', 'v1 fails');
    write(bundled, 'slow.py', 'v1 slow');
    syncExamples(bundled, copy);
    assert.deepStrictEqual([read('echo.py'), read('fails.py'), read('slow.py')], ['v1 echo', 'v1 fails', 'v1 slow']);

    // The user updates one through the server, deletes one, and deploys a function of their own.
    write(copy, 'fails.py', 'mine');
    fs.rmSync(path.join(copy, 'slow.py'));
    write(copy, 'weather.py', 'uploaded');
    // The next version of the extension changes every example and adds one.
    for (const name of ['echo.py', 'fails.py', 'slow.py']) write(bundled, name, `v2 ${name}`);
    write(bundled, 'new.py', 'v2 new');
    syncExamples(bundled, copy);
    assert.deepStrictEqual([read('echo.py'), read('fails.py'), read('slow.py'), read('weather.py'), read('new.py')], ['v2 echo.py', 'mine', undefined, 'uploaded', 'v2 new']);
    // Nothing half-written is left beside them.
    assert.deepStrictEqual(
      fs.readdirSync(copy).filter((name) => name.endsWith('.tmp')),
      [],
    );
  });

  it('reads a hand-broken record of what it placed as none, and goes on', () => {
    write(bundled, 'echo.py', 'v1');
    syncExamples(bundled, copy);
    fs.writeFileSync(path.join(copy, '.placed-examples.json'), '{ not json');
    write(bundled, 'echo.py', 'v2');
    syncExamples(bundled, copy);
    // Without the record, the copy cannot be told from a user's change: it is kept.
    assert.strictEqual(read('echo.py'), 'v1');
  });
});
