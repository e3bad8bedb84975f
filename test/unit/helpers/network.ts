// Real network pieces for the tests of proxies and certificates: a CONNECT proxy that records what it
// was asked, a self-signed certificate made by openssl, and a TLS front for the local server. Node
// only (the in-editor suite uses the proxy too), nothing of src/.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as tls from 'tls';

export interface ConnectProxy {
  url: string;
  /** "host:port" of every CONNECT, in order. */
  connects: string[];
  /** With `forwardTo`: "METHOD /path" of every request that came through a tunnel. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * A proxy that answers CONNECT, as corporate proxies do. Its tunnels go where they were asked, or,
 * with `forwardTo`, end in the proxy itself, whose requests are passed to that server with `Host`
 * naming it (so a name only the proxy knows reaches a local server that answers its own address only).
 */
export async function startConnectProxy(options: { forwardTo?: string } = {}): Promise<ConnectProxy> {
  const connects: string[] = [];
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const inner = options.forwardTo ? forwardingServer(options.forwardTo, requests) : undefined;
  const proxy = http.createServer((_req, res) => {
    res.writeHead(405);
    res.end();
  });
  proxy.on('connect', (request: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
    connects.push(String(request.url));
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
    if (inner) {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) socket.unshift(head);
      inner.emit('connection', socket);
      return;
    }
    const [host, port] = splitHostPort(String(request.url));
    const upstream = net.connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('close', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`,
    connects,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      inner?.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}

function splitHostPort(target: string): [string, string] {
  const at = target.lastIndexOf(':');
  return [target.slice(0, at).replace(/^\[|\]$/g, ''), target.slice(at + 1)];
}

/** An HTTP server (never listening: the proxy hands it its tunnels) that passes each request to `target`. */
function forwardingServer(target: string, requests: string[]): http.Server {
  const url = new URL(target);
  return http.createServer((req, res) => {
    requests.push(`${req.method} ${(req.url ?? '').split('?')[0]}`);
    const upstream = http.request({ host: url.hostname, port: url.port, path: req.url, method: req.method, headers: { ...req.headers, host: url.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
}

export interface Certificate {
  key: string;
  cert: string;
  /** The certificate's file (PEM). */
  certFile: string;
  dir: string;
}

/** A fresh self-signed certificate for 127.0.0.1 and localhost (openssl, as Debian ships it). */
export function selfSignedCertificate(): Certificate {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-cert-'));
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        keyFile,
        '-out',
        certFile,
        '-days',
        '2',
        '-subj',
        '/CN=Notte test',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: 'pipe' },
    );
  } catch (error) {
    throw new Error(`These tests make a certificate with openssl, which failed (apt-get install openssl): ${(error as Error).message}`);
  }
  return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8'), certFile, dir };
}

/** HTTPS in front of a server: TLS ends here, the bytes go on to `target` as they are. */
export async function startTlsFront(target: string, certificate: Certificate): Promise<{ url: string; close(): Promise<void> }> {
  const to = new URL(target);
  const sockets = new Set<net.Socket>();
  const front = tls.createServer({ key: certificate.key, cert: certificate.cert }, (socket) => {
    const upstream = net.connect(Number(to.port), to.hostname);
    sockets.add(socket).add(upstream);
    socket.pipe(upstream).pipe(socket);
    for (const end of [socket, upstream]) {
      end.on('error', () => undefined);
      end.on('close', () => {
        socket.destroy();
        upstream.destroy();
      });
    }
  });
  front.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
  return {
    url: `https://127.0.0.1:${(front.address() as net.AddressInfo).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    },
  };
}
