// Which requests the local server lets in by the address they name. A web page the user visits can
// make the browser send requests to 127.0.0.1 (DNS rebinding: attacker.example resolving to
// 127.0.0.1), and this server runs uploaded Python code, so:
// - a request must name the server by its own address in `Host` (127.0.0.1, localhost, [::1] or
//   the address it is bound to, with its port) or by a name given with --allowed-host;
// - a request carrying an `Origin` that is not one of those may not change anything (only GET/HEAD);
// - no CORS header is ever sent, so browsers keep other pages from reading the answers.
import type { IncomingMessage } from 'http';
import { HttpError } from './http';

/** A host as `Host` carries it: a lower-case name (IPv6 in brackets) and a port ('' when none was given). */
interface HostName {
  name: string;
  port: string;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `name`, `name:port`, `[v6]` or `[v6]:port`; undefined when it is none of them. */
export function parseHost(value: string): HostName | undefined {
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9._-]+)(?::(\d{1,5}))?$/i.exec(value.trim());
  return match ? { name: match[1].toLowerCase(), port: match[2] ?? '' } : undefined;
}

/** A bind address as it appears in a Host header (IPv6 in brackets). */
function hostOfAddress(address: string): string {
  return address.includes(':') && !address.startsWith('[') ? `[${address.toLowerCase()}]` : address.toLowerCase();
}

export class Doors {
  private readonly own: string[];
  private readonly extra: HostName[];

  /** `extra`: what the user allowed with --allowed-host (a name without port is allowed on any port). */
  constructor(
    boundAddress: string,
    private readonly port: number,
    extra: string[] = [],
  ) {
    this.own = [...new Set(['127.0.0.1', 'localhost', '[::1]', hostOfAddress(boundAddress)])];
    this.extra = extra.map((value) => {
      const host = parseHost(value);
      if (!host) throw new Error(`"${value}" is not a host name (expected NAME or NAME:PORT).`);
      return host;
    });
  }

  /** The server's own addresses, as a client names them (`127.0.0.1:8765`...). */
  get ownHosts(): string[] {
    return this.own.map((name) => `${name}:${this.port}`);
  }

  private allowed(host: HostName): boolean {
    const port = host.port || '80';
    if (this.own.includes(host.name) && port === String(this.port)) return true;
    return this.extra.some((e) => e.name === host.name && (e.port === '' || e.port === port));
  }

  /** The refusal for a request that does not name this server, or comes from a foreign page to change something. */
  check(req: IncomingMessage): HttpError | undefined {
    const hostHeader = req.headers.host;
    // Browsers always send Host; a request without one (HTTP/1.0 by hand) cannot come from a web page.
    if (hostHeader !== undefined) {
      const host = parseHost(hostHeader);
      if (!host || !this.allowed(host)) {
        return new HttpError(
          403,
          'Forbidden host',
          `Host "${hostHeader}" is not allowed: this local server answers requests addressed to ${this.ownHosts.join(', ')} (a protection against DNS rebinding). To reach it by another name, start it with --allowed-host ${host?.name ?? 'NAME'}.`,
        );
      }
    }
    const origin = req.headers.origin;
    if (origin !== undefined && !SAFE_METHODS.has((req.method ?? 'GET').toUpperCase()) && !this.ownOrigin(origin)) {
      return new HttpError(
        403,
        'Forbidden origin',
        `A page of "${origin}" may not change anything on this local server: only pages of its own address (${this.ownHosts.join(', ')}) or of a name given with --allowed-host may.`,
      );
    }
    return undefined;
  }

  /** Whether an Origin is a page of this server (or of an allowed name). */
  ownOrigin(origin: string): boolean {
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false; // "null" (sandboxed pages, files) and anything unreadable.
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    const host = parseHost(url.host);
    return host !== undefined && this.allowed({ name: host.name, port: host.port || (url.protocol === 'https:' ? '443' : '80') });
  }
}
