// The local server's doors over real HTTP: a request must name the server by its own address (or an
// --allowed-host), a foreign page's Origin may not change anything, no CORS header is ever sent, and
// the URLs the server builds use its own address. The clients that must keep working are tried too.
import * as assert from 'assert';
import { execFile, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import { request as undiciRequest } from 'undici';
import { parseArgs } from '../../../src/server/cli';
import { LocalServer, startLocalServer } from '../../../src/server/server';
import { EXAMPLE_FUNCTIONS_DIR, SERVER_SCRIPT, spawnServerProcess, tempDir } from '../helpers/localServer';

interface RawAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** One request over a raw socket to 127.0.0.1, with whatever Host and Origin a browser or an attacker would send. */
function raw(server: { port: number; key: string }, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<RawAnswer> {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method,
        path,
        agent: false,
        // The key unless `headers` sets Authorization to '' (no key at all, as a browser's preflight).
        headers: Object.fromEntries(
          Object.entries({
            Authorization: `Bearer ${server.key}`,
            ...(text !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)) } : {}),
            ...headers,
          }).filter(([name, value]) => !(name === 'Authorization' && value === '')),
        ),
      },
      (res) => {
        let data = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (data += chunk));
        res.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(data);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: data, json });
        });
      },
    );
    req.on('error', reject);
    req.end(text);
  });
}

function corsHeaders(headers: http.IncomingHttpHeaders): string[] {
  return Object.keys(headers).filter((name) => name.toLowerCase().startsWith('access-control-'));
}

async function startServer(allowedHosts?: string[]): Promise<{ server: LocalServer; dataDir: string; close(): Promise<void> }> {
  const dataDir = tempDir('notte-doors-');
  const server = await startLocalServer({
    functionsDir: EXAMPLE_FUNCTIONS_DIR,
    dataDir,
    key: 'doors-key',
    port: 0,
    host: '127.0.0.1',
    schedules: false,
    allowedHosts,
  });
  return {
    server,
    dataDir,
    async close() {
      await server.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe('local server: the doors (Host and Origin)', function () {
  this.timeout(30_000);
  let started: Awaited<ReturnType<typeof startServer>>;
  let server: LocalServer;
  before(async () => {
    started = await startServer();
    server = started.server;
  });
  after(() => started.close());

  it('answers 403 naming --allowed-host to a forged Host, on every route, health included', async () => {
    for (const host of [
      'attacker.example',
      `attacker.example:${server.port}`,
      `127.0.0.1:${server.port + 1 === 65536 ? 1 : server.port + 1}`,
      `localhost.attacker.example:${server.port}`,
      '127.0.0.1',
    ]) {
      for (const [method, path] of [
        ['GET', '/health'],
        ['GET', '/functions/'],
        ['POST', '/functions/echo_variables/runs/start'],
      ]) {
        const answer = await raw(server, method, path, { Host: host }, method === 'POST' ? { variables: { name: 'doors' }, stream: false } : undefined);
        assert.strictEqual(answer.status, 403, `${method} ${path} with Host ${host}`);
        assert.match(answer.text, /--allowed-host/, 'the message names the option');
        assert.match(answer.json.detail, new RegExp(`127\\.0\\.0\\.1:${server.port}`), 'and the addresses that work');
      }
    }
    const runs = await raw(server, 'GET', '/functions/echo_variables/runs?only_active=false', {});
    assert.strictEqual(runs.json.items.length, 0, 'no forged start created a run');
  });

  it('answers its own names, with the port: 127.0.0.1, localhost, [::1] (any case)', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`, `LocalHost:${server.port}`, `[::1]:${server.port}`]) {
      const answer = await raw(server, 'GET', '/functions/', { Host: host });
      assert.strictEqual(answer.status, 200, host);
    }
  });

  it('refuses a foreign Origin for anything that changes state, and changes nothing', async () => {
    for (const origin of ['http://attacker.example', `http://attacker.example:${server.port}`, 'null', `https://127.0.0.1.attacker.example`]) {
      const start = await raw(server, 'POST', '/functions/echo_variables/runs/start', { Origin: origin }, { variables: { name: 'doors' }, stream: false });
      assert.strictEqual(start.status, 403, `POST with Origin ${origin}`);
      assert.match(start.json.message, /Forbidden origin/);
      const created = await raw(server, 'POST', '/functions/echo_variables/runs/create', { Origin: origin }, {});
      assert.strictEqual(created.status, 403);
      const schedule = await raw(server, 'POST', '/functions/echo_variables/schedule', { Origin: origin }, { cron: '* * * * *' });
      assert.strictEqual(schedule.status, 403);
      const deleted = await raw(server, 'DELETE', '/functions/echo_variables', { Origin: origin });
      assert.strictEqual(deleted.status, 403, `DELETE with Origin ${origin}`);
    }
    assert.strictEqual((await raw(server, 'GET', '/functions/echo_variables', {})).status, 200, 'the function is still there');
    assert.strictEqual((await raw(server, 'GET', '/functions/echo_variables/runs?only_active=false', {})).json.items.length, 0, 'no run was created');
    assert.strictEqual((await raw(server, 'GET', '/functions/echo_variables/schedule', {})).status, 404, 'no schedule was set');
  });

  it('lets its own origin change state, and any origin read', async () => {
    const own = await raw(server, 'POST', '/functions/echo_variables/runs/create', { Origin: `http://127.0.0.1:${server.port}` }, {});
    assert.strictEqual(own.status, 200);
    const read = await raw(server, 'GET', '/functions/', { Origin: 'http://attacker.example' });
    assert.strictEqual(read.status, 200);
    const stop = await raw(server, 'DELETE', `/functions/echo_variables/runs/${own.json.function_run_id}`, { Origin: `http://localhost:${server.port}` });
    assert.strictEqual(stop.status, 200);
  });

  it('never sends a CORS header: not to a preflight, not to a read, not to a refusal', async () => {
    const preflightHeaders = { Origin: 'http://attacker.example', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'authorization, content-type' };
    const preflight = await raw(server, 'OPTIONS', '/functions/echo_variables/runs/start', { ...preflightHeaders, Authorization: '' });
    assert.strictEqual(preflight.status, 401, 'a preflight carries no key: 401, as src/server/README.md says');
    const withKey = await raw(server, 'OPTIONS', '/functions/echo_variables/runs/start', preflightHeaders);
    assert.strictEqual(withKey.status, 405);
    const answers = [
      preflight,
      withKey,
      await raw(server, 'GET', '/functions/', { Origin: 'http://attacker.example' }),
      await raw(server, 'GET', '/functions/', { Origin: `http://127.0.0.1:${server.port}` }),
      await raw(server, 'POST', '/functions/echo_variables/runs/create', { Origin: 'http://attacker.example' }, {}),
      await raw(server, 'GET', '/health', { Host: 'attacker.example' }),
    ];
    for (const answer of answers) assert.deepStrictEqual(corsHeaders(answer.headers), []);
  });

  it('builds code, viewer and replay URLs on its own address, whatever Host the client sent', async () => {
    const fn = await raw(server, 'GET', '/functions/echo_variables', { Host: `localhost:${server.port}` });
    assert.strictEqual(fn.status, 200);
    assert.ok(fn.json.url.startsWith(`${server.url}/functions/echo_variables/code?`), fn.json.url);
    const start = await raw(server, 'POST', '/sessions/start', { Host: `localhost:${server.port}` }, {});
    assert.strictEqual(start.json.status, 'active');
    const session = await raw(server, 'GET', `/sessions/${start.json.session_id}`, { Host: `[::1]:${server.port}` });
    assert.ok(session.json.viewer_url.startsWith(`${server.url}/sessions/`), session.json.viewer_url);
    assert.ok(session.json.cdp_url.startsWith(`${server.url.replace('http', 'ws')}/sessions/`), session.json.cdp_url);
    await raw(server, 'DELETE', `/sessions/${start.json.session_id}/stop`, { Host: `localhost:${server.port}` });
    const code = await fetch(fn.json.url);
    assert.strictEqual(code.status, 200, 'the code URL works as built');
  });

  it('still serves curl, undici, Node fetch and Python requests (the SDK) as they come', async () => {
    // Not spawnSync: the server answers from this very process.
    const curl = (args: string[]) =>
      new Promise<string>((resolve) =>
        execFile('curl', ['--silent', '--write-out', '%{http_code}', '--output', '/dev/null', '-H', `Authorization: Bearer ${server.key}`, ...args], (_error, stdout) =>
          resolve(stdout),
        ),
      );
    assert.strictEqual(await curl([`${server.url}/functions/`]), '200');
    assert.strictEqual(await curl(['-X', 'POST', '-d', '{}', `http://localhost:${server.port}/functions/echo_variables/runs/create`]), '200');
    const viaUndici = await undiciRequest(`${server.url}/functions/echo_variables/runs/start`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ variables: { name: 'doors' }, stream: false }),
    });
    assert.strictEqual(viaUndici.statusCode, 200);
    assert.strictEqual(((await viaUndici.body.json()) as { status: string }).status, 'closed');
    const viaFetch = await fetch(`${server.url}/functions/echo_variables/runs/create`, { method: 'POST', headers: { Authorization: `Bearer ${server.key}` }, body: '{}' });
    assert.strictEqual(viaFetch.status, 200);
    const script =
      "import requests, sys; r = requests.post(sys.argv[1] + '/functions/echo_variables/runs/start', json={'variables': {'name': 'doors'}, 'stream': False}, headers={'Authorization': 'Bearer ' + sys.argv[2], 'x-notte-request-origin': 'sdk-python'}); print(r.status_code, r.json()['status'])";
    const viaPython = await new Promise<string>((resolve) =>
      execFile('python3', ['-c', script, server.url, server.key], (_error, stdout, stderr) => resolve(`${stdout}${stderr}`.trim())),
    );
    assert.strictEqual(viaPython, '200 closed');
  });
});

describe('local server: --allowed-host', function () {
  this.timeout(30_000);

  it('parses repeated and comma-separated names, and refuses what is not a host name', () => {
    assert.deepStrictEqual(parseArgs(['--allowed-host', 'tunnel.example,box.lan:9000', '--allowed-host=other.example'], {}).allowedHosts, [
      'tunnel.example',
      'box.lan:9000',
      'other.example',
    ]);
    assert.throws(() => parseArgs(['--allowed-host', 'http://x/'], {}), /host name/);
    assert.strictEqual(parseArgs([], {}).allowedHosts, undefined);
  });

  it('answers the names given (a name without port on any port, NAME:PORT on that port only), with URLs still on its own address', async () => {
    const started = await startServer(['tunnel.example', 'box.lan:9000']);
    const server = started.server;
    try {
      for (const host of ['tunnel.example', 'TUNNEL.example:443', `tunnel.example:${server.port}`, 'box.lan:9000']) {
        assert.strictEqual((await raw(server, 'GET', '/functions/', { Host: host })).status, 200, host);
      }
      for (const host of ['box.lan', 'box.lan:9001', 'other.example']) {
        assert.strictEqual((await raw(server, 'GET', '/functions/', { Host: host })).status, 403, host);
      }
      const fromTunnelPage = await raw(server, 'POST', '/functions/echo_variables/runs/create', { Host: 'tunnel.example', Origin: 'https://tunnel.example' }, {});
      assert.strictEqual(fromTunnelPage.status, 200, 'a page of an allowed name may change state');
      const fn = await raw(server, 'GET', '/functions/echo_variables', { Host: 'tunnel.example' });
      assert.ok(fn.json.url.startsWith(`${server.url}/`), fn.json.url);
    } finally {
      await started.close();
    }
  });

  it('works from the command line, and --help documents it', async () => {
    const spawned = await spawnServerProcess({ functionsDir: EXAMPLE_FUNCTIONS_DIR, extraArgs: ['--allowed-host', 'tunnel.example'] });
    try {
      const port = Number(new URL(spawned.url).port);
      assert.strictEqual((await raw({ port, key: spawned.key }, 'GET', '/functions/', { Host: 'tunnel.example' })).status, 200);
      assert.strictEqual((await raw({ port, key: spawned.key }, 'GET', '/functions/', { Host: 'attacker.example' })).status, 403);
    } finally {
      await spawned.close();
    }
    const help = spawnSync(process.execPath, [SERVER_SCRIPT, '--help'], { encoding: 'utf8' });
    assert.match(help.stdout, /--allowed-host NAME/);
  });
});
