// How the API client's requests leave the machine, over real HTTP and real TLS: through a CONNECT
// proxy the test starts (which records what it was asked), straight to the hosts that skip it, and
// to an HTTPS server with a self-signed certificate, refused until the options trust it. Also the
// trace of each exchange, which never carries the key.
import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as tls from 'tls';
import { formatRequestTrace, NotteApiError, NotteClient, RequestTrace } from '../../../src/api';
import type { NetworkOptions } from '../../../src/api/network';
import { secretForms } from '../../../src/api/redact';
import { REPO_ROOT, startTestServer, TestServer, tempDir } from '../helpers/localServer';
import { Certificate, selfSignedCertificate, startConnectProxy, startTlsFront } from '../helpers/network';

function client(baseUrl: string, key: string, network?: NetworkOptions, onRequest?: (trace: RequestTrace) => void): NotteClient {
  return new NotteClient({ baseUrl, apiKey: () => key, network, onRequest, retry: { maxAttempts: 1 } });
}

async function failure(promise: Promise<unknown>): Promise<NotteApiError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof NotteApiError, `expected a NotteApiError, got ${error}`);
    return error;
  }
  assert.fail('expected the request to fail');
}

/** Runs `body` with these environment variables (undefined: unset), then puts them back. */
async function withEnv(values: Record<string, string | undefined>, body: () => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const apply = (next: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(next)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  apply(values);
  try {
    await body();
  } finally {
    apply(saved);
  }
}

const NO_PROXY_ENV = { HTTP_PROXY: undefined, http_proxy: undefined, HTTPS_PROXY: undefined, https_proxy: undefined, NO_PROXY: undefined, no_proxy: undefined };

describe('api: network (proxies and certificates)', function () {
  this.timeout(60_000);
  let server: TestServer;
  let certificate: Certificate;
  let front: { url: string; close(): Promise<void> };

  before(async () => {
    // The TLS front has a port of its own: the server answers requests that name 127.0.0.1 on any port.
    server = await startTestServer({ allowedHosts: ['127.0.0.1'] });
    certificate = selfSignedCertificate();
    front = await startTlsFront(server.url, certificate);
  });
  after(async () => {
    await front.close();
    await server.close();
    fs.rmSync(certificate.dir, { recursive: true, force: true });
  });

  it('goes through the proxy it is given, which sees the CONNECT and carries the answer', async () => {
    const proxy = await startConnectProxy();
    const api = client(server.url, server.key, { proxy: proxy.url });
    try {
      await withEnv(NO_PROXY_ENV, async () => {
        assert.strictEqual((await api.listFunctions()).items.length, 5);
      });
      assert.deepStrictEqual(proxy.connects, [new URL(server.url).host]);
    } finally {
      await api.close();
      await proxy.close();
    }
  });

  it('reaches the hosts of noProxy straight ("*" meaning all), and the others through the proxy', async () => {
    const proxy = await startConnectProxy();
    const straight = client(server.url, server.key, { proxy: proxy.url, noProxy: ['example.com', '127.0.0.1'] });
    const all = client(server.url, server.key, { proxy: proxy.url, noProxy: ['*', 'localhost'] });
    const other = client(server.url, server.key, { proxy: proxy.url, noProxy: ['example.com'] });
    try {
      await withEnv(NO_PROXY_ENV, async () => {
        assert.strictEqual((await straight.listFunctions()).items.length, 5);
        assert.strictEqual((await all.listFunctions()).items.length, 5);
        assert.deepStrictEqual(proxy.connects, [], 'no tunnel for a host of noProxy');
        assert.strictEqual((await other.listFunctions()).items.length, 5);
        assert.strictEqual(proxy.connects.length, 1, 'a host not listed goes through the proxy');
      });
    } finally {
      await Promise.all([straight.close(), all.close(), other.close()]);
      await proxy.close();
    }
  });

  it('without a proxy given, honours HTTP_PROXY and NO_PROXY from the environment, and noProxy over NO_PROXY', async () => {
    const proxy = await startConnectProxy();
    const clients: NotteClient[] = [];
    const make = (network?: NetworkOptions): NotteClient => {
      clients.push(client(server.url, server.key, network));
      return clients[clients.length - 1];
    };
    try {
      await withEnv({ ...NO_PROXY_ENV, HTTP_PROXY: proxy.url }, async () => {
        assert.strictEqual((await make().listFunctions()).items.length, 5);
        assert.strictEqual(proxy.connects.length, 1, 'the request went through the proxy named by HTTP_PROXY');
        process.env.NO_PROXY = '127.0.0.1,localhost';
        assert.strictEqual((await make().listFunctions()).items.length, 5);
        assert.strictEqual(proxy.connects.length, 1, 'NO_PROXY sent the request straight to the server');
        assert.strictEqual((await make({ noProxy: ['example.com'] }).listFunctions()).items.length, 5);
        assert.strictEqual(proxy.connects.length, 2, 'a noProxy list replaces NO_PROXY');
      });
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      await proxy.close();
    }
  });

  it('refuses a self-signed certificate, saying so, and accepts it once strictSSL is off or its authority is given', async () => {
    const strict = client(front.url, server.key);
    const lax = client(front.url, server.key, { strictSSL: false });
    const trusting = client(front.url, server.key, { ca: [certificate.cert] });
    try {
      await withEnv(NO_PROXY_ENV, async () => {
        const refused = await failure(strict.listFunctions());
        assert.strictEqual(refused.kind, 'network');
        assert.match(refused.message, /the certificate of 127\.0\.0\.1:\d+ is not trusted \(it is self-signed\)/);
        assert.strictEqual((await lax.listFunctions()).items.length, 5);
        assert.strictEqual((await trusting.listFunctions()).items.length, 5);
      });
    } finally {
      await Promise.all([strict.close(), lax.close(), trusting.close()]);
    }
  });

  it('checks the certificate inside a proxy tunnel the same way', async () => {
    const proxy = await startConnectProxy();
    const strict = client(front.url, server.key, { proxy: proxy.url });
    const trusting = client(front.url, server.key, { proxy: proxy.url, ca: [certificate.cert] });
    try {
      await withEnv(NO_PROXY_ENV, async () => {
        assert.match((await failure(strict.listFunctions())).message, /is not trusted \(it is self-signed\)/);
        assert.strictEqual((await trusting.listFunctions()).items.length, 5);
      });
      assert.deepStrictEqual(proxy.connects, [new URL(front.url).host, new URL(front.url).host], 'both went through the proxy');
    } finally {
      await Promise.all([strict.close(), trusting.close()]);
      await proxy.close();
    }
  });

  it("trusts the operating system's authorities when systemCertificates is on (a Node that can read them: 22.15 and later)", async function () {
    const node = nodeThatReadsSystemCertificates();
    if (!node) return this.skip();
    // On Linux, the system store is OpenSSL's: SSL_CERT_FILE names it, here holding the test's own certificate.
    const env: NodeJS.ProcessEnv = { ...process.env, NOTTE_TEST_KEY: server.key, SSL_CERT_FILE: certificate.certFile, SSL_CERT_DIR: tempDir('notte-empty-certs-') };
    for (const name of ['NODE_EXTRA_CA_CERTS', ...Object.keys(NO_PROXY_ENV)]) delete env[name];
    const outcome = (systemCertificates: boolean) =>
      new Promise<string>((resolve, reject) =>
        execFile(node, ['-e', CHILD_REQUEST, path.join(REPO_ROOT, 'out', 'src', 'api', 'client.js'), front.url, String(systemCertificates)], { env }, (error, stdout) =>
          error ? reject(error) : resolve(stdout.trim()),
        ),
      );
    assert.match(await outcome(false), /^network: .*is not trusted \(it is self-signed\)/);
    assert.strictEqual(await outcome(true), 'listed 5');
  });

  it('an unusable proxy URL fails the request with a message naming it, its password masked', async () => {
    const api = client(server.url, server.key, { proxy: 'ftp://user:hunter22@proxy.example:21' });
    try {
      const refused = await failure(api.listFunctions());
      assert.match(refused.message, /The proxy "ftp:\/\/••••••@proxy\.example:21" is not a proxy URL/);
      assert.ok(!refused.message.includes('hunter22'));
    } finally {
      await api.close();
    }
  });
});

describe('api: trace of each exchange', function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => (server = await startTestServer()));
  after(async () => server.close());

  it('tells method, URL, status and duration of every request, and no form of the key, even where the key is in the path', async () => {
    const traces: RequestTrace[] = [];
    const api = client(server.url, server.key, undefined, (trace) => traces.push(trace));
    try {
      await withEnv(NO_PROXY_ENV, async () => {
        await api.listFunctions({ page_size: 2 });
        await api.runFunction('echo_variables', { name: 'x' });
        // The key as a function id: the path carries it (percent-encoded), the server answers 404.
        await failure(api.getFunction(`${server.key}/é`));
      });
    } finally {
      await api.close();
    }
    const lines = traces.map(formatRequestTrace);
    assert.match(lines[0], /^List functions: GET http:\/\/127\.0\.0\.1:\d+\/functions\/\?page_size=2 → 200 in \d+ ms$/);
    assert.ok(
      lines.some((line) => /: POST http:\/\/127\.0\.0\.1:\d+\/functions\/echo_variables\/runs\/create → 200 in \d+ ms$/.test(line)),
      lines.join('\n'),
    );
    assert.ok(
      lines.some((line) => /: POST http:\/\/127\.0\.0\.1:\d+\/functions\/echo_variables\/runs\/[^/ ]+ → 200 in \d+ ms$/.test(line)),
      lines.join('\n'),
    );
    assert.match(lines[lines.length - 1], /: GET http:\/\/127\.0\.0\.1:\d+\/functions\/••••••%2F%C3%A9 → 404 in \d+ ms$/);
    const text = lines.join('\n');
    for (const form of secretForms(server.key)) assert.ok(!text.includes(form), `the trace holds the key as ${form}:\n${text}`);
  });

  it('tells a request that got no answer, with its code', async () => {
    const traces: RequestTrace[] = [];
    const api = client('http://127.0.0.1:9', server.key, undefined, (trace) => traces.push(trace));
    try {
      await withEnv(NO_PROXY_ENV, () => failure(api.listFunctions()).then(() => undefined));
    } finally {
      await api.close();
    }
    assert.match(formatRequestTrace(traces[0]), /^List functions: GET http:\/\/127\.0\.0\.1:9\/functions\/ → no answer \(ECONNREFUSED\) after \d+ ms$/);
  });
});

/** The Node that runs this test when it can list the system's authorities; else the cached VS Code's (Node 24); else none. */
function nodeThatReadsSystemCertificates(): string | undefined {
  if (typeof (tls as unknown as { getCACertificates?: unknown }).getCACertificates === 'function') return process.execPath;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { paths } = require(path.join(REPO_ROOT, 'test', 'harness', 'lib', 'vscode.js')) as { paths(): { node24: string } };
  const node24 = paths().node24;
  return fs.existsSync(node24) ? node24 : undefined;
}

// Run by that Node: one listing through the compiled client, printed as "listed N" or "<kind>: <message>".
const CHILD_REQUEST = `
const [clientModule, baseUrl, system] = process.argv.slice(1);
const { NotteClient } = require(clientModule);
const api = new NotteClient({ baseUrl, apiKey: () => process.env.NOTTE_TEST_KEY, network: { systemCertificates: system === 'true' }, retry: { maxAttempts: 1 } });
api.listFunctions().then((page) => console.log('listed ' + page.items.length), (error) => console.log(error.kind + ': ' + error.message)).finally(() => api.close());
`;
