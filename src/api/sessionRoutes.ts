// The browser-sessions routes of the contract (notte-api.md, "Browser sessions") and the agents' code:
// start, list, stop, page/execute|observe|scrape, debug, workflow/code, agents. Part of the client
// (`client.sessions`): the same transport, retries, errors and redaction as every other route.
import type { Dispatcher } from 'undici';
import { NotteApiError } from './errors';
import { normalizePage, queryString, seg } from './answers';
import type { CallOptions, RetryMode } from './transport';
import type { ListQuery, Page } from './types';
import type { AgentSummary, BrowserSession, DataSpace, ExecutionResult, Observation, SessionAction, SessionDebugInfo, SessionStartRequest, WorkflowCode } from './sessionTypes';
import { openFramesSocket, FramesHandlers, FramesSocket } from './sessionFrames';

/** The client's one JSON call (headers, key, retries, errors without the key). */
export type JsonCall = (what: string, method: Dispatcher.HttpMethod, path: string, body: unknown, retry: RetryMode, o: CallOptions) => Promise<unknown>;

export interface SessionRouteDeps {
  json: JsonCall;
  /** The headers a request to the API carries (the key included), for the frames websocket. */
  headers(): Promise<Record<string, string>>;
  baseUrl: string;
}

/** Notte's fast perception, as the SDK asks for it. */
export const OBSERVE_BODY = { max_nb_actions: 100, perception_type: 'fast' } as const;
/** A page as Markdown, as the SDK's scrape() asks for it. */
export const SCRAPE_BODY = { scrape_links: true, scrape_images: false, only_main_content: false, only_images: false, use_link_placeholders: false } as const;

export class SessionRoutes {
  constructor(private readonly deps: SessionRouteDeps) {}

  /** Starts a session: never retried once it may have reached the server (a second would cost a second browser). */
  start(body: SessionStartRequest = {}, o: CallOptions = {}): Promise<BrowserSession> {
    return this.deps.json('Start a browser session', 'POST', '/sessions/start', body, 'refusedOnly', o).then((s) => checkSession(s, 'Start a browser session'));
  }

  get(sessionId: string, o: CallOptions = {}): Promise<BrowserSession> {
    return this.deps.json(`Session ${sessionId}`, 'GET', `/sessions/${seg(sessionId)}`, undefined, 'idempotent', o).then((s) => checkSession(s, `Session ${sessionId}`));
  }

  list(query: ListQuery = {}, o: CallOptions = {}): Promise<Page<BrowserSession>> {
    return this.deps.json('List browser sessions', 'GET', `/sessions/${queryString(query)}`, undefined, 'idempotent', o).then((p) => normalizePage(p as Page<BrowserSession>));
  }

  /** Stops a session; one that already ended on its own (timed out) is no error: its state is the answer, as the SDK lets it pass. */
  async stop(sessionId: string, o: CallOptions = {}): Promise<BrowserSession> {
    try {
      return (await this.deps.json(`Stop session ${sessionId}`, 'DELETE', `/sessions/${seg(sessionId)}/stop`, undefined, 'idempotent', o)) as BrowserSession;
    } catch (error) {
      if (error instanceof NotteApiError && /already (stopped|closed)/i.test(error.message)) return this.get(sessionId, o);
      throw error;
    }
  }

  /** One action; a failed one answers `success: false` with the server's message (not an error). */
  execute(sessionId: string, action: SessionAction, o: CallOptions = {}): Promise<ExecutionResult> {
    return this.deps.json(`${action.type} in session ${sessionId}`, 'POST', `/sessions/${seg(sessionId)}/page/execute`, action, 'refusedOnly', o) as Promise<ExecutionResult>;
  }

  observe(sessionId: string, o: CallOptions = {}): Promise<Observation> {
    return this.deps.json(`Observe session ${sessionId}`, 'POST', `/sessions/${seg(sessionId)}/page/observe`, OBSERVE_BODY, 'idempotent', o).then((answer) => {
      const observation = answer as Observation;
      if (!observation?.space || !Array.isArray(observation.space.interaction_actions) || !observation.metadata) {
        throw new NotteApiError('protocol', `Observe session ${sessionId}: the answer has no interaction actions.`);
      }
      return observation;
    });
  }

  /**
   * The local server's selector for an element of the last observe, as its exported code names it (unique
   * on the page). Not Notte's API: its cloud answers 404, and the caller makes its own.
   */
  selectorOf(sessionId: string, element: { id: string; css: string }, o: CallOptions = {}): Promise<{ id: string; selector: string }> {
    // With its CSS path: the server answers only for the element the caller saw (ids are renumbered by each observe).
    const path = `/sessions/${seg(sessionId)}/page/selector?id=${encodeURIComponent(element.id)}&css=${encodeURIComponent(element.css)}`;
    return this.deps.json(`Selector of ${element.id} in session ${sessionId}`, 'GET', path, undefined, 'never', o) as Promise<{ id: string; selector: string }>;
  }

  scrape(sessionId: string, body: Record<string, unknown> = {}, o: CallOptions = {}): Promise<DataSpace> {
    return this.deps.json(`Scrape session ${sessionId}`, 'POST', `/sessions/${seg(sessionId)}/page/scrape`, { ...SCRAPE_BODY, ...body }, 'refusedOnly', o) as Promise<DataSpace>;
  }

  debug(sessionId: string, o: CallOptions = {}): Promise<SessionDebugInfo> {
    return this.deps.json(`Debug links of session ${sessionId}`, 'GET', `/sessions/${seg(sessionId)}/debug`, undefined, 'idempotent', o) as Promise<SessionDebugInfo>;
  }

  /** Notte's own export of the session's steps (the SDK has no method for it). */
  workflowCode(sessionId: string, o: CallOptions & { asWorkflow?: boolean } = {}): Promise<WorkflowCode> {
    const query = `?as_workflow=${o.asWorkflow === false ? 'false' : 'true'}`;
    return this.deps.json(`Code of session ${sessionId}`, 'GET', `/sessions/${seg(sessionId)}/workflow/code${query}`, undefined, 'idempotent', o).then(checkCode);
  }

  /** Agents (Notte's cloud; a server without them answers 501, which is an error here). */
  listAgents(query: ListQuery = {}, o: CallOptions = {}): Promise<Page<AgentSummary>> {
    return this.deps.json('List agents', 'GET', `/agents/${queryString(query)}`, undefined, 'idempotent', o).then((p) => normalizePage(p as Page<AgentSummary>));
  }

  agentWorkflowCode(agentId: string, o: CallOptions = {}): Promise<WorkflowCode> {
    return this.deps.json(`Code of agent ${agentId}`, 'GET', `/agents/${seg(agentId)}/workflow/code?as_workflow=true`, undefined, 'idempotent', o).then(checkCode);
  }

  /**
   * The session's live frames (binary JPEG messages of `ws.recording`). The socket carries the key in
   * its Authorization header only when it goes to the API's own origin; its URL is the server's.
   */
  async frames(sessionId: string, handlers: FramesHandlers, o: CallOptions = {}): Promise<FramesSocket> {
    const debug = await this.debug(sessionId, o);
    const url = debug?.ws?.recording;
    if (typeof url !== 'string' || !/^wss?:\/\//i.test(url)) throw new NotteApiError('protocol', `Session ${sessionId}: the server gave no live frames address.`);
    const headers = await this.deps.headers();
    const sameOrigin = sameHost(url, this.deps.baseUrl);
    return openFramesSocket(url, sameOrigin ? { authorization: headers.authorization ?? '' } : {}, handlers, [headers.authorization?.replace(/^Bearer /, '')]);
  }
}

function sameHost(wsUrl: string, baseUrl: string): boolean {
  try {
    const a = new URL(wsUrl);
    const b = new URL(baseUrl);
    return a.hostname === b.hostname && (a.port || (a.protocol === 'wss:' ? '443' : '80')) === (b.port || (b.protocol === 'https:' ? '443' : '80'));
  } catch {
    return false;
  }
}

function checkSession(answer: unknown, what: string): BrowserSession {
  const session = answer as BrowserSession;
  if (!session || typeof session.session_id !== 'string') throw new NotteApiError('protocol', `${what}: the answer names no session.`);
  return session;
}

function checkCode(answer: unknown): WorkflowCode {
  const code = answer as WorkflowCode;
  if (!code || typeof code.python_script !== 'string') throw new NotteApiError('protocol', 'The server answered no python_script.');
  if (!Array.isArray(code.json_actions)) code.json_actions = [];
  return code;
}
