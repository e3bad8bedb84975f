// The server's key never shows where other users of the machine can read it: not on any command line
// (ps, /proc/<pid>/cmdline), not in what the server prints when the caller gave it, not in the
// environment of the functions it runs. The extension hands it over in the environment.
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as fs from 'fs';
import { parseArgs } from '../../../src/server/cli';
import { generateLocalKey, LOCAL_SERVER_KEY_ENV } from '../../../src/shared/localServerKey';
import { startLocalServerProcess } from '../../../src/features/localServer/localServerProcess';
import { FIXTURE_FUNCTIONS_DIR, SERVER_SCRIPT, spawnServerProcess, tempDir } from '../helpers/localServer';
import { call, waitFor } from './util';

/** The command lines of every process of the machine that holds `text` (Linux: /proc). */
function commandLinesHolding(text: string): string[] {
  const found: string[] = [];
  for (const pid of fs.readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (cmdline.includes(text)) found.push(`${pid}: ${cmdline.replace(/\0/g, ' ')}`);
    } catch {
      // Gone, or not readable.
    }
  }
  return found;
}

describe('local server: the key', function () {
  this.timeout(30_000);

  it(`takes the key from --key, else ${LOCAL_SERVER_KEY_ENV}, else NOTTE_API_KEY, and knows where it came from`, () => {
    assert.deepStrictEqual(
      [parseArgs(['--key', 'flag'], { [LOCAL_SERVER_KEY_ENV]: 'ours', NOTTE_API_KEY: 'api' })].map((o) => [o.key, o.keyFrom]),
      [['flag', '--key']],
    );
    const fromOurs = parseArgs([], { [LOCAL_SERVER_KEY_ENV]: 'ours', NOTTE_API_KEY: 'api' });
    assert.deepStrictEqual([fromOurs.key, fromOurs.keyFrom], ['ours', LOCAL_SERVER_KEY_ENV]);
    const fromApi = parseArgs([], { [LOCAL_SERVER_KEY_ENV]: '', NOTTE_API_KEY: 'api' });
    assert.deepStrictEqual([fromApi.key, fromApi.keyFrom], ['api', 'NOTTE_API_KEY']);
    const none = parseArgs([], {});
    assert.deepStrictEqual([none.key, none.keyFrom], [undefined, undefined]);
  });

  it('says in --help that --key shows in ps and that the environment variable is the safe way', () => {
    const help = spawn(process.execPath, [SERVER_SCRIPT, '--help']);
    let text = '';
    help.stdout.on('data', (chunk) => (text += chunk));
    return new Promise<void>((resolve) =>
      help.on('close', () => {
        assert.match(text, /--key KEY[^]*\bps\b[^]*NOTTE_LOCAL_SERVER_KEY/);
        resolve();
      }),
    );
  });

  it('started as the extension starts it, the key is on no command line of the machine, and its functions do not inherit it', async function () {
    if (process.platform !== 'linux') this.skip();
    const dataDir = tempDir('notte-local-key-');
    const key = generateLocalKey();
    const logs: string[] = [];
    const server = await startLocalServerProcess({ script: SERVER_SCRIPT, functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir, key, onLog: (line) => logs.push(line) });
    try {
      const cmdline = fs.readFileSync(`/proc/${server.pid}/cmdline`, 'utf8');
      assert.ok(cmdline.includes('--json') && !cmdline.includes('--key'), cmdline.replace(/\0/g, ' '));
      const headers = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
      assert.strictEqual((await call({ url: server.url, headers }, 'GET', '/functions/')).status, 200, 'the server has the key');
      // While a run goes on, no process (the server, the harness, what it started) has it in its command line.
      const slow = call({ url: server.url, headers }, 'POST', '/functions/slow/runs/start', { variables: { seconds: 2 }, stream: false });
      await waitFor('the run to be active', async () => (await call({ url: server.url, headers }, 'GET', '/functions/slow/runs/')).json.items.length === 1);
      assert.deepStrictEqual(commandLinesHolding(key), []);
      assert.strictEqual((await slow).json.status, 'closed');
      const ownVariable = await call({ url: server.url, headers }, 'POST', '/functions/environment/runs/start', { variables: { name: LOCAL_SERVER_KEY_ENV }, stream: false });
      assert.deepStrictEqual([ownVariable.json.status, ownVariable.json.result], ['closed', null]);
      // NOTTE_API_KEY of a run is its own run-scoped key (for its browser sessions), never the server's.
      const apiKey = await call({ url: server.url, headers }, 'POST', '/functions/environment/runs/start', { variables: { name: 'NOTTE_API_KEY' }, stream: false });
      assert.strictEqual(apiKey.json.status, 'closed');
      assert.match(apiKey.json.result, new RegExp(`^run-${apiKey.json.function_run_id}\\.`));
      assert.ok(!String(apiKey.json.result).includes(key));
      assert.ok(!logs.some((line) => line.includes(key)));
    } finally {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('prints the key in its JSON line only when it made it', async () => {
    const given = await spawnServerProcess({ functionsDir: FIXTURE_FUNCTIONS_DIR });
    try {
      const line = JSON.parse(given.startLine);
      assert.deepStrictEqual(Object.keys(line).sort(), ['dataDir', 'functionsDir', 'port', 'url']);
      assert.ok(!given.startLine.includes(given.key));
      assert.ok(!given.stderr().includes(given.key));
      assert.strictEqual((await call(given, 'GET', '/functions/')).status, 200);
    } finally {
      await given.close();
    }
    const made = await spawnServerProcess({ functionsDir: FIXTURE_FUNCTIONS_DIR, key: null });
    try {
      assert.match(JSON.parse(made.startLine).key, /^local-/);
      assert.strictEqual((await call(made, 'GET', '/functions/')).status, 200, 'the printed key works');
    } finally {
      await made.close();
    }
  });

  it('does not print a key it was given in its human start lines either', async () => {
    const data = tempDir('notte-local-cli-');
    const key = generateLocalKey();
    const child = spawn(process.execPath, [SERVER_SCRIPT, '--port', '0', '--data', data], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NOTTE_API_KEY: '', [LOCAL_SERVER_KEY_ENV]: key },
    });
    try {
      const text = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          out += chunk;
          if (out.includes('Try:')) resolve(out);
        });
        child.once('exit', () => reject(new Error(out)));
      });
      assert.ok(!text.includes(key), text);
      assert.match(text, /API key: +the one given \(NOTTE_LOCAL_SERVER_KEY\)/);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(data, { recursive: true, force: true });
    }
  });
});
