// The data folder is private to the user running the server: folders 0700 and files 0600 for every
// kind the server keeps (runs, their logs, schedules, functions.json, code copies, uploads, the
// trash), folders of an earlier version tightened on start; the fallback under the temp folder has a
// name no one can guess, and a folder found there that another user could have made is refused.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { privateFolderProblem } from '../../../src/server/dataFolder';
import { defaultDataDir } from '../../../src/server/server';
import { startTestServer, tempDir } from '../helpers/localServer';
import { call } from './util';

const mode = (file: string) => fs.statSync(file).mode & 0o777;

/** Every folder and file under `dir` (itself included) with its mode, as "relative/path 700". */
function modesUnder(dir: string): string[] {
  const found = [`. ${mode(dir).toString(8)}`];
  const walk = (folder: string) => {
    for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      found.push(`${path.relative(dir, full)} ${mode(full).toString(8)}`);
      if (entry.isDirectory()) walk(full);
    }
  };
  walk(dir);
  return found;
}

function upload(server: { url: string; key: string }, name: string, code: string): Promise<Response> {
  const form = new FormData();
  form.append('name', name);
  form.append('file', new Blob([code], { type: 'text/x-python' }), `${name}.py`);
  return fetch(`${server.url}/functions/`, { method: 'POST', headers: { Authorization: `Bearer ${server.key}` }, body: form });
}

describe('local server: a private data folder', function () {
  this.timeout(30_000);
  let root: string;
  beforeEach(() => {
    root = tempDir('notte-local-private-');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('makes the folder 0700 and each kind of file 0600: after a run, an upload, a schedule and a delete', async function () {
    if (process.platform === 'win32') this.skip();
    const functionsDir = path.join(root, 'functions');
    fs.mkdirSync(functionsDir);
    fs.writeFileSync(path.join(functionsDir, 'hello.py'), 'def run(name: str = "you"):\n    print("hello", name)\n    return name\n', { mode: 0o644 });
    const dataDir = path.join(root, 'data');
    const server = await startTestServer({ functionsDir, dataDir });
    try {
      const run = await call(server, 'POST', '/functions/hello/runs/start', { variables: { name: 'secret' }, stream: false });
      assert.strictEqual(run.json.status, 'closed');
      assert.strictEqual((await upload(server, 'uploaded', 'def run():\n    return 1\n')).status, 200);
      assert.strictEqual((await call(server, 'GET', '/functions/uploaded')).status, 200);
      assert.strictEqual((await call(server, 'POST', '/functions/hello/schedule', { cron: '0 0 1 1 *', variables: { name: 'x' } })).status, 200);
      assert.strictEqual((await call(server, 'DELETE', '/functions/uploaded')).status, 200);
      assert.strictEqual((await upload(server, 'kept', 'def run():\n    return 2\n')).status, 200);
    } finally {
      await server.close();
    }
    const modes = modesUnder(dataDir);
    const kinds = ['runs/', '.json 600', '.log 600', 'schedules.json 600', 'functions.json 600', 'code/hello/', 'trash/uploaded-'];
    for (const kind of kinds)
      assert.ok(
        modes.some((m) => m.includes(kind)),
        `${kind} in ${modes.join(', ')}`,
      );
    for (const m of modes) {
      const isDir = fs.statSync(path.join(dataDir, m.split(' ')[0])).isDirectory();
      assert.ok(m.endsWith(isDir ? ' 700' : ' 600'), `${m}: folders 0700, files 0600`);
    }
    assert.strictEqual(mode(path.join(functionsDir, 'kept.py')).toString(8), '600', 'an upload in the functions folder');
  });

  it('tightens the folders of an earlier version (0755) on start', async function () {
    if (process.platform === 'win32') this.skip();
    const dataDir = path.join(root, 'data');
    const folders = ['', 'runs', 'code', 'code/old_fn', 'trash', 'tmp', 'downloads'];
    for (const folder of folders) fs.mkdirSync(path.join(dataDir, folder), { recursive: true, mode: 0o755 });
    for (const folder of folders) fs.chmodSync(path.join(dataDir, folder), 0o755);
    const server = await startTestServer({ dataDir });
    try {
      for (const folder of folders) assert.strictEqual(mode(path.join(dataDir, folder)), 0o700, folder || '.');
    } finally {
      await server.close();
    }
  });

  describe('when the home folder is not writable: the fallback under the temp folder', () => {
    let places: { home: string; tmp: string; uid?: number };
    const functionsDir = '/work/some functions';
    beforeEach(() => {
      // A home under a file: nothing can be made there, whoever runs the tests (root included).
      fs.writeFileSync(path.join(root, 'not-a-folder'), '');
      fs.mkdirSync(path.join(root, 'tmp'));
      places = { home: path.join(root, 'not-a-folder', 'home'), tmp: path.join(root, 'tmp'), uid: process.getuid?.() };
    });

    it('is made with a name no one can guess (mkdtemp), 0700, and found again at the next start', function () {
      if (process.platform === 'win32') this.skip();
      const dir = defaultDataDir(functionsDir, places);
      assert.match(path.basename(dir), /^notte-functions-local-some_functions-[0-9a-f]{8}-[A-Za-z0-9]{6}$/);
      assert.strictEqual(path.dirname(dir), places.tmp);
      assert.strictEqual(mode(dir), 0o700);
      assert.strictEqual(defaultDataDir(functionsDir, places), dir, 'the same folder at the next start');
    });

    it('refuses a folder of that name that others can write to, or that is a link, and makes another', function () {
      if (process.platform === 'win32') this.skip();
      const first = defaultDataDir(functionsDir, places);
      fs.chmodSync(first, 0o777);
      const lines: string[] = [];
      const second = defaultDataDir(functionsDir, places, (line) => lines.push(line));
      assert.notStrictEqual(second, first);
      assert.strictEqual(mode(second), 0o700);
      assert.ok(
        lines.some((l) => l.includes(first) && /other users can write to it \(mode 777\)/.test(l)),
        lines.join('\n'),
      );
      fs.rmSync(second, { recursive: true });
      const target = tempDir('notte-local-elsewhere-');
      fs.symlinkSync(target, path.join(places.tmp, `${path.basename(first)}-link`));
      const third = defaultDataDir(functionsDir, places, (line) => lines.push(line));
      assert.ok(!third.endsWith('-link'));
      assert.ok(lines.some((l) => /symbolic link/.test(l)));
      fs.rmSync(target, { recursive: true, force: true });
    });

    it("refuses a folder another user owns (the check, with another user's id injected; for real when the tests run as root)", function () {
      if (process.platform === 'win32' || process.getuid === undefined) this.skip();
      const mine = defaultDataDir(functionsDir, places);
      const other = process.getuid() + 1;
      assert.match(privateFolderProblem(mine, other) ?? '', new RegExp(`belongs to another user \\(uid ${process.getuid()}, not ${other}\\)`));
      assert.strictEqual(privateFolderProblem(mine), undefined);
      // For that other user, every folder found is foreign, and so is the one made: the server refuses to start there.
      assert.throws(() => defaultDataDir(functionsDir, { ...places, uid: other }), /Refusing .* as the data folder: it belongs to another user/);
      if (process.getuid() === 0) {
        fs.chownSync(mine, 65534, 65534);
        const lines: string[] = [];
        const fresh = defaultDataDir(functionsDir, places, (line) => lines.push(line));
        assert.notStrictEqual(fresh, mine);
        assert.ok(
          lines.some((l) => l.includes(mine) && /belongs to another user \(uid 65534/.test(l)),
          lines.join('\n'),
        );
      }
    });
  });
});
