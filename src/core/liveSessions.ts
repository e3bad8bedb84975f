// The browser sessions this window drives (the recorder's panel, the agents' session tools): every action,
// observe, scrape, start and stop goes through here to the API module, and is told to whoever watches
// (`onDidAct`), so the panel shows and records what an agent does on its session while the user watches.
// Which session the panel shows is kept here too: the agents' tools act on it when they name none.
import vscode = require('vscode');
import type { BrowserSession, DataSpace, ExecutionResult, Observation, SessionAction, SessionStartRequest, WorkflowCode } from '../api/sessionTypes';
import type { Connection } from './connection';
import { windowPart } from './windowContext';

/** Who did something on a session. */
export type SessionActor = 'panel' | 'agent' | 'code';

export type SessionActivity =
  | { sessionId: string; by: SessionActor; kind: 'execute'; action: SessionAction; result: ExecutionResult }
  | { sessionId: string; by: SessionActor; kind: 'observe'; observation: Observation }
  | { sessionId: string; by: SessionActor; kind: 'scrape'; data: DataSpace }
  | { sessionId: string; by: SessionActor; kind: 'start' | 'stop' };

/** The session a panel shows, as the agents' tools name it. */
export interface ShownSession {
  sessionId: string;
  /** The server it lives on (a profile switch leaves it behind). */
  baseUrl: string;
}

export class LiveSessions implements vscode.Disposable {
  private readonly acted = new vscode.EventEmitter<SessionActivity>();
  /** Something was done on a session through this window (by the panel, an agent…). */
  readonly onDidAct = this.acted.event;
  private readonly shownChanged = new vscode.EventEmitter<ShownSession | undefined>();
  readonly onDidChangeShown = this.shownChanged.event;
  private current: ShownSession | undefined;
  /** Each session's last observation: ids last until the page changes, and the tools' confirmations read it. */
  private readonly observations = new Map<string, Observation>();

  constructor(private readonly connection: Connection) {}

  /** The session the panel shows (the last one focused), if any, while the profile still points at its server. */
  get shown(): ShownSession | undefined {
    return this.current && this.current.baseUrl === this.connection.baseUrl ? this.current : undefined;
  }

  show(sessionId: string | undefined): void {
    const next = sessionId ? { sessionId, baseUrl: this.connection.baseUrl } : undefined;
    if (next?.sessionId === this.current?.sessionId && next?.baseUrl === this.current?.baseUrl) return;
    this.current = next;
    this.shownChanged.fire(next);
  }

  /** Forgets a session the panel no longer shows (closed, or ended). */
  hide(sessionId: string): void {
    if (this.current?.sessionId === sessionId) this.show(undefined);
  }

  lastObservation(sessionId: string): Observation | undefined {
    return this.observations.get(sessionId);
  }

  async start(body: SessionStartRequest, by: SessionActor, signal?: AbortSignal): Promise<BrowserSession> {
    const session = await this.connection.client().sessions.start(body, { signal });
    this.acted.fire({ sessionId: session.session_id, by, kind: 'start' });
    return session;
  }

  get(sessionId: string, signal?: AbortSignal): Promise<BrowserSession> {
    return this.connection.client().sessions.get(sessionId, { signal });
  }

  async execute(sessionId: string, action: SessionAction, by: SessionActor, signal?: AbortSignal): Promise<ExecutionResult> {
    const result = await this.connection.client().sessions.execute(sessionId, action, { signal });
    this.acted.fire({ sessionId, by, kind: 'execute', action, result });
    return result;
  }

  async observe(sessionId: string, by: SessionActor, signal?: AbortSignal): Promise<Observation> {
    const observation = await this.connection.client().sessions.observe(sessionId, { signal });
    this.observations.set(sessionId, observation);
    this.acted.fire({ sessionId, by, kind: 'observe', observation });
    return observation;
  }

  async scrape(sessionId: string, by: SessionActor, body: Record<string, unknown> = {}, signal?: AbortSignal): Promise<DataSpace> {
    const data = await this.connection.client().sessions.scrape(sessionId, body, { signal });
    this.acted.fire({ sessionId, by, kind: 'scrape', data });
    return data;
  }

  /** The local server's selector for an element of the last observe (as its export names it); its cloud has none (404). */
  async selectorOf(sessionId: string, element: { id: string; css: string }, signal?: AbortSignal): Promise<string> {
    return (await this.connection.client().sessions.selectorOf(sessionId, element, { signal, timeoutMs: 10_000 })).selector;
  }

  /** Notte's own export of the session's steps (reads only). */
  workflowCode(sessionId: string, signal?: AbortSignal): Promise<WorkflowCode> {
    return this.connection.client().sessions.workflowCode(sessionId, { signal });
  }

  async stop(sessionId: string, by: SessionActor): Promise<BrowserSession> {
    const session = await this.connection.client().sessions.stop(sessionId);
    this.observations.delete(sessionId);
    this.acted.fire({ sessionId, by, kind: 'stop' });
    return session;
  }

  dispose(): void {
    this.acted.dispose();
    this.shownChanged.dispose();
  }
}

/** The window's browser sessions, made on first use. */
export const liveSessionsPart = windowPart('browser sessions', (ctx) => new LiveSessions(ctx.connection));
