// The typed client of the Notte Functions API: every route of the contract, streaming with a polling
// fallback, cancellation and run timeouts. It reads the key from a provider on every call and keeps none.
/* eslint-disable max-lines -- one method per route of the contract, in the contract's order, so the
   client reads against shared/notte-api.md; the transport, errors, SSE and snippets are modules of their own. */
import { randomBytes } from 'crypto';
import { Dispatcher } from 'undici';
import { apiErrorWithoutSecrets, NotteApiError } from './errors';
import { LogLine, parseLogLine } from './logLine';
import { normalizeIds, readRunStream } from './sse';
import { DEFAULT_RETRY, RawResponse, RetryInfo, RetryMode, RetryPolicy, sleep, Transport, readJsonSafely } from './transport';
import {
  CreateRunResponse,
  DeleteFunctionResponse,
  FunctionRun,
  ListQuery,
  NotteFunction,
  Page,
  RunResult,
  ScheduleRequest,
  ScheduleResponse,
  SessionReplay,
  SessionStatus,
  StopRunResponse,
  UpdateRunRequest,
  UpdateRunResponse,
  isTerminalStatus,
} from './types';

export const DEFAULT_RUN_TIMEOUT_MS = 300_000;
const RUN_TIMEOUT_MARGIN_MS = 5_000;

export interface ClientOptions {
  baseUrl: string;
  /** Read on every request; the client never stores the key. */
  apiKey: () => string | undefined | Promise<string | undefined>;
  origin?: string;
  userAgent?: string;
  sdkVersion?: string;
  proxy?: string;
  requestTimeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  onRetry?(info: RetryInfo): void;
}

export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Told before a refused or failed request is retried, with the wait, so a UI can say so. */
  onRetry?(info: RetryInfo): void;
}

export interface RunHandlers {
  /** The run exists and has an id (before it starts). */
  onCreated?(run: CreateRunResponse): void;
  onLog?(line: LogLine): void;
  onSessionStart?(sessionId: string): void;
  /** The stream broke or ended without a result: the run is followed by polling from here. */
  onFallback?(reason: string): void;
}

export interface RunOptions extends CallOptions {
  /** Stream logs (default true). */
  stream?: boolean;
  handlers?: RunHandlers;
  /** The run is stopped and the call fails after this long (default 300 s, as the SDK). */
  runTimeoutMs?: number;
  /** Stop the run on the server when the call is cancelled (default true). */
  stopOnCancel?: boolean;
}

export interface UploadFile {
  fileName: string;
  content: string | Buffer;
}

const POLL_MIN_MS = 200;
const POLL_MAX_MS = 2000;

export class NotteClient {
  readonly baseUrl: string;
  private readonly transport: Transport;

  constructor(private readonly options: ClientOptions) {
    this.transport = new Transport({
      baseUrl: options.baseUrl,
      proxy: options.proxy,
      requestTimeoutMs: options.requestTimeoutMs ?? 60_000,
      retry: { ...DEFAULT_RETRY, ...options.retry },
      onRetry: options.onRetry,
    });
    this.baseUrl = this.transport.baseUrl;
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
      normalizePage(page as Page<FunctionRun>),
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

  getRun(functionId: string, runId: string, o: CallOptions = {}): Promise<FunctionRun> {
    return this.json(`Run ${runId}`, 'GET', `/functions/${seg(functionId)}/runs/${seg(runId)}`, undefined, 'idempotent', o).then((r) => normalizeIds(r as FunctionRun));
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
    return this.multipart(`Update ${functionId}`, `/functions/${seg(functionId)}?restricted=true`, file, version ? { version } : {}, o);
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

  private async execute(what: string, path: string, body: object, functionId: string, runId: string | undefined, o: RunOptions): Promise<RunResult> {
    const headers = await this.headers(true, true);
    return this.withoutKey(headers, () => this.executeWith(headers, what, path, body, functionId, runId, o));
  }

  private async executeWith(
    headers: Record<string, string>,
    what: string,
    path: string,
    body: object,
    functionId: string,
    runId: string | undefined,
    o: RunOptions,
  ): Promise<RunResult> {
    const runTimeoutMs = o.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), runTimeoutMs);
    const signal = o.signal ? AbortSignal.any([o.signal, timeout.signal]) : timeout.signal;
    const stream = (body as { stream: boolean }).stream;
    try {
      const response = await this.transport.send({
        what,
        method: 'POST',
        path,
        headers,
        body: JSON.stringify(body),
        signal,
        // Our own timer must fire first, so that a run that outlives its timeout is stopped, not just abandoned.
        timeoutMs: runTimeoutMs + RUN_TIMEOUT_MARGIN_MS,
        streaming: true,
        retry: 'refusedOnly',
        onRetry: o.onRetry,
      });
      let result: RunResult;
      if (!stream || !isEventStream(response)) {
        result = await this.readFinalAnswer(response, what, functionId, runId);
      } else {
        const outcome = await readRunStream(response.body, { onLog: o.handlers?.onLog, onSessionStart: o.handlers?.onSessionStart }, signal);
        if (outcome.result) result = outcome.result;
        else if (!runId)
          throw new NotteApiError(
            'protocol',
            `${what}: the stream ${outcome.interruption?.replace(/^the stream /, '') ?? 'ended'} and the run id is unknown, so the run cannot be followed.`,
          );
        else {
          o.handlers?.onFallback?.(outcome.interruption ?? 'the stream ended without a result');
          result = await this.followByPolling(functionId, runId, outcome.logCount, o.handlers, signal);
        }
      }
      return normalizeIds(result);
    } catch (error) {
      if (timeout.signal.aborted && !o.signal?.aborted) {
        if (runId) await this.stopQuietly(functionId, runId);
        throw new NotteApiError(
          'timeout',
          `The run${runId ? ` ${runId}` : ''} was stopped after ${runTimeoutMs < 10_000 ? Math.round(runTimeoutMs / 100) / 10 : Math.round(runTimeoutMs / 1000)} s (the run timeout).`,
        );
      }
      if (o.signal?.aborted) {
        if (runId && (o.stopOnCancel ?? true)) await this.stopQuietly(functionId, runId);
        throw new NotteApiError('cancelled', `The run${runId ? ` ${runId}` : ''} was cancelled${runId && (o.stopOnCancel ?? true) ? ' and stopped' : ''}.`);
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  /** A non-streamed answer is the final object; if a server streams anyway, it is read as a stream. */
  private async readFinalAnswer(response: RawResponse, what: string, functionId: string, runId: string | undefined): Promise<RunResult> {
    const answer = await readJsonSafely(response.body);
    if (!answer || typeof answer !== 'object') throw new NotteApiError('protocol', `${what}: the server's answer was not a JSON object.`);
    if ('detail' in answer) throw new NotteApiError('protocol', `${what}: the server answered an error: ${String((answer as { detail: unknown }).detail)}`);
    const result = normalizeIds(answer as RunResult);
    if (runId && result.function_run_id === undefined) result.function_run_id = runId;
    if (result.function_id === undefined) result.function_id = functionId;
    return result;
  }

  /** Polls the run until it ends, delivering only the log lines after the first `delivered`. */
  private async followByPolling(functionId: string, runId: string, delivered: number, handlers: RunHandlers | undefined, signal: AbortSignal): Promise<RunResult> {
    let delay = POLL_MIN_MS;
    let seen = delivered;
    for (;;) {
      if (signal.aborted) throw new NotteApiError('cancelled', 'The run was cancelled.');
      const run = await this.getRun(functionId, runId, { signal });
      const logs = run.logs ?? [];
      for (let i = seen; i < logs.length; i++) handlers?.onLog?.(parseLogLine(logs[i]));
      const grew = logs.length > seen;
      seen = Math.max(seen, logs.length);
      if (isTerminalStatus(run.status)) {
        return {
          function_id: run.function_id,
          function_run_id: run.function_run_id,
          workflow_id: run.workflow_id,
          workflow_run_id: run.workflow_run_id,
          session_id: run.session_id ?? null,
          result: run.result,
          status: run.status,
        };
      }
      delay = grew ? POLL_MIN_MS : Math.min(POLL_MAX_MS, delay * 2);
      await sleep(delay, signal);
    }
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

async function parseAnswer(response: RawResponse, what: string): Promise<unknown> {
  const text = await response.body.text();
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new NotteApiError('protocol', `${what}: the server's answer was not valid JSON.`, { status: response.statusCode });
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && 'detail' in value && (value as { detail: unknown }).detail !== null) {
    const detail = (value as { detail: unknown; message?: unknown }).detail;
    throw new NotteApiError('protocol', `${what}: the server answered an error: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}.`, { status: response.statusCode });
  }
  return value;
}

function isEventStream(response: RawResponse): boolean {
  const type = response.headers['content-type'];
  return String(Array.isArray(type) ? type[0] : (type ?? '')).includes('text/event-stream');
}

function normalizePage<T extends object>(page: Page<T>): Page<T> {
  if (!page || !Array.isArray(page.items)) throw new NotteApiError('protocol', 'The server answered a page without items.');
  page.items.forEach((item) => normalizeIds(item));
  return page;
}

function queryString(query: ListQuery): string {
  const params = new URLSearchParams();
  if (query.page !== undefined) params.set('page', String(query.page));
  if (query.page_size !== undefined) params.set('page_size', String(query.page_size));
  if (query.only_active !== undefined) params.set('only_active', query.only_active ? 'true' : 'false');
  const text = params.toString();
  return text ? `?${text}` : '';
}

function seg(id: string): string {
  return encodeURIComponent(id);
}
