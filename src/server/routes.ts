// The routes of the Functions API (see shared/notte-api.md), answered the way the service answers.
import * as fs from 'fs';
import type { IncomingMessage, ServerResponse } from 'http';
import * as path from 'path';
import { createHash, timingSafeEqual } from 'crypto';
import type { RunResult, ValidationIssue } from '../api/types';
import { CronError, parseCron } from '../api/cron';
import { checkCodeToken, signedCodeUrl } from './codeUrl';
import { Faults } from './faults';
import { FunctionEntry, FunctionRegistry, functionIdForFile } from './functionRegistry';
import { bodyField, checkBodyIds, HttpError, issue, notFound, parseJsonObject, queryBool, queryInt, readBody, sendError, sendJson, validationError } from './http';
import { boundaryOf, parseMultipart } from './multipart';
import { publicRun, RunManager, withIds } from './runManager';
import { RunStore, StoredRun } from './runStore';
import { Schedules } from './schedules';
import { checkSessionToken, FAKE_MP4, REPLAY_DELAY_MS, signedSessionUrl, viewerPage } from './sessions';
import { SseWriter } from './sse';

const JSON_LIMIT = 10 * 1024 * 1024;
const UPLOAD_LIMIT = 20 * 1024 * 1024;
const MAX_PAGE_SIZE = 1000;
/** Seconds a client is asked to wait after a 429 for concurrency. */
export const RETRY_AFTER_SECONDS = 2;

export interface ApiContext {
  key: string;
  baseUrl: () => string;
  registry: FunctionRegistry;
  store: RunStore;
  manager: RunManager;
  schedules: Schedules;
  faults?: Faults;
  dataDir: string;
  /** Turns a plain code URL into the encrypted form clients decrypt with their decryption key. */
  encryptUrl?: (plainUrl: string) => string;
  /** Simulated browser sessions (sessions.ts); without them /sessions/* answers 404. */
  sessions?: boolean;
  log?(line: string): void;
}

type Params = { id?: string; runId?: string; sessionId?: string };
type Handler = (req: IncomingMessage, res: ServerResponse, url: URL, params: Params) => Promise<void>;

function hashKey(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export class Api {
  private readonly keyHash: Buffer;

  constructor(private readonly ctx: ApiContext) {
    this.keyHash = hashKey(ctx.key);
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
    const candidates: string[] = [];
    const authorization = req.headers.authorization;
    if (typeof authorization === 'string') {
      const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
      if (match) candidates.push(match[1].trim());
    }
    const header = req.headers['x-notte-api-key'];
    if (typeof header === 'string') candidates.push(header.trim());
    return candidates.some((c) => timingSafeEqual(hashKey(c), this.keyHash));
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
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

    const faults = this.ctx.faults;
    if (faults && pathname === '/__faults') {
      if (!this.authorized(req)) throw unauthorized();
      if (method === 'DELETE') faults.reset();
      else if (method === 'POST') {
        const issues = faults.configure(parseJsonObject(await readBody(req, JSON_LIMIT)));
        if (issues.length) throw validationError(issues);
      } else if (method !== 'GET') throw methodNotAllowed();
      sendJson(res, 200, faults.state);
      return;
    }
    if (faults) {
      if (faults.state.delayMs > 0) await new Promise((r) => setTimeout(r, faults.state.delayMs));
      const action = faults.take();
      if (action?.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      if (action?.kind === 'malformed') {
        const text = '{"items": [{"function_id": "broken", "name": ';
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
        res.end(text);
        return;
      }
      if (action?.kind === 'status') {
        if (action.status === 429) throw rateLimited(faults.state.retryAfter, this.ctx.manager.maxConcurrent);
        if (action.status === 529) throw new HttpError(529, 'Cluster overloaded', 'The service is overloaded, please retry later.');
        throw new HttpError(500, 'Internal Server Error', 'Injected fault.');
      }
    }

    // The code download accepts a signed token instead of the key (a plain GET, as the SDK does).
    const isCode = segments.length === 3 && segments[0] === 'functions' && segments[2] === 'code';
    // So do the session viewer page and replay video, opened in a browser.
    const isSessionLink = this.ctx.sessions && segments.length === 3 && segments[0] === 'sessions' && (segments[2] === 'viewer' || segments[2] === 'replay.mp4');
    const tokenOk =
      method === 'GET' &&
      ((isCode && checkCodeToken(this.ctx.key, segments[1], url.searchParams)) || (isSessionLink && checkSessionToken(this.ctx.key, segments[1], segments[2], url.searchParams)));
    if (!tokenOk && !this.authorized(req)) {
      throw unauthorized();
    }

    const route = this.match(method, segments);
    if (!route) throw new HttpError(404, 'Not Found', `No route for ${method} ${pathname}.`);
    if (route === 'method') throw methodNotAllowed();
    await route.handler(req, res, url, route.params);
  }

  private match(method: string, s: string[]): { handler: Handler; params: Params } | 'method' | undefined {
    const pick = (table: Record<string, Handler>, params: Params) => (table[method] ? { handler: table[method], params } : 'method' as const);
    if (s[0] === 'functions') {
      if (s.length === 1) return pick({ GET: this.listFunctions, POST: this.createFunction }, {});
      const id = s[1];
      if (s.length === 2) return pick({ GET: this.getFunction, POST: this.updateFunction, DELETE: this.deleteFunction }, { id });
      if (s.length === 3 && s[2] === 'fork') return pick({ POST: this.forkFunction }, { id });
      if (s.length === 3 && s[2] === 'code') return pick({ GET: this.getCode }, { id });
      if (s.length === 3 && s[2] === 'schedule') return pick({ GET: this.getSchedule, POST: this.setSchedule, DELETE: this.deleteSchedule }, { id });
      if (s.length === 3 && s[2] === 'runs') return pick({ GET: this.listRuns }, { id });
      if (s.length === 4 && s[2] === 'runs' && s[3] === 'create' && method === 'POST') return { handler: this.createRun, params: { id } };
      if (s.length === 4 && s[2] === 'runs' && s[3] === 'start' && method === 'POST') return { handler: this.startInOneCall, params: { id } };
      if (s.length === 4 && s[2] === 'runs') return pick({ GET: this.getRun, POST: this.startCreatedRun, DELETE: this.stopRun, PATCH: this.updateRun }, { id, runId: s[3] });
      return undefined;
    }
    if (s[0] === 'sessions' && s.length === 2) return pick({ GET: this.getSession }, { sessionId: s[1] });
    if (s[0] === 'sessions' && s.length === 3 && s[2] === 'replay') return pick({ GET: this.getReplay }, { sessionId: s[1] });
    if (s[0] === 'sessions' && s.length === 3 && s[2] === 'viewer') return pick({ GET: this.getViewer }, { sessionId: s[1] });
    if (s[0] === 'sessions' && s.length === 3 && s[2] === 'replay.mp4') return pick({ GET: this.getReplayVideo }, { sessionId: s[1] });
    return undefined;
  }

  // ---- functions -------------------------------------------------------------------------------

  private describe(entry: FunctionEntry, version?: string): Record<string, unknown> {
    const schedule = this.ctx.schedules.get(entry.id);
    return {
      ...this.ctx.registry.describe(entry, version),
      schedule: schedule ? { cron: schedule.cron, variables: schedule.variables, next_run_at: this.ctx.schedules.nextRun(entry.id) } : null,
    };
  }

  private async entry(id: string | undefined): Promise<FunctionEntry> {
    await this.ctx.registry.refresh();
    const entry = id === undefined ? undefined : this.ctx.registry.get(id);
    if (!entry) throw notFound(`Function ${id} not found.`);
    return entry;
  }

  private listFunctions: Handler = async (_req, res, url) => {
    const paging = readPaging(url.searchParams);
    await this.ctx.registry.refresh();
    const all = this.ctx.registry.list().filter((e) => !paging.onlyActive || this.ctx.registry.isActive(e));
    sendJson(res, 200, page(all, paging, (e) => this.describe(e)));
  };

  private getFunction: Handler = async (req, res, url, { id }) => {
    const entry = await this.entry(id);
    const version = url.searchParams.get('version') || undefined;
    if (version !== undefined && !entry.meta.versions.some((v) => v.version === version)) throw notFound(`Version ${version} of function ${id} not found.`);
    const plain = signedCodeUrl(this.requestBase(req), this.ctx.key, entry.id, version ?? entry.meta.latest_version);
    sendJson(res, 200, { ...this.describe(entry, version), url: this.ctx.encryptUrl ? this.ctx.encryptUrl(plain) : plain });
  };

  private getCode: Handler = async (_req, res, url, { id }) => {
    const entry = await this.entry(id);
    const code = this.ctx.registry.code(entry, url.searchParams.get('version') || undefined);
    if (!code) throw notFound(`Version ${url.searchParams.get('version')} of function ${id} not found.`);
    res.writeHead(200, {
      'Content-Type': 'text/x-python; charset=utf-8',
      'Content-Length': code.length,
      // The id is URL-safe ASCII, so the header is always valid; the real name follows RFC 5987.
      'Content-Disposition': `attachment; filename="${entry.id}.py"; filename*=UTF-8''${encodeURIComponent(path.basename(entry.file))}`,
    });
    res.end(code);
  };

  private createFunction: Handler = async (req, res, url) => {
    const form = await readForm(req);
    const file = form.file;
    if (!file) throw validationError([issue(['body', 'file'], 'Field required', 'missing')]);
    await this.checkCode(file.data);
    const wanted = (form.fields.name || file.filename || 'function').replace(/\.py$/i, '');
    const target = uniqueFileName(this.ctx.registry.functionsDir, slugFileStem(wanted));
    fs.mkdirSync(this.ctx.registry.functionsDir, { recursive: true });
    fs.writeFileSync(target, file.data);
    this.ctx.registry.changed();
    const entry = await this.entry(idOfFile(target));
    const shared = form.fields.shared !== undefined ? parseFormBool(form.fields.shared, 'shared') : url.searchParams.has('shared') ? parseFormBool(url.searchParams.get('shared') ?? '', 'shared') : undefined;
    this.ctx.registry.setDetails(entry.id, { name: form.fields.name || undefined, description: form.fields.description || undefined, shared });
    sendJson(res, 200, this.describe(entry));
  };

  private updateFunction: Handler = async (req, res, _url, { id }) => {
    const entry = await this.entry(id);
    const form = await readForm(req);
    if (!form.file) throw validationError([issue(['body', 'file'], 'Field required', 'missing')]);
    await this.checkCode(form.file.data);
    fs.writeFileSync(entry.file, form.file.data);
    this.ctx.registry.changed();
    const updated = await this.entry(id);
    sendJson(res, 200, this.describe(updated));
  };

  private deleteFunction: Handler = async (_req, res, _url, { id }) => {
    const entry = await this.entry(id);
    const trash = path.join(this.ctx.dataDir, 'trash');
    fs.mkdirSync(trash, { recursive: true });
    const target = path.join(trash, `${entry.id}-${Date.now()}.py`);
    try {
      fs.renameSync(entry.file, target);
    } catch {
      fs.copyFileSync(entry.file, target);
      fs.rmSync(entry.file, { force: true });
    }
    this.ctx.registry.forget(entry.id);
    this.ctx.schedules.remove(entry.id);
    sendJson(res, 200, { status: 'success', message: `Function ${entry.id} deleted (its file was moved to ${target}).` });
  };

  private forkFunction: Handler = async (_req, res, _url, { id }) => {
    const entry = await this.entry(id);
    const code = this.ctx.registry.code(entry);
    if (!code) throw notFound(`Function ${id} has no code.`);
    const stem = path.basename(entry.file).replace(/\.py$/i, '');
    const target = uniqueFileName(this.ctx.registry.functionsDir, slugFileStem(`${stem}_fork`));
    fs.writeFileSync(target, code);
    this.ctx.registry.changed();
    const fork = await this.entry(idOfFile(target));
    const name = this.ctx.registry.describe(entry).name ?? stem;
    this.ctx.registry.setDetails(fork.id, { name: `${name} (fork)`, shared: false, reference_workflow_id: entry.id });
    sendJson(res, 200, this.describe(fork));
  };

  private async checkCode(code: Buffer): Promise<void> {
    const inspection = await this.ctx.registry.inspectCode(code, path.join(this.ctx.dataDir, 'tmp'));
    if (!inspection.ok) throw validationError([issue(['body', 'file'], inspection.error ?? 'The code is not a function.', 'value_error')]);
  }

  // ---- schedules -------------------------------------------------------------------------------

  private getSchedule: Handler = async (_req, res, _url, { id }) => {
    const entry = await this.entry(id);
    const schedule = this.ctx.schedules.get(entry.id);
    if (!schedule) throw notFound(`Function ${id} has no schedule.`);
    sendJson(res, 200, { ...withFunctionIds(entry.id), ...schedule, next_run_at: this.ctx.schedules.nextRun(entry.id) });
  };

  private setSchedule: Handler = async (req, res, _url, { id }) => {
    const entry = await this.entry(id);
    const body = parseJsonObject(await readBody(req, JSON_LIMIT));
    const issues: ValidationIssue[] = [];
    checkBodyIds(body, entry.id, undefined, issues);
    const cron = body.cron;
    if (cron === undefined) issues.push(issue(['body', 'cron'], 'Field required', 'missing'));
    else if (typeof cron !== 'string') issues.push(issue(['body', 'cron'], 'Input should be a valid string', 'string_type'));
    else {
      try {
        parseCron(cron);
      } catch (error) {
        if (!(error instanceof CronError)) throw error;
        issues.push(issue(['body', 'cron'], error.message, 'value_error'));
      }
    }
    const variables = bodyField(body, 'variables', 'object|null', issues) as Record<string, unknown> | null | undefined;
    if (issues.length) throw validationError(issues);
    this.ctx.schedules.set(entry.id, cron as string, variables ?? {});
    sendJson(res, 200, { status: 'success', ...withFunctionIds(entry.id), cron, next_run_at: this.ctx.schedules.nextRun(entry.id) });
  };

  private deleteSchedule: Handler = async (_req, res, _url, { id }) => {
    const entry = await this.entry(id);
    const removed = this.ctx.schedules.remove(entry.id);
    sendJson(res, 200, { status: 'success', ...withFunctionIds(entry.id), message: removed ? 'Schedule removed.' : 'The function had no schedule.' });
  };

  /** Starts a run for a schedule that is due (skipped when the server is at its limit). */
  fireSchedule(functionId: string, variables: Record<string, unknown>): void {
    void this.ctx.registry.refresh().then(() => {
      const entry = this.ctx.registry.get(functionId);
      if (!entry || !this.ctx.registry.isActive(entry)) return;
      if (!this.ctx.manager.hasCapacity()) {
        this.ctx.log?.(`schedule of ${functionId} skipped: ${this.ctx.manager.maxConcurrent} runs are active`);
        return;
      }
      const run = this.ctx.manager.create(functionId, false);
      void this.ctx.manager.start(run, entry, variables);
    });
  }

  // ---- runs ------------------------------------------------------------------------------------

  private listRuns: Handler = async (_req, res, url, { id }) => {
    const paging = readPaging(url.searchParams);
    const runs = this.ctx.store.listForFunction(id ?? '').filter((r) => !paging.onlyActive || r.status === 'active' || r.status === 'created');
    sendJson(res, 200, page(runs, paging, (r) => publicRun(this.ctx.store.withLogs(r))));
  };

  private run(functionId: string | undefined, runId: string | undefined): StoredRun {
    const run = runId === undefined ? undefined : this.ctx.store.get(runId);
    if (!run || run.function_id !== functionId) throw notFound(`Run ${runId} of function ${functionId} not found.`);
    return run;
  }

  private getRun: Handler = async (_req, res, _url, { id, runId }) => {
    sendJson(res, 200, publicRun(this.ctx.store.withLogs(this.run(id, runId))));
  };

  private createRun: Handler = async (req, res, _url, { id }) => {
    const body = parseJsonObject(await readBody(req, JSON_LIMIT));
    const issues: ValidationIssue[] = [];
    checkBodyIds(body, id ?? '', undefined, issues);
    const local = bodyField(body, 'local', 'boolean', issues) as boolean | undefined;
    if (issues.length) throw validationError(issues);
    const entry = await this.entry(id);
    const run = this.ctx.manager.create(entry.id, local ?? false);
    sendJson(res, 200, { ...withIds(run.function_id, run.function_run_id, {}), created_at: run.created_at, status: run.status });
  };

  private startCreatedRun: Handler = async (req, res, _url, { id, runId }) => {
    const body = parseJsonObject(await readBody(req, JSON_LIMIT));
    const issues: ValidationIssue[] = [];
    checkBodyIds(body, id ?? '', runId, issues);
    const { variables, stream } = startFields(body, issues);
    if (issues.length) throw validationError(issues);
    const run = this.run(id, runId);
    const entry = await this.entry(id);
    if (run.status !== 'created') throw new HttpError(409, 'Conflict', `Run ${runId} is ${run.status}: only a created run can be started.`);
    this.checkCapacity();
    this.launch(res, run, entry, variables, stream);
  };

  private startInOneCall: Handler = async (req, res, _url, { id }) => {
    const body = parseJsonObject(await readBody(req, JSON_LIMIT));
    const issues: ValidationIssue[] = [];
    checkBodyIds(body, id ?? '', undefined, issues);
    const { variables, stream } = startFields(body, issues);
    if (issues.length) throw validationError(issues);
    const entry = await this.entry(id);
    this.checkCapacity();
    this.launch(res, this.ctx.manager.create(entry.id, false), entry, variables, stream);
  };

  private checkCapacity(): void {
    if (!this.ctx.manager.hasCapacity()) throw rateLimited(RETRY_AFTER_SECONDS, this.ctx.manager.maxConcurrent);
  }

  /** Starts the run (capacity was checked in this same tick) and answers with a stream or the final object. */
  private launch(res: ServerResponse, run: StoredRun, entry: FunctionEntry, variables: Record<string, unknown>, stream: boolean): void {
    if (!stream) {
      void this.ctx.manager.start(run, entry, variables).then((final: RunResult) => sendJson(res, 200, final));
      return;
    }
    const sse = new SseWriter(res, this.ctx.faults?.takeStreamCut());
    void this.ctx.manager.start(run, entry, variables, {
      onLog: (line) => sse.send({ type: 'log', message: line }),
      onEnd: (final) => {
        sse.send({ type: 'result', message: JSON.stringify(final) });
        sse.end();
      },
    });
    // start() set the session id synchronously and log lines arrive in later ticks, so this comes first.
    if (run.session_id) sse.send({ type: 'session_start', message: run.session_id });
  }

  private stopRun: Handler = async (_req, res, _url, { id, runId }) => {
    const run = this.run(id, runId);
    await this.ctx.manager.stop(run, 'user');
    sendJson(res, 200, { ...withIds(run.function_id, run.function_run_id, {}), updated_at: run.updated_at, status: 'stopped' });
  };

  private updateRun: Handler = async (req, res, _url, { id, runId }) => {
    const body = parseJsonObject(await readBody(req, JSON_LIMIT));
    const issues: ValidationIssue[] = [];
    checkBodyIds(body, id ?? '', runId, issues);
    const status = bodyField(body, 'status', 'string', issues) as string | undefined;
    const result = bodyField(body, 'result', 'string|null', issues) as string | null | undefined;
    const logs = bodyField(body, 'logs', 'string[]', issues) as string[] | undefined;
    const variables = bodyField(body, 'variables', 'object', issues) as Record<string, unknown> | undefined;
    const sessionId = bodyField(body, 'session_id', 'string|null', issues) as string | null | undefined;
    if (status !== undefined && !['created', 'active', 'closed', 'failed'].includes(status)) {
      issues.push(issue(['body', 'status'], "Input should be 'created', 'active', 'closed' or 'failed'", 'enum'));
    }
    if (issues.length) throw validationError(issues);
    const run = this.run(id, runId);
    if (this.ctx.manager.isLive(run.function_run_id) && status !== undefined && status !== 'active') {
      throw new HttpError(409, 'Conflict', `Run ${runId} is running on this server: stop it instead.`);
    }
    this.ctx.store.hydrate(run);
    if (status !== undefined) run.status = status;
    if (result !== undefined) run.result = result;
    if (logs !== undefined) run.logs = logs;
    if (variables !== undefined) run.variables = variables;
    if (sessionId !== undefined) run.session_id = sessionId;
    run.updated_at = new Date().toISOString();
    this.ctx.store.saveNow(run);
    sendJson(res, 200, { ...withIds(run.function_id, run.function_run_id, {}), updated_at: run.updated_at, status: 'updated' });
  };

  // ---- sessions --------------------------------------------------------------------------------

  /** The run of a simulated session; 404 as the service answers an unknown session. */
  private sessionRun(sessionId: string | undefined): StoredRun {
    const run = this.ctx.sessions && sessionId ? this.ctx.store.findBySession(sessionId) : undefined;
    if (!run) throw notFound(`Session ${sessionId} not found${this.ctx.sessions ? '.' : ': runs of the local server have no browser session (start it with --sessions).'}`);
    return run;
  }

  private sessionStatus(run: StoredRun): 'active' | 'closed' {
    // A run left from before a restart is not live: its session is closed.
    return this.ctx.manager.isLive(run.function_run_id) ? 'active' : 'closed';
  }

  private getSession: Handler = async (req, res, _url, { sessionId }) => {
    const run = this.sessionRun(sessionId);
    const id = run.session_id as string;
    sendJson(res, 200, { session_id: id, status: this.sessionStatus(run), viewer_url: signedSessionUrl(this.requestBase(req), this.ctx.key, id, 'viewer').url });
  };

  private getViewer: Handler = async (_req, res, _url, { sessionId }) => {
    const run = this.sessionRun(sessionId);
    const html = viewerPage(run.session_id as string, run.function_run_id, this.sessionStatus(run), this.ctx.store.withLogs(run).logs);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html), 'Cache-Control': 'no-store' });
    res.end(html);
  };

  private getReplay: Handler = async (req, res, _url, { sessionId }) => {
    const run = this.sessionRun(sessionId);
    const id = run.session_id as string;
    if (this.sessionStatus(run) === 'active') throw new HttpError(404, 'Session is still active', `Session ${id} is still active: its replay is ready once it ends.`);
    const endedAt = Date.parse(run.updated_at);
    if (Date.now() - endedAt < REPLAY_DELAY_MS) throw new HttpError(404, 'Replay not ready yet', `The replay of session ${id} is not ready yet: retry in a moment.`);
    const startedAt = Date.parse(run.started_at ?? run.created_at);
    const { url, expires } = signedSessionUrl(this.requestBase(req), this.ctx.key, id, 'replay.mp4');
    sendJson(res, 200, { mp4_url: url, expires_at: new Date(expires * 1000).toISOString(), video_start_ms: 0, video_duration_ms: Math.max(0, endedAt - startedAt) });
  };

  private getReplayVideo: Handler = async (_req, res, _url, { sessionId }) => {
    this.sessionRun(sessionId);
    res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': FAKE_MP4.length });
    res.end(FAKE_MP4);
  };

  /** The base URL as the client reached us (so a code URL works through the address it used). */
  private requestBase(req: IncomingMessage): string {
    const host = req.headers.host;
    if (typeof host === 'string' && /^[A-Za-z0-9.\-[\]:]{1,300}$/.test(host)) return `http://${host}`;
    return this.ctx.baseUrl();
  }
}

// ---- helpers ---------------------------------------------------------------------------------------

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function withFunctionIds(functionId: string) {
  return { function_id: functionId, workflow_id: functionId };
}

function unauthorized(): HttpError {
  return new HttpError(401, 'Unauthorized', 'Missing or invalid API key: send it as "Authorization: Bearer <key>" or "x-notte-api-key: <key>".');
}

function methodNotAllowed(): HttpError {
  return new HttpError(405, 'Method Not Allowed', 'This route does not answer that method.');
}

export function rateLimited(retryAfterSeconds: number, limit: number): HttpError {
  const reset = Math.ceil(Date.now() / 1000) + retryAfterSeconds;
  return new HttpError(429, 'Rate limit exceeded', 'Please wait before making more requests', {
    'Retry-After': String(retryAfterSeconds),
    'X-RateLimit-Limit': String(limit),
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': String(reset),
  });
}

interface Paging {
  page: number;
  pageSize: number;
  onlyActive: boolean;
}

function readPaging(query: URLSearchParams): Paging {
  const issues: ValidationIssue[] = [];
  const paging = {
    page: queryInt(query, 'page', 1, 1, Number.MAX_SAFE_INTEGER, issues),
    pageSize: queryInt(query, 'page_size', 10, 1, MAX_PAGE_SIZE, issues),
    onlyActive: queryBool(query, 'only_active', true, issues),
  };
  if (issues.length) throw validationError(issues);
  return paging;
}

/** One page of `all`, only its items turned into their wire shape. */
function page<T, U>(all: T[], { page, pageSize }: Paging, shape: (item: T) => U) {
  const start = (page - 1) * pageSize;
  return { items: all.slice(start, start + pageSize).map(shape), page, page_size: pageSize, has_next: start + pageSize < all.length, has_previous: page > 1 };
}

function startFields(body: Record<string, unknown>, issues: ValidationIssue[]): { variables: Record<string, unknown>; stream: boolean } {
  const variables = bodyField(body, 'variables', 'object|null', issues) as Record<string, unknown> | null | undefined;
  const stream = bodyField(body, 'stream', 'boolean', issues) as boolean | undefined;
  return { variables: variables ?? {}, stream: stream ?? false };
}

async function readForm(req: IncomingMessage): Promise<{ file?: { filename?: string; data: Buffer }; fields: Record<string, string> }> {
  const boundary = boundaryOf(req.headers['content-type']);
  if (!boundary) throw validationError([issue(['body'], 'Expected a multipart/form-data body with the .py file', 'value_error')]);
  const raw = await readBody(req, UPLOAD_LIMIT);
  let parts;
  try {
    parts = parseMultipart(raw, boundary);
  } catch (error) {
    throw validationError([issue(['body'], (error as Error).message, 'value_error')]);
  }
  const fields: Record<string, string> = {};
  let file: { filename?: string; data: Buffer } | undefined;
  for (const part of parts) {
    if (part.filename !== undefined || part.name === 'file') {
      if (!file) file = { filename: part.filename, data: part.data };
    } else fields[part.name] = part.data.toString('utf8');
  }
  return { file, fields };
}

function parseFormBool(value: string, name: string): boolean {
  if (['true', 'True', '1'].includes(value)) return true;
  if (['false', 'False', '0', ''].includes(value)) return false;
  throw validationError([issue(['body', name], 'Input should be a valid boolean', 'bool_parsing')]);
}

function slugFileStem(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '')
    .slice(0, 80);
  return slug || 'function';
}

/** A file name in `dir` not taken yet: `<stem>.py`, else `<stem>_2.py`, `<stem>_3.py`... */
function uniqueFileName(dir: string, stem: string): string {
  for (let i = 1; ; i++) {
    const file = path.join(dir, `${stem}${i === 1 ? '' : `_${i}`}.py`);
    if (!fs.existsSync(file)) return file;
  }
}

function idOfFile(file: string): string {
  return functionIdForFile(path.basename(file));
}
