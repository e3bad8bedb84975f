// /sessions: Notte's browser-sessions API on the local Chromium (notte-api.md, "Browser sessions"):
// start, status, list, stop, page/execute|observe|scrape|screenshot, cookies, offset, debug, replay,
// workflow/code, the viewer page, and page/selector (the extension's, for Pick Element). Error bodies carry `status` as the service's do (the SDK's start
// retries read it). A request with a run's key sees that run's sessions only.
import type { IncomingMessage } from 'http';
import type { ValidationIssue } from '../../api/types';
import { sendFileRange } from '../byteRange';
import type { BrowserSessions, Scope } from '../browser/browserSessions';
import type { SessionRuntime } from '../browser/runtime';
import type { Session } from '../browser/session';
import { readStartRequest } from '../browser/startRequest';
import { viewerPage } from '../browser/viewerPage';
import { HttpError, issue, JSON_LIMIT, parseJsonObject, queryBool, queryInt, readBody, sendJson, validationError } from '../http';
import type { Handler, Params, Router } from '../router';
import type { ApiContext } from './context';
import { closedSession, isSessionClosed, pageFailure, sendSessionError, unknownSession } from './sessionErrors';

const LLM = "needs Notte's hosted LLM, which the local server does not have";

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return parseJsonObject(await readBody(req, JSON_LIMIT));
}

/** What the session routes share: the sessions, who a request acts for, and how a path's session is found. */
interface Tools {
  sessions: BrowserSessions;
  scopeOf(req: IncomingMessage): Scope;
  on(method: string, path: string, handler: Handler): void;
  lookup(req: IncomingMessage, params: Params, unknown?: 404 | 410): { session: Session; runtime: SessionRuntime };
  active(req: IncomingMessage, params: Params): { session: Session; runtime: SessionRuntime };
  describe(runtime: SessionRuntime, session: Session): Record<string, unknown>;
}

export function addBrowserSessionRoutes(router: Router, ctx: ApiContext): void {
  const sessions = ctx.browser;
  if (!sessions) return;
  const scopeOf = (req: IncomingMessage): Scope => sessions.runScope(req) ?? { kind: 'server' };
  /** Every handler answers its errors itself, with `status` in the body. */
  const on = (method: string, path: string, handler: Handler) =>
    router.on(method, path, async (req, res, url, params) => {
      try {
        await handler(req, res, url, params);
      } catch (error) {
        if (error instanceof HttpError) sendSessionError(res, error);
        else if (pageFailure(error)) sendSessionError(res, pageFailure(error)!);
        else if (isSessionClosed(error)) {
          const session = sessions.find(params.sessionId, scopeOf(req));
          sendSessionError(res, session ? closedSession(session) : unknownSession(params.sessionId));
        } else {
          ctx.log?.(`error: ${(error as Error).stack ?? error}`);
          sendSessionError(res, new HttpError(500, 'Internal Server Error', (error as Error).message));
        }
      }
    });
  /** The session a path names (any status), with the runtime that holds it. */
  const lookup = (req: IncomingMessage, params: Params, unknown: 404 | 410 = 404): { session: Session; runtime: SessionRuntime } => {
    const session = sessions.find(params.sessionId, scopeOf(req));
    if (!session || !sessions.loaded) throw unknownSession(params.sessionId, unknown);
    return { session, runtime: sessions.loaded };
  };
  /** An active session: a closed one answers as the service does. */
  const active = (req: IncomingMessage, params: Params) => {
    const found = lookup(req, params);
    if (!found.session.isActive) throw closedSession(found.session);
    found.session.touch();
    return found;
  };
  const describe = (runtime: SessionRuntime, session: Session) => runtime.describe(session, sessions.links());
  const tools: Tools = { sessions, scopeOf, on, lookup, active, describe };
  addLifecycleRoutes(tools);
  addPageRoutes(tools);
  addCookieRoutes(tools);
  addDebugRoutes(tools);
  addReplayRoutes(tools);
}

/** Start, list, status, stop. */
function addLifecycleRoutes({ sessions, scopeOf, on, lookup, describe }: Tools): void {
  on('POST', '/sessions/start', async (req, res) => {
    const options = readStartRequest(await jsonBody(req));
    const { runtime, session } = await sessions.start(options, scopeOf(req)).catch((error: Error) => {
      if (error instanceof HttpError) throw error;
      throw new HttpError(500, 'The browser could not start', error.message);
    });
    sendJson(res, 200, describe(runtime, session));
    runtime.started(session);
  });

  on('GET', '/sessions', async (req, res, url) => {
    const issues: ValidationIssue[] = [];
    const page = queryInt(url.searchParams, 'page', 1, 1, Number.MAX_SAFE_INTEGER, issues);
    const pageSize = queryInt(url.searchParams, 'page_size', 10, 1, 1000, issues);
    const onlyActive = queryBool(url.searchParams, 'only_active', true, issues);
    queryBool(url.searchParams, 'include_system', false, issues);
    queryBool(url.searchParams, 'only_current_token', false, issues);
    if (issues.length) throw validationError(issues);
    const runtime = sessions.loaded;
    const scope = scopeOf(req);
    const all = (runtime?.manager.list() ?? []).filter((s) => (!onlyActive || s.isActive) && (scope.kind === 'server' || s.runId === scope.runId));
    const start = (page - 1) * pageSize;
    sendJson(res, 200, {
      items: all.slice(start, start + pageSize).map((s) => describe(runtime!, s)),
      page,
      page_size: pageSize,
      has_next: start + pageSize < all.length,
      has_previous: page > 1,
    });
  });

  on('GET', '/sessions/:sessionId', async (req, res, _url, params) => {
    const { session, runtime } = lookup(req, params);
    sendJson(res, 200, describe(runtime, session));
  });

  on('DELETE', '/sessions/:sessionId/stop', async (req, res, _url, params) => {
    const { session, runtime } = lookup(req, params);
    // A session that ended on its own (timed out) is "already closed": the words the SDK lets pass as
    // its `with` block ends, where any status but closed makes it raise. One a client stopped answers
    // closed again, so stopping twice is no error.
    if (!session.isActive && session.status !== 'closed') {
      throw new HttpError(409, 'Session already closed', `Session ${session.id} is already closed (${session.status}): ${session.closeReason ?? 'it ended on its own.'}`);
    }
    await runtime.manager.end(session, 'closed', 'Stopped by the client.');
    sendJson(res, 200, describe(runtime, session));
  });
}

/** page/execute, observe, scrape, screenshot. */
function addPageRoutes({ on, active }: Tools): void {
  on('POST', '/sessions/:sessionId/page/execute', async (req, res, _url, params) => {
    const { session, runtime } = active(req, params);
    const body = await jsonBody(req);
    const action = (body.action && typeof body.action === 'object' ? body.action : body) as Record<string, unknown>;
    if (typeof action.type !== 'string') throw validationError([issue(['body', 'type'], 'An action needs a type (goto, click, fill, …)', 'missing')]);
    sendJson(res, 200, await runtime.act(session, action));
  });

  on('POST', '/sessions/:sessionId/page/observe', async (req, res, _url, params) => {
    const { session, runtime } = active(req, params);
    const body = await jsonBody(req);
    if (body.instructions) throw new HttpError(501, 'Not available locally', `observe(instructions=…) ${LLM}: observe without instructions lists the page's elements.`);
    if (body.perception_type === 'deep') throw new HttpError(501, 'Not available locally', `Deep perception ${LLM}: use perception_type="fast".`);
    const max = typeof body.max_nb_actions === 'number' && body.max_nb_actions > 0 ? body.max_nb_actions : 100;
    if (typeof body.url === 'string' && body.url) {
      const navigated = await runtime.act(session, { type: 'goto', url: body.url });
      if (!navigated.success) throw new HttpError(422, 'Could not open the page', navigated.message);
    }
    sendJson(res, 200, await runtime.observe(session, max));
  });

  on('POST', '/sessions/:sessionId/page/scrape', async (req, res, _url, params) => {
    const { session, runtime } = active(req, params);
    const body = await jsonBody(req);
    if (body.instructions || (body.response_format !== undefined && body.response_format !== null)) {
      throw new HttpError(501, 'Not available locally', `Structured extraction (instructions, response_format) ${LLM}: scrape without them gives the page as Markdown.`);
    }
    const data = await runtime.scrape(session, body).catch((error: Error) => {
      throw isSessionClosed(error) || pageFailure(error) ? error : new HttpError(422, 'Could not scrape', error.message);
    });
    sendJson(res, 200, data);
  });

  // Not Notte's: the extension's Pick Element asks what the exported code would name an observed element by.
  on('GET', '/sessions/:sessionId/page/selector', async (req, res, url, params) => {
    const { session, runtime } = active(req, params);
    const id = url.searchParams.get('id') ?? '';
    const selector = await runtime.selectorOf(session, id, url.searchParams.get('css') ?? undefined);
    if (selector === undefined) throw new HttpError(404, 'Not found', `There is no element ${id} on this page (the page or its observe changed): observe again.`);
    sendJson(res, 200, { id, selector });
  });

  on('POST', '/sessions/:sessionId/page/screenshot', async (req, res, _url, params) => {
    const { session, runtime } = active(req, params);
    const jpeg = await runtime.screenshot(session);
    res.writeHead(200, { 'Content-Type': 'image/jpeg', 'Content-Length': jpeg.length, 'Cache-Control': 'no-store' });
    res.end(jpeg);
  });
}

/** Cookies of the session's context. */
function addCookieRoutes({ on, active }: Tools): void {
  on('GET', '/sessions/:sessionId/cookies', async (req, res, _url, params) => {
    const { session, runtime } = active(req, params);
    sendJson(res, 200, { cookies: await runtime.cookies(session) });
  });

  on('POST', '/sessions/:sessionId/cookies', async (req, res, _url, params) => {
    const { session, runtime } = active(req, params);
    const body = await jsonBody(req);
    const cookies = body.cookies;
    if (!Array.isArray(cookies) || !cookies.every((c) => c && typeof c === 'object' && typeof c.name === 'string' && typeof c.value === 'string' && typeof c.domain === 'string')) {
      throw validationError([issue(['body', 'cookies'], 'A list of cookies, each with name, value, domain and path', 'list_type')]);
    }
    const { set, refused } = await runtime.setCookies(session, cookies as Record<string, unknown>[]);
    const count = (n: number) => `${n} cookie${n === 1 ? '' : 's'}`;
    const message = refused.length ? `Set ${set} of ${count(cookies.length)}; not set: ${refused.join(', ')}.` : `Set ${count(set)}.`;
    sendJson(res, 200, { success: refused.length === 0, message });
  });
}

/** offset, debug (the viewer and websocket links), replay, workflow code, the viewer page. */
function addDebugRoutes({ sessions, on, lookup, active }: Tools): void {
  on('GET', '/sessions/:sessionId/offset', async (req, res, _url, params) => {
    const { session } = lookup(req, params);
    sendJson(res, 200, { offset: session.steps.length });
  });

  const tabDebug = async (runtime: SessionRuntime, session: Session) => {
    const links = sessions.links();
    return (await runtime.tabs(session)).map((metadata) => ({ metadata, debug_url: links.viewer(session), ws_url: links.socket(session, 'recording') }));
  };

  on('GET', '/sessions/:sessionId/debug', async (req, res, _url, params) => {
    const { session, runtime } = active(req, params);
    const links = sessions.links();
    sendJson(res, 200, {
      debug_url: links.viewer(session),
      ws: { cdp: links.cdp(session), recording: links.socket(session, 'recording'), logs: links.socket(session, 'logs') },
      tabs: await tabDebug(runtime, session),
    });
  });

  on('GET', '/sessions/:sessionId/debug/tab', async (req, res, url, params) => {
    const { session, runtime } = active(req, params);
    const tabs = await tabDebug(runtime, session);
    const raw = url.searchParams.get('tab_idx');
    const index = raw === null || raw === '' ? session.activeTabIndex : Number(raw);
    const tab = Number.isInteger(index) ? tabs.at(index) : undefined;
    if (!tab) throw validationError([issue(['query', 'tab_idx'], `The session has ${tabs.length} tab(s), numbered from 0 (negative counts from the end)`, 'value_error')]);
    sendJson(res, 200, tab);
  });

  on('GET', '/sessions/:sessionId/workflow/code', async (req, res, url, params) => {
    const { session, runtime } = lookup(req, params);
    const issues: ValidationIssue[] = [];
    const asWorkflow = queryBool(url.searchParams, 'as_workflow', true, issues);
    queryBool(url.searchParams, 'infer_response_format', false, issues);
    if (issues.length) throw validationError(issues);
    sendJson(res, 200, await runtime.workflowCode(session, asWorkflow));
  });

  on('GET', '/sessions/:sessionId/viewer', async (req, res, _url, params) => {
    const { session } = lookup(req, params);
    const frames = new URL(sessions.links().socket(session, 'recording'));
    const html = viewerPage(session.id, frames.pathname + frames.search);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html), 'Cache-Control': 'no-store' });
    res.end(html);
  });
}

/** The replay: its answer once the session is closed, and the video. */
function addReplayRoutes({ sessions, on, lookup }: Tools): void {
  on('GET', '/sessions/:sessionId/replay', async (req, res, _url, params) => {
    const { session, runtime } = lookup(req, params, 410);
    if (session.isActive) throw new HttpError(404, 'Session is still active', `Session ${session.id} is still active: its replay is ready once it is stopped.`);
    const replay = await runtime.replay(session);
    if (!replay) throw new HttpError(404, 'Replay not ready yet', `The replay of session ${session.id} is being written: retry in a moment.`);
    if (replay.error) throw new HttpError(410, 'No replay', `Session ${session.id} has no replay: ${replay.error}.${session.closeReason ? ` ${session.closeReason}` : ''}`);
    const { url, expires } = sessions.links().replay(session);
    sendJson(res, 200, {
      mp4_url: url,
      playlist_content: null,
      expires_at: new Date(expires * 1000).toISOString(),
      video_start_ms: Math.max(0, Math.round(replay.startedAt - session.createdAt.getTime())),
      video_duration_ms: replay.durationMs,
    });
  });

  // The video itself (WebM/VP9: what VS Code's webviews play), with byte ranges so a player can seek.
  on('GET', '/sessions/:sessionId/replay.webm', async (req, res, _url, params) => {
    const { session, runtime } = lookup(req, params);
    const replay = session.isActive ? undefined : await runtime.replay(session);
    if (!replay || replay.error) throw unknownSession(params.sessionId);
    sendFileRange(req, res, replay.file, replay.size, 'video/webm');
  });
}

/** Agents need Notte's hosted LLM: answered 501 with a message that says so. */
export function addAgentRoutes(router: Router): void {
  const refuse: Handler = async (_req, res) =>
    sendSessionError(res, new HttpError(501, 'Not available locally', `Agents ${LLM}. The local server runs browser sessions driven by code: execute, observe, scrape.`));
  for (const path of ['/agents', '/agents/start', '/agents/:agentId', '/agents/:agentId/stop', '/agents/:agentId/workflow/code']) {
    router.on('GET', path, refuse);
    router.on('POST', path, refuse);
    router.on('DELETE', path, refuse);
  }
}
