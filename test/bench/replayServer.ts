// A tiny server that replays a recorded streamed run from memory at full speed, so that a reader is
// measured and not the producer. Run as its own process: `node replayServer.js FILE [REPEAT]` prints
// `{"port":N}`. A `.raw` file holds the exact bytes the local server sent for one streamed start
// (status line, headers, chunked body), replayed as they are and the connection closed, as recorded.
// Any other file holds an SSE body (`data: …\n\n` events), sent with the local server's headers, one
// HTTP chunk per event, pre-encoded in memory; REPEAT sends its log events that many times over.
import * as fs from 'fs';
import * as net from 'net';

const EVENT_SEPARATOR = '\n\n';

/** `repeat`: the log events are sent that many times over (then the result once), for long streams. */
export function encodeChunkedResponse(body: string, repeat = 1): Buffer {
  const head =
    'HTTP/1.1 200 OK\r\n' +
    'Content-Type: text/event-stream; charset=utf-8\r\n' +
    'Cache-Control: no-cache, no-transform\r\n' +
    'Connection: keep-alive\r\n' +
    'X-Accel-Buffering: no\r\n' +
    `Date: ${new Date().toUTCString()}\r\n` +
    'Transfer-Encoding: chunked\r\n\r\n';
  const logs: Buffer[] = [];
  const rest: Buffer[] = [];
  let start = 0;
  while (start < body.length) {
    const end = body.indexOf(EVENT_SEPARATOR, start);
    const stop = end < 0 ? body.length : end + EVENT_SEPARATOR.length;
    const text = body.slice(start, stop);
    const event = Buffer.from(text, 'utf8');
    const chunk = [Buffer.from(`${event.length.toString(16)}\r\n`, 'latin1'), event, Buffer.from('\r\n', 'latin1')];
    (text.startsWith('data: {"type":"log"') ? logs : rest).push(...chunk);
    start = stop;
  }
  const logPart = Buffer.concat(logs);
  const parts: Buffer[] = [Buffer.from(head, 'latin1')];
  for (let i = 0; i < repeat; i++) parts.push(logPart);
  parts.push(...rest, Buffer.from('0\r\n\r\n', 'latin1'));
  return Buffer.concat(parts);
}

function jsonResponse(status: number, value: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  return Buffer.concat([
    Buffer.from(
      `HTTP/1.1 ${status} ${status === 200 ? 'OK' : 'Not Found'}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: keep-alive\r\n\r\n`,
      'latin1',
    ),
    body,
  ]);
}

function main(): void {
  const bodyFile = process.argv[2];
  const repeat = Number(process.argv[3] ?? 1);
  const raw = bodyFile.endsWith('.raw');
  const replay = raw ? fs.readFileSync(bodyFile) : encodeChunkedResponse(fs.readFileSync(bodyFile, 'utf8'), repeat);
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const headEnd = pending.indexOf('\r\n\r\n');
        if (headEnd < 0) return;
        const head = pending.subarray(0, headEnd).toString('latin1');
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (pending.length < headEnd + 4 + length) return;
        pending = pending.subarray(headEnd + 4 + length);
        const [method, target] = head.split(' ');
        const route = (target ?? '').split('?')[0];
        if (method === 'POST' && route.endsWith('/runs/create')) {
          const functionId = route.split('/')[2] ?? 'lines';
          socket.write(
            jsonResponse(200, {
              function_id: functionId,
              workflow_id: functionId,
              function_run_id: 'replay',
              workflow_run_id: 'replay',
              created_at: new Date().toISOString(),
              status: 'created',
            }),
          );
        } else if (method === 'POST' && /\/runs\/[^/]+$/.test(route)) {
          if (raw) {
            socket.end(replay);
            return;
          }
          socket.write(replay);
        } else if (method === 'GET' && route === '/health') socket.write(jsonResponse(200, { status: 'ok' }));
        else socket.write(jsonResponse(404, { message: 'Not found', detail: `${method} ${route}` }));
      }
    });
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address() as net.AddressInfo;
    process.stdout.write(`${JSON.stringify({ port: address.port, bytes: replay.length })}\n`);
  });
  process.on('SIGTERM', () => process.exit(0));
}

if (require.main === module) main();
