// The front door of the Functions API (see shared/notte-api.md): the Host/Origin doors (doors.ts),
// the health route, test faults, authentication (the key, or a signed token for the links opened without it), then the router.
import { createHash, timingSafeEqual } from 'crypto';
import type { IncomingMessage, ServerResponse } from 'http';
import { checkCodeToken } from './codeUrl';
import { HttpError, methodNotAllowed, rateLimited, readJsonBody, sendError, sendJson, runKeyOutOfScope, unauthorized, validationError } from './http';
import { Router } from './router';
import type { ApiContext } from './routes/context';
import { addFunctionRoutes } from './routes/functions';
import { addRunRoutes } from './routes/runs';
import { addScheduleRoutes } from './routes/schedules';
import { addAgentRoutes, addBrowserSessionRoutes } from './routes/browserSessions';
import { servePage } from './routes/pages';
import { addRunKeyRoutes } from './routes/runKey';
import { cloudOnlyError } from './routes/cloudOnly';
import { requestKeys } from './runKeys';
import type { Duplex } from 'stream';

export type { ApiContext } from './routes/context';
export { fireSchedule } from './routes/schedules';

function hashKey(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export class Api {
  private readonly keyHash: Buffer;
  private readonly router = new Router();

  constructor(private readonly ctx: ApiContext) {
    this.keyHash = hashKey(ctx.key);
    addFunctionRoutes(this.router, ctx);
    addScheduleRoutes(this.router, ctx);
    addRunKeyRoutes(this.router, ctx);
    addRunRoutes(this.router, ctx);
    addBrowserSessionRoutes(this.router, ctx);
    addAgentRoutes(this.router);
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.dispatch(req, res);
    } catch (error) {
      if (error instanceof HttpError) sendError(res, error);
      else {
        this.ctx.log?.(`error: ${(error as Error).stack ?? error}`);
        sendJson(res, 500, { message: 'Internal Server Error', detail: (error as Error).message });
      }
    }
  }

  private authorized(req: IncomingMessage): boolean {
    return requestKeys(req).some((c) => timingSafeEqual(hashKey(c), this.keyHash));
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Before anything else, health included: a page reaching us through a foreign name learns nothing.
    const refused = this.ctx.doors ? this.ctx.doors.check(req) : new HttpError(503, 'Service Unavailable', 'The server is starting.');
    if (refused) throw refused;
    const url = new URL(req.url ?? '/', 'http://local');
    let pathname = url.pathname.replace(/\/+$/, '') || '/';
    // The legacy name of functions.
    if (pathname === '/workflows' || pathname.startsWith('/workflows/')) pathname = `/functions${pathname.slice('/workflows'.length)}`;
    const method = (req.method ?? 'GET').toUpperCase();
    const segments = pathname.split('/').filter(Boolean).map(safeDecode);

    if (pathname === '/health' || pathname === '/') {
      if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed();
      sendJson(res, 200, { status: 'ok', service: 'notte-functions-local' });
      return;
    }
    if (this.ctx.faults && pathname === '/__faults') return this.controlFaults(req, res, method);
    if (await this.injectFault(req, res)) return;
    // Fixed public pages (the browser example's shop), reached by the sessions' browser without a key.
    if (segments[0] === 'pages' && segments.length === 2 && (method === 'GET' || method === 'HEAD')) return servePage(segments[1], res);
    // A run's own key (runKeys.ts) opens that run's browser sessions and nothing else.
    const runScoped = segments[0] === 'sessions' && this.ctx.browser?.runScope(req) !== undefined;
    if (!this.tokenOk(method, segments, url.searchParams) && !this.authorized(req) && !runScoped) {
      // A good key used past what it opens (a function calling another function) is told so, not "invalid".
      throw this.ctx.browser?.runScope(req) ? runKeyOutOfScope() : unauthorized();
    }

    const route = this.router.match(method, segments);
    if (!route) throw cloudOnlyError(segments[0]) ?? new HttpError(404, 'Not Found', `No route for ${method} ${pathname}.`);
    if (route === 'method') throw methodNotAllowed();
    await route.handler(req, res, url, route.params);
  }

  /** The code download accepts a signed token instead of the key (a plain GET, as the SDK does); so do the session viewer page and replay video, opened in a browser. */
  private tokenOk(method: string, segments: string[], query: URLSearchParams): boolean {
    if (method !== 'GET') return false;
    const [resource, id, what] = segments;
    if (resource === 'functions' && what === 'code' && segments.length === 3) return checkCodeToken(this.ctx.key, id, query);
    if (resource === 'sessions' && this.ctx.browser && ['viewer', 'replay.webm'].includes(segments.slice(2).join('/')))
      return this.ctx.browser.tokenOk(id, segments.slice(2).join('/'), query);
    return false;
  }

  /** A websocket request (a session's live frames, logs or CDP): the doors, then the session routes check it; anything else is refused. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const refused = this.ctx.doors ? this.ctx.doors.check(req) : new HttpError(503, 'Service Unavailable', 'The server is starting.');
    // A page of another site must not drive a session: websockets are not bound by CORS, so Origin is checked here.
    const origin = req.headers.origin;
    const foreign = origin !== undefined && !this.ctx.doors?.ownOrigin(origin);
    if (refused || foreign || !this.ctx.browser?.upgrade(req, socket, head, this.authorized(req))) {
      socket.end(
        `HTTP/1.1 ${refused ? refused.status : foreign ? 403 : 404} ${refused ? 'Refused' : foreign ? 'Forbidden origin' : 'Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`,
      );
    }
  }

  private async controlFaults(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    const faults = this.ctx.faults!;
    if (!this.authorized(req)) throw unauthorized();
    if (method === 'DELETE') faults.reset();
    else if (method === 'POST') {
      const issues = await readJsonBody(req, undefined, (body) => faults.configure(body.fields));
      if (issues.length) throw validationError(issues);
    } else if (method !== 'GET') throw methodNotAllowed();
    sendJson(res, 200, faults.state);
  }

  /** Applies the test fault the request gets, if any; answers whether the request was answered (or dropped). */
  private async injectFault(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    const faults = this.ctx.faults;
    if (!faults) return false;
    if (faults.state.delayMs > 0) await new Promise((r) => setTimeout(r, faults.state.delayMs));
    const action = faults.take();
    if (action?.kind === 'reset') {
      req.socket.destroy();
      return true;
    }
    if (action?.kind === 'malformed') {
      const text = '{"items": [{"function_id": "broken", "name": ';
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
      res.end(text);
      return true;
    }
    if (action?.kind === 'status') {
      if (action.status === 429) throw rateLimited(faults.state.retryAfter, this.ctx.manager.maxConcurrent);
      if (action.status === 529) throw new HttpError(529, 'Cluster overloaded', 'The service is overloaded, please retry later.');
      throw new HttpError(500, 'Internal Server Error', 'Injected fault.');
    }
    return false;
  }
}
