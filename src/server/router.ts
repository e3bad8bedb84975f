// A small router: routes are a method and a path pattern (`/functions/:id/runs/:runId`), tried in
// the order they were added, so a literal segment added first wins over a parameter at that place.
import type { IncomingMessage, ServerResponse } from 'http';

export type Params = Record<string, string>;
export type Handler = (req: IncomingMessage, res: ServerResponse, url: URL, params: Params) => Promise<void>;

interface Route {
  method: string;
  pattern: string[];
  handler: Handler;
}

export type Match = { handler: Handler; params: Params } | 'method' | undefined;

export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: Handler): this {
    this.routes.push({ method, pattern: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** The handler for a request's (decoded) path segments; 'method' when the path exists but not for this method. */
  match(method: string, segments: string[]): Match {
    let pathKnown = false;
    for (const route of this.routes) {
      const params = matchPattern(route.pattern, segments);
      if (!params) continue;
      if (route.method === method) return { handler: route.handler, params };
      pathKnown = true;
    }
    return pathKnown ? 'method' : undefined;
  }
}

function matchPattern(pattern: string[], segments: string[]): Params | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Params = {};
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i].startsWith(':')) params[pattern[i].slice(1)] = segments[i];
    else if (pattern[i] !== segments[i]) return undefined;
  }
  return params;
}
