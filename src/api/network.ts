// How requests reach a server: straight, or through a proxy (the one given, else the environment's
// HTTP(S)_PROXY), with the hosts that skip it, and which certificate authorities are trusted. The
// extension turns VS Code's settings into NetworkOptions (core/networkSettings.ts); this module knows
// no settings and has no vscode import. undici is loaded from here, on the first request.
import fs = require('fs');
import net = require('net');
import tls = require('tls');
import type { Dispatcher } from 'undici';
import { NotteApiError } from './errors';
import { packageBesideBundle } from './packageBesideBundle';

export interface NetworkOptions {
  /** Every request goes through this proxy (http:, https: or socks5:), but those to `noProxy` hosts. None: the environment's HTTPS_PROXY / HTTP_PROXY, if any. */
  proxy?: string;
  /** Hosts reached without a proxy (NO_PROXY's syntax: `example.com` covers its subdomains, `host:port` one port). None: the environment's NO_PROXY. */
  noProxy?: string[];
  /** false: certificates are not checked (VS Code's http.proxyStrictSSL off). Default true. */
  strictSSL?: boolean;
  /** Also trust the certificate authorities of the operating system, where this Node can read them. */
  systemCertificates?: boolean;
  /** More certificate authorities to trust (PEM), added to Node's own. */
  ca?: string[];
}

/** What a transport sends through: one dispatcher for its own origin, and one for other origins (code downloads). */
export interface Dispatchers {
  own: Dispatcher;
  foreign(): Dispatcher;
  close(): Promise<void>;
}

// A streamed run holds its connection until it ends: allow as many as a batch may run at once.
const POOL = { connections: 64, keepAliveTimeout: 30_000, pipelining: 1 };

export function makeDispatchers(origin: string, network: NetworkOptions = {}): Dispatchers {
  const { Agent, EnvHttpProxyAgent, Pool } = undici();
  if (network.proxy || hasEnvProxy()) {
    const trust = trustOptions(network);
    checkProxyUrl(network.proxy);
    const proxied = new EnvHttpProxyAgent({
      ...POOL,
      ...(network.proxy ? { httpProxy: network.proxy, httpsProxy: network.proxy } : {}),
      // undici reads "*" (everything straight) only as the whole list.
      ...(network.noProxy ? { noProxy: network.noProxy.includes('*') ? '*' : network.noProxy.join(',') } : {}),
      // Straight connections, the TLS inside a proxy's tunnel, and an https: proxy itself.
      connect: trust,
      requestTls: trust,
      proxyTls: trust,
    });
    return { own: proxied, foreign: () => proxied, close: () => proxied.close() };
  }
  // The trusted authorities are parsed only for TLS: a plain http origin (the local server) never needs them.
  const own = new Pool(origin, { ...POOL, ...(/^https:/i.test(origin) ? { connect: trustOptions(network) } : {}) });
  let foreign: Dispatcher | undefined;
  return {
    own,
    foreign: () => (foreign ??= new Agent({ connect: trustOptions(network) })),
    close: async () => void (await Promise.all([own.close(), foreign?.close()])),
  };
}

/**
 * The TLS options of every connection: whether certificates are checked, and one secure context
 * holding Node's authorities plus the system's and the given ones (built once per transport, not
 * per connection: a context of hundreds of certificates is costly to parse).
 */
export function trustOptions(network: NetworkOptions): tls.ConnectionOptions {
  const options: tls.ConnectionOptions = { rejectUnauthorized: network.strictSSL !== false };
  const authorities = trustedAuthorities(network);
  if (authorities) options.secureContext = tls.createSecureContext({ ca: authorities });
  return options;
}

/**
 * The authorities to trust when they differ from Node's defaults; undefined when Node's own apply.
 * The system's come from `tls.getCACertificates('system')` (Node 22.15 and later: VS Code 1.101 and
 * later); an older Node cannot list them, so there only Node's own and the given ones apply.
 */
export function trustedAuthorities(network: NetworkOptions): string[] | undefined {
  const system = network.systemCertificates ? systemAuthorities() : [];
  const extra = network.ca ?? [];
  if (system.length === 0 && extra.length === 0) return undefined;
  return [...new Set([...defaultAuthorities(), ...system, ...extra])];
}

/** Whether this Node can list the operating system's certificate authorities. */
export function canReadSystemCertificates(): boolean {
  return typeof caLister() === 'function';
}

type CaLister = (kind: 'default' | 'system' | 'bundled' | 'extra') => string[];

function caLister(): CaLister | undefined {
  return (tls as unknown as { getCACertificates?: CaLister }).getCACertificates;
}

function systemAuthorities(): string[] {
  try {
    return caLister()?.('system') ?? [];
  } catch {
    // A system store that cannot be read leaves Node's own authorities.
    return [];
  }
}

/** Node's own: its bundled authorities and NODE_EXTRA_CA_CERTS (an explicit list replaces them, so they are listed again). */
function defaultAuthorities(): string[] {
  const list = caLister();
  if (list) return list('default');
  const extraFile = process.env.NODE_EXTRA_CA_CERTS;
  let extra: string[] = [];
  try {
    if (extraFile) extra = fs.readFileSync(extraFile, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  } catch {
    // Node itself only warns about an unreadable NODE_EXTRA_CA_CERTS.
  }
  return [...tls.rootCertificates, ...extra];
}

function hasEnvProxy(): boolean {
  const env = process.env;
  return !!(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

/** A proxy URL undici cannot use fails here with a message that names it (its password masked), not deep in undici. */
function checkProxyUrl(proxy: string | undefined): void {
  if (!proxy) return;
  let url: URL | undefined;
  try {
    url = new URL(proxy);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:', 'socks:', 'socks5:'].includes(url.protocol)) {
    throw new NotteApiError('network', `The proxy "${maskProxyCredentials(proxy)}" is not a proxy URL (expected http://, https:// or socks5://, then host:port).`);
  }
}

/** A proxy URL as it may be shown: without its user name and password. */
export function maskProxyCredentials(proxy: string): string {
  return proxy.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/]*@/i, '$1••••••@');
}

/**
 * undici is five sixths of the extension: read on the first request (dist/undici.js), so activating the
 * extension does not even parse it.
 */
export function undici(): typeof import('undici') {
  return packageBesideBundle('undici.js', 'undici');
}

/** Whether nothing listens on the port of this machine's loopback address now (a local server may start there). */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}
