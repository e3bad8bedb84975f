// The command-line entry: options, --help, the JSON start line, the human start line.
import * as assert from 'assert';
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import { CliError, parseArgs } from '../../../src/server/cli';
import { EXAMPLE_FUNCTIONS_DIR, SERVER_SCRIPT, spawnServerProcess, tempDir } from '../helpers/localServer';
import { call } from './util';

describe('local server: command line', function () {
  this.timeout(20_000);

  it('parses every option, in both --name value and --name=value forms', () => {
    const options = parseArgs(
      [
        '--functions',
        'fns',
        '--port=0',
        '--host',
        '::1',
        '--key',
        'k',
        '--data',
        'd',
        '--max-concurrent',
        '3',
        '--run-timeout',
        '2.5',
        '--python',
        'py',
        '--decryption-key',
        'dk',
        '--faults',
        '--json',
        '--no-schedules',
        '--verbose',
      ],
      {},
    );
    assert.deepStrictEqual(
      { ...options },
      {
        help: false,
        json: true,
        verbose: true,
        port: 0,
        functionsDir: 'fns',
        host: '::1',
        key: 'k',
        keyFrom: '--key',
        dataDir: 'd',
        maxConcurrent: 3,
        runTimeoutSeconds: 2.5,
        python: 'py',
        decryptionKey: 'dk',
        faults: true,
        schedules: false,
      },
    );
  });

  it('defaults to port 8765 and takes the key from NOTTE_API_KEY when not given', () => {
    const options = parseArgs([], { NOTTE_API_KEY: 'from-env' });
    assert.strictEqual(options.port, 8765);
    assert.strictEqual(options.key, 'from-env');
    assert.strictEqual(parseArgs(['--key', 'flag'], { NOTTE_API_KEY: 'from-env' }).key, 'flag');
  });

  it('refuses unknown options, missing values and bad numbers', () => {
    for (const args of [
      ['--nope'],
      ['--port'],
      ['--port', '70000'],
      ['--port', 'abc'],
      ['--max-concurrent', '0'],
      ['--run-timeout', '-1'],
      ['--key', '--json'],
      ['--constructor'],
      ['toString'],
      ['--hasOwnProperty', 'x'],
    ]) {
      assert.throws(() => parseArgs(args, {}), CliError, args.join(' '));
    }
  });

  it('prints --help and exits 0; exits 2 on a bad option', () => {
    const help = spawnSync(process.execPath, [SERVER_SCRIPT, '--help'], { encoding: 'utf8' });
    assert.strictEqual(help.status, 0);
    for (const flag of ['--functions', '--port', '--host', '--key', '--data', '--max-concurrent', '--run-timeout', '--python', '--faults', '--json'])
      assert.ok(help.stdout.includes(flag), flag);
    // The example sets the variable for the command (a leading $ made bash run "=key" as a command).
    assert.match(help.stdout, /^ {2}NOTTE_LOCAL_SERVER_KEY=\$KEY node dist\/local-server\.js /m);
    const bad = spawnSync(process.execPath, [SERVER_SCRIPT, '--bogus'], { encoding: 'utf8' });
    assert.strictEqual(bad.status, 2);
    assert.match(bad.stderr, /Unknown option/);
  });

  it('starts as a process, prints one JSON line, serves on loopback, stops on SIGTERM', async () => {
    const server = await spawnServerProcess({ functionsDir: EXAMPLE_FUNCTIONS_DIR });
    try {
      assert.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const answer = await call(server, 'GET', '/functions/');
      assert.strictEqual(answer.json.items.length, 5);
    } finally {
      await server.close();
    }
    assert.notStrictEqual(server.child.exitCode ?? server.child.signalCode, null);
  });

  it('with --stop-with-stdin, stops when its starter goes (stdin closed), and not before', async () => {
    const data = tempDir('notte-local-stdin-');
    const child = spawn(process.execPath, [SERVER_SCRIPT, '--port', '0', '--data', data, '--json', '--stop-with-stdin'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, NOTTE_API_KEY: '' },
    });
    try {
      let err = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => (err += chunk));
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.setEncoding('utf8');
        child.stdout.on('data', (chunk: string) => {
          out += chunk;
          if (out.includes('\n')) resolve(out.split('\n')[0]);
        });
        child.once('exit', () => reject(new Error(err)));
      });
      const { url, key } = JSON.parse(line) as { url: string; key: string };
      assert.strictEqual((await call({ url, headers: { Authorization: `Bearer ${key}` } }, 'GET', '/functions/')).status, 200, 'serving while stdin is open');
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.stdin.end();
      assert.strictEqual(await exited, 0);
      assert.match(err, /stdin closed: stopping runs and closing/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.rmSync(data, { recursive: true, force: true });
    }
  });

  it('prints a human line with the URL and a generated key, which then works', async () => {
    const data = tempDir('notte-local-cli-');
    const child = spawn(process.execPath, [SERVER_SCRIPT, '--port', '0', '--data', data], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NOTTE_API_KEY: '' } });
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
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1];
      const key = /API key: +(\S+)/.exec(text)?.[1];
      assert.ok(url && key, text);
      assert.match(text, new RegExp(`functions: .*examples`));
      const answer = await call({ url, headers: { Authorization: `Bearer ${key}` } }, 'GET', '/functions/');
      assert.strictEqual(answer.status, 200);
      assert.strictEqual(answer.json.items.length, 5, 'the bundled examples by default');
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(data, { recursive: true, force: true });
    }
  });
});
