// The typed client of the Notte Functions API: every route of the contract, streaming with a polling
// fallback, cancellation and run timeouts. It reads the key from a provider on every call and keeps none.
// One method per route of the contract, in the contract's order, so the client reads against
// shared/notte-api.md; the transport, errors, a run's execution, SSE and snippets are modules of their own.
import { randomBytes } from 'crypto';
import { Dispatcher } from 'undici';
import { apiErrorWithoutSecrets, NotteApiError } from './errors';
import { normalizePage, normalizeRun, parseAnswer, queryString, seg } from './answers';
import { normalizeIds } from './sse';
import { executeRun, RunOptions } from './runExecution';
import { SessionRoutes } from './sessionRoutes';
export { DEFAULT_RUN_TIMEOUT_MS } from './runExecution';
export type { RunHandlers, RunOptions } from './runExecution';
import type { NetworkOptions } from './network';
import { CallOptions, DEFAULT_RETRY, RequestTrace, RetryInfo, RetryMode, RetryPolicy, Transport } from './transport';
export type { CallOptions } from './transport';
export { formatRequestTrace } from './transport';
import {
  CreateRunResponse,
  DeleteFunctionResponse,
  FunctionRun,
  ListQuery,
  NotteFunction,
  Page,
  RunKeyResponse,
  RunResult,
  ScheduleRequest,
  ScheduleResponse,
  SessionReplay,
  SessionStatus,
  StopRunResponse,
  UpdateRunRequest,
  UpdateRunResponse,
} from './types';

export interface ClientOptions {
  baseUrl: string;
  /** Read on every request; the client never stores the key. */
  apiKey: () => string | undefined | Promise<string | undefined>;
  origin?: string;
  userAgent?: string;
  sdkVersion?: string;
  /** The proxy, its exceptions and the trusted certificates (Node's defaults and the environment's proxy when omitted). */
  network?: NetworkOptions;
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  onRetry?(info: RetryInfo): void;
  /** Told of every HTTP exchange (method, URL without secrets, status, duration), for a trace. */
  onRequest?(trace: RequestTrace): void;
}

export interface UploadFile {
  fileName: string;
  content: string | Buffer;
}

export class NotteClient {
  readonly baseUrl: string;
  /** Browser sessions: start, act, observe, scrape, live frames, workflow code (sessionRoutes.ts). */
  readonly sessions: SessionRoutes;
  private readonly transport: Transport;

  constructor(private readonly options: ClientOptions) {
    this.transport = new Transport({
      baseUrl: options.baseUrl,
      network: options.network,
      requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      onRetry: options.onRetry,
      onRequest: options.onRequest,
    });
    this.baseUrl = this.transport.baseUrl;
    this.sessions = new SessionRoutes({ json: (...args) => this.json(...args), headers: () => this.headers(false, true), baseUrl: this.baseUrl });
  }

  listFunctions(query: ListQuery = {}, o: CallOptions = {}): Promise<Page<NotteFunction>> {
    return this.json('List functions', 'GET', `/functions/${queryString(query)}`, undefined, 'idempotent', o).then((page) => normalizePage(page as Page<NotteFunction>));
  }

  /** Every function, page after page. */
  functions(query: Omit<ListQuery, 'page'> = {}, o: CallOptions = {}): AsyncIterable<NotteFunction> {
    return this.pages((page) => this.listFunctions({ ...query, page }, o));
  }

  getFunction(functionId: string, o: CallOptions & { version?: string } = {}): Promise<NotteFunction> {
    const query = o.version ? `?version=${encodeURIComponent(o.version)}` : '';
    return this.json(`Function ${functionId}`, 'GET', `/functions/${seg(functionId)}${query}`, undefined, 'idempotent', o).then((fn) => normalizeIds(fn as NotteFunction));
  }

  /** Runs of a function; the contract's default for only_active is true, so pass false for history. */
  listRuns(functionId: string, query: ListQuery = {}, o: CallOptions = {}): Promise<Page<FunctionRun>> {
    return this.json(`Runs of ${functionId}`, 'GET', `/functions/${seg(functionId)}/runs/${queryString(query)}`, undefined, 'idempotent', o).then((page) =>
      normalizePage(page as Page<FunctionRun>, normalizeRun),
    );
  }

  runs(functionId: string, query: Omit<ListQuery, 'page'> = {}, o: CallOptions = {}): AsyncIterable<FunctionRun> {
    return this.pages((page) => this.listRuns(functionId, { ...query, page }, o));
  }

  createRun(functionId: string, body: { local?: boolean } = {}, o: CallOptions = {}): Promise<CreateRunResponse> {
    return this.json(`Create a run of ${functionId}`, 'POST', `/functions/${seg(functionId)}/runs/create`, { local: body.local ?? false }, 'refusedOnly', o).then((r) =>
      normalizeIds(r as CreateRunResponse),
    );
  }

  /**
   * The local Functions server only: the key of one run created with {local: true}, for the Python that
   * runs it on this machine (its browser sessions are then the run's). Not part of Notte's cloud API.
   */
  runKey(functionId: string, runId: string, o: CallOptions = {}): Promise<RunKeyResponse> {
    return this.json(`The key of run ${runId}`, 'POST', `/functions/${seg(functionId)}/runs/${seg(runId)}/key`, {}, 'refusedOnly', o).then((r) => r as RunKeyResponse);
  }

  getRun(functionId: string, runId: string, o: CallOptions = {}): Promise<FunctionRun> {
    return this.json(`Run ${runId}`, 'GET', `/functions/${seg(functionId)}/runs/${seg(runId)}`, undefined, 'idempotent', o).then((r) => normalizeRun(r as FunctionRun));
  }

  stopRun(functionId: string, runId: string, o: CallOptions = {}): Promise<StopRunResponse> {
    return this.json(`Stop run ${runId}`, 'DELETE', `/functions/${seg(functionId)}/runs/${seg(runId)}`, undefined, 'idempotent', o).then((r) => normalizeIds(r as StopRunResponse));
  }

  updateRun(functionId: string, runId: string, body: UpdateRunRequest, o: CallOptions = {}): Promise<UpdateRunResponse> {
    return this.json(`Update run ${runId}`, 'PATCH', `/functions/${seg(functionId)}/runs/${seg(runId)}`, body, 'idempotent', o).then((r) => normalizeIds(r as UpdateRunResponse));
  }

  /** Downloads code from a (decrypted) code URL; the key is sent only to the API's own origin. */
  async downloadCode(url: string, o: CallOptions = {}): Promise<string> {
    const sameOrigin = new URL(url).origin === new URL(this.baseUrl).origin;
    const headers = sameOrigin ? await this.headers(false, true) : { 'user-agent': this.userAgent };
    return this.withoutKey(headers, async () => {
      const response = await this.transport.send({ what: 'Download the function code', method: 'GET', path: url, headers, retry: 'idempotent', ...o });
      return response.body.text();
    });
  }

  createFunction(file: UploadFile, meta: { name?: string; description?: string; shared?: boolean } = {}, o: CallOptions = {}): Promise<NotteFunction> {
    const fields: Record<string, string> = {};
    if (meta.name !== undefined) fields.name = meta.name;
    if (meta.description !== undefined) fields.description = meta.description;
    fields.shared = meta.shared ? 'true' : 'false';
    return this.multipart(`Upload ${file.fileName}`, '/functions/', file, fields, o);
  }

  updateFunctionCode(functionId: string, file: UploadFile, version?: string, o: CallOptions = {}): Promise<NotteFunction> {
    // The version travels in the query, as the SDK sends it (notte-api.md): the form carries the file only.
    return this.multipart(`Update ${functionId}`, `/functions/${seg(functionId)}?restricted=true${version ? `&version=${seg(version)}` : ''}`, file, {}, o);
  }

  deleteFunction(functionId: string, o: CallOptions = {}): Promise<DeleteFunctionResponse> {
    return this.json(`Delete ${functionId}`, 'DELETE', `/functions/${seg(functionId)}`, undefined, 'never', o) as Promise<DeleteFunctionResponse>;
  }

  setSchedule(functionId: string, body: ScheduleRequest, o: CallOptions = {}): Promise<ScheduleResponse> {
    return this.json(`Schedule ${functionId}`, 'POST', `/functions/${seg(functionId)}/schedule`, body, 'refusedOnly', o) as Promise<ScheduleResponse>;
  }

  removeSchedule(functionId: string, o: CallOptions = {}): Promise<ScheduleResponse> {
    return this.json(`Remove the schedule of ${functionId}`, 'DELETE', `/functions/${seg(functionId)}/schedule`, undefined, 'idempotent', o) as Promise<ScheduleResponse>;
  }

  getSession(sessionId: string, o: CallOptions = {}): Promise<SessionStatus> {
    return this.json(`Session ${sessionId}`, 'GET', `/sessions/${seg(sessionId)}`, undefined, 'idempotent', o) as Promise<SessionStatus>;
  }

  /** One attempt: a not_found error means the replay is not ready (or the session is still active). */
  getSessionReplay(sessionId: string, o: CallOptions = {}): Promise<SessionReplay> {
    return this.json(`Replay of session ${sessionId}`, 'GET', `/sessions/${seg(sessionId)}/replay`, undefined, 'never', o) as Promise<SessionReplay>;
  }

  /** Creates a run, then starts it: the run id is known before it starts, so it can be stopped or followed. */
  async runFunction(functionId: string, variables: Record<string, unknown>, o: RunOptions = {}): Promise<RunResult> {
    const created = await this.createRun(functionId, { local: false }, { signal: o.signal, timeoutMs: o.timeoutMs, onRetry: o.onRetry });
    return this.startCreatedRun(functionId, created.function_run_id, variables, o, created);
  }

  /** Starts a created run (POST /functions/{id}/runs/{run_id}). */
  async startCreatedRun(functionId: string, runId: string, variables: Record<string, unknown>, o: RunOptions = {}, created?: CreateRunResponse): Promise<RunResult> {
    o.handlers?.onCreated?.(created ?? { function_id: functionId, function_run_id: runId, created_at: '', status: 'created' });
    const stream = o.stream ?? true;
    return this.execute(
      `Start run ${runId}`,
      `/functions/${seg(functionId)}/runs/${seg(runId)}`,
      { variables, stream, workflow_id: functionId, workflow_run_id: runId },
      functionId,
      runId,
      o,
    );
  }

  /** Starts a run in one call (POST /functions/{id}/runs/start), as the cURL snippet does. */
  startRun(functionId: string, variables: Record<string, unknown>, o: RunOptions = {}): Promise<RunResult> {
    return this.execute(
      `Start a run of ${functionId}`,
      `/functions/${seg(functionId)}/runs/start`,
      { function_id: functionId, variables, stream: o.stream ?? true },
      functionId,
      undefined,
      o,
    );
  }

  async close(): Promise<void> {
    await this.transport.close();
  }

  private async execute(
    what: string,
    path: string,
    body: { stream: boolean; [field: string]: unknown },
    functionId: string,
    runId: string | undefined,
    o: RunOptions,
  ): Promise<RunResult> {
    const headers = await this.headers(true, true);
    return this.withoutKey(headers, () =>
      executeRun(
        { transport: this.transport, getRun: (signal) => this.getRun(functionId, runId!, { signal }), stop: () => this.stopQuietly(functionId, runId!) },
        { headers, what, path, body, functionId, runId },
        o,
      ),
    );
  }

  private async stopQuietly(functionId: string, runId: string): Promise<void> {
    try {
      await this.stopRun(functionId, runId, { timeoutMs: 10_000 });
    } catch {
      // The run may have ended already; the caller reports the cancel or timeout either way.
    }
  }

  private async *pages<T>(fetchPage: (page: number) => Promise<Page<T>>): AsyncIterable<T> {
    for (let page = 1; ; page++) {
      const answer = await fetchPage(page);
      yield* answer.items;
      if (!answer.has_next || answer.items.length === 0) return;
    }
  }

  private async json(what: string, method: Dispatcher.HttpMethod, path: string, body: unknown, retry: RetryMode, o: CallOptions): Promise<unknown> {
    const headers = await this.headers(false, true, body !== undefined);
    return this.withoutKey(headers, async () => {
      const response = await this.transport.send({ what, method, path, headers, body: body === undefined ? undefined : JSON.stringify(body), retry, ...o });
      return parseAnswer(response, what);
    });
  }

  /**
   * Runs a request whose headers carry the key, and throws its errors without the key in any form
   * (api/redact.ts): a server may echo what it was sent, in an error or in a 2xx body's `detail`.
   */
  private async withoutKey<T>(headers: Record<string, string>, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      throw apiErrorWithoutSecrets(error, [headers.authorization?.replace(/^Bearer /, '')]);
    }
  }

  private async multipart(what: string, path: string, file: UploadFile, fields: Record<string, string>, o: CallOptions): Promise<NotteFunction> {
    const boundary = `----notte-vscode-${randomBytes(12).toString('hex')}`;
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries(fields)) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    }
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.fileName.replace(/["\r\n]/g, '_')}"\r\nContent-Type: text/x-python\r\n\r\n`),
    );
    parts.push(typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content);
    parts.push(Buffer.from(`\r\n--${boundary}--\r\n`));
    const headers = await this.headers(false, true, false);
    headers['content-type'] = `multipart/form-data; boundary=${boundary}`;
    return this.withoutKey(headers, async () => {
      const response = await this.transport.send({ what, method: 'POST', path, headers, body: Buffer.concat(parts), retry: 'refusedOnly', ...o });
      return normalizeIds((await parseAnswer(response, what)) as NotteFunction);
    });
  }

  private get userAgent(): string {
    // The extension passes its own name and version (from its package.json); this is for other callers.
    return this.options.userAgent ?? 'notte-functions-client';
  }

  private async headers(isStart: boolean, needsKey: boolean, hasJsonBody = isStart): Promise<Record<string, string>> {
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      'x-notte-request-origin': this.options.origin ?? 'vscode',
      accept: isStart ? 'text/event-stream, application/json' : 'application/json',
    };
    if (this.options.sdkVersion) headers['x-notte-sdk-version'] = this.options.sdkVersion;
    if (hasJsonBody) headers['content-type'] = 'application/json';
    if (!needsKey) return headers;
    const key = (await this.options.apiKey())?.trim();
    if (!key) throw new NotteApiError('auth', 'No Notte API key is set.');
    headers.authorization = `Bearer ${key}`;
    if (isStart) headers['x-notte-api-key'] = key;
    return headers;
  }
}
