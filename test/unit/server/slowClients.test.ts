// Slow clients cannot starve the others: a connection that sends half a request line (or half a
// body) and nothing more is closed once the request timeouts pass, the connections open at once are
// capped (the oldest idle one makes room), and meanwhile real requests are answered and a run's
// stream, however long, goes on.
import * as assert from 'assert';
import * as net from 'net';
import { FIXTURE_FUNCTIONS_DIR, startTestServer, TestServer } from '../helpers/localServer';
import { call, stream, textOf, waitFor } from './util';

interface SlowSocket {
  socket: net.Socket;
  closed: boolean;
}

/** A connection that sends `text` and then nothing. */
function slowClient(server: TestServer, text: string): Promise<SlowSocket> {
  const port = Number(new URL(server.url).port);
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const slow: SlowSocket = { socket, closed: false };
    socket.on('error', () => undefined); // a reset is one way of being closed
    socket.on('close', () => (slow.closed = true));
    socket.on('data', () => undefined);
    socket.once('connect', () => {
      socket.write(text);
      resolve(slow);
    });
    socket.once('error', reject);
  });
}

/** A keep-alive connection of its own, sending GET /functions/ when asked and reading the answer. */
async function keepAliveClient(server: TestServer): Promise<{ socket: net.Socket; get(): Promise<string> }> {
  const port = Number(new URL(server.url).port);
  const socket = net.connect(port, '127.0.0.1');
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  return {
    socket,
    async get() {
      received = '';
      socket.write(`GET /functions/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${server.key}\r\n\r\n`);
      await waitFor('an answer on the kept connection', () => socket.destroyed || /\r\n\r\n.*"items"/s.test(received));
      return received;
    },
  };
}

describe('local server: slow clients', function () {
  this.timeout(60_000);
  let server: TestServer;
  before(async () => {
    // Timeouts short for a test, long enough that a loaded machine answers the real request before they pass.
    server = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, headersTimeoutMs: 3000, requestTimeoutMs: 4000, maxConnections: 20 });
  });
  after(() => server.close());

  it('closes connections that send half a request after the timeout, answers real requests meanwhile, and keeps a long stream going', async () => {
    // A run's stream, longer than every timeout here (about 6 s on an idle machine).
    const streaming = stream(server, '/functions/ticks/runs/start', { variables: { n: 60, every: 0.1 }, stream: true });
    await waitFor('the run to be active', async () => (await call(server, 'GET', '/functions/ticks/runs/')).json.items.length === 1);

    const kept = await keepAliveClient(server);
    assert.match(await kept.get(), /^HTTP\/1\.1 200 /);

    const slow: SlowSocket[] = [];
    for (let i = 0; i < 60; i++)
      slow.push(
        await slowClient(server, i % 10 === 0 ? `POST /functions/slow/runs/start HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{"varia` : 'GET /functions/ HT'),
      );
    // More than the cap of 20 came: the oldest were closed to make room, the newest wait for the timeout.
    const answer = await call(server, 'GET', '/functions/?page_size=100');
    assert.strictEqual(answer.status, 200, 'a real request is answered while slow clients hold connections');
    assert.ok(
      slow.some((s) => !s.closed),
      'some slow clients are still connected when the real request is answered',
    );

    await waitFor('every slow client to be closed', () => slow.every((s) => s.closed), 20_000, 50);
    assert.strictEqual((await call(server, 'GET', '/functions/')).status, 200);
    assert.match(await kept.get(), /^HTTP\/1\.1 200 /, 'a client whose request was answered kept its connection: slow ones made room first');
    kept.socket.destroy();

    const read = await streaming;
    assert.strictEqual(read.error, undefined, 'the stream was not cut');
    const logs = read.data.filter((d) => d.type === 'log').map((d) => textOf(d.message));
    assert.deepStrictEqual(
      logs,
      Array.from({ length: 60 }, (_, i) => `tick ${i}`),
    );
    assert.strictEqual(JSON.parse(read.data[read.data.length - 1].message).status, 'closed');
    for (const s of slow) s.socket.destroy();
  });

  it('keeps an idle keep-alive connection past the request timeouts, and answers its next request on it', async () => {
    const kept = await keepAliveClient(server);
    assert.match(await kept.get(), /^HTTP\/1\.1 200 /);
    await new Promise((resolve) => setTimeout(resolve, 5000));
    assert.ok(!kept.socket.destroyed, 'still open after the timeouts');
    assert.match(await kept.get(), /^HTTP\/1\.1 200 /, 'the second answer on the same connection');
    kept.socket.destroy();
  });
});
