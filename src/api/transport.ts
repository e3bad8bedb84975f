// The HTTP layer: one keep-alive connection pool per base URL (or undici's proxy agents), JSON in and
// out, bounded retries with back-off. Everything above it speaks in routes and typed answers.
import fs = require('fs');
import path = require('path');
import type { Dispatcher } from 'undici';
import { errorFromNetwork, errorFromResponse, NotteApiError } from './errors';

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  maxTotalMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 10_000, maxTotalMs: 60_000 };

/**
 * Which failures a call may retry. `idempotent`: reads, stops and updates (429, 5xx, network).
 * `refusedOnly`: creates and starts, retried only when the server refused before doing anything
 * (429) or the connection was never made, so a run is never started twice.
 */
export type RetryMode = 'idempotent' | 'refusedOnly' | 'never';

export interface RetryInfo {
  attempt: number;
  delayMs: number;
  error: NotteApiError;
  operation: string;
}

/** What every call of the client accepts. */
export interface CallOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Told before a refused or failed request is retried, with the wait, so a UI can say so. */
  onRetry?(info: RetryInfo): void;
}

export interface TransportOptions {
  baseUrl: string;
  proxy?: string;
  requestTimeoutMs: number;
  retry: RetryPolicy;
  onRetry?(info: RetryInfo): void;
}

export interface RawRequest {
  /** For messages: "List functions", "Start run of f". */
  what: string;
  method: Dispatcher.HttpMethod;
  /** A path under the base URL, or an absolute URL (code downloads). */
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Stream bodies may stay quiet for long: no body timeout. */
  streaming?: boolean;
  retry: RetryMode;
  /** Told before each retry of this request (in addition to the transport's own listener). */
  onRetry?(info: RetryInfo): void;
}

export interface RawResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
}

const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

export class Transport {
  readonly baseUrl: string;
  private readonly origin: string;
  private readonly basePath: string;
  private readonly dispatcher: Dispatcher;
  private foreign: Dispatcher | undefined;

  constructor(private readonly options: TransportOptions) {
    const url = new URL(options.baseUrl);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.dispatcher = makeDispatcher(this.origin, options.proxy);
  }

  /** Sends one request, retrying as its mode allows; answers only 2xx responses, throws NotteApiError otherwise. */
  async send(request: RawRequest): Promise<RawResponse> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      let error: NotteApiError;
      let neverSent = false;
      try {
        const response = await this.once(request);
        if (response.statusCode >= 200 && response.statusCode < 300) return response;
        error = errorFromResponse(response.statusCode, await readJsonSafely(response.body), response.headers, request.what);
      } catch (thrown) {
        const code = (thrown as { code?: string; cause?: { code?: string } })?.code ?? (thrown as { cause?: { code?: string } })?.cause?.code;
        neverSent = code !== undefined && NEVER_SENT.has(code);
        error = errorFromNetwork(thrown, request.what, this.baseUrl, request.timeoutMs ?? this.options.requestTimeoutMs);
      }
      if (request.signal?.aborted) throw new NotteApiError('cancelled', `${request.what}: cancelled.`);
      const delay = this.retryDelay(request.retry, error, neverSent, attempt, started);
      if (delay === undefined) throw error;
      const info = { attempt, delayMs: delay, error, operation: request.what };
      request.onRetry?.(info);
      this.options.onRetry?.(info);
      await sleep(delay, request.signal);
      if (request.signal?.aborted) throw new NotteApiError('cancelled', `${request.what}: cancelled.`);
    }
  }

  private retryDelay(mode: RetryMode, error: NotteApiError, neverSent: boolean, attempt: number, started: number): number | undefined {
    const policy = this.options.retry;
    if (mode === 'never' || attempt >= policy.maxAttempts) return undefined;
    // A server that is down stays down for a while: one quick retry, then say so instead of waiting.
    if (error.kind === 'network' && attempt >= 2) return undefined;
    const retryable =
      error.kind === 'rate_limited' ||
      (mode === 'refusedOnly' && error.kind === 'network' && neverSent) ||
      (mode === 'idempotent' && (error.kind === 'network' || (error.kind === 'server' && error.status !== undefined && [500, 502, 503, 504, 529].includes(error.status))));
    if (!retryable) return undefined;
    const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
    const jittered = backoff / 2 + Math.random() * (backoff / 2);
    const delay = error.retryAfterMs !== undefined ? Math.max(error.retryAfterMs, 50) + Math.random() * 250 : jittered;
    if (Date.now() - started + delay > policy.maxTotalMs) return undefined;
    return delay;
  }

  private async once(request: RawRequest): Promise<RawResponse> {
    const timeoutMs = request.timeoutMs ?? this.options.requestTimeoutMs;
    const absolute = /^https?:\/\//i.test(request.path);
    const target = absolute ? new URL(request.path) : undefined;
    const sameOrigin = !target || target.origin === this.origin;
    const dispatcher = sameOrigin ? this.dispatcher : this.foreignDispatcher();
    const response = await dispatcher.request({
      origin: target ? target.origin : this.origin,
      path: target ? target.pathname + target.search : this.basePath + request.path,
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: request.signal,
      headersTimeout: timeoutMs,
      bodyTimeout: request.streaming ? 0 : timeoutMs,
    });
    return { statusCode: response.statusCode, headers: response.headers as RawResponse['headers'], body: response.body };
  }

  private foreignDispatcher(): Dispatcher {
    const { Agent, EnvHttpProxyAgent, ProxyAgent } = undici();
    this.foreign ??= this.options.proxy ? new ProxyAgent(this.options.proxy) : hasEnvProxy() ? new EnvHttpProxyAgent() : new Agent();
    return this.foreign;
  }

  async close(): Promise<void> {
    await Promise.all([this.dispatcher.close(), this.foreign?.close()]);
  }
}

let loadedUndici: typeof import('undici') | undefined;

/**
 * undici is five sixths of the extension: the build puts it in a file of its own beside the bundle
 * (dist/api/undici.js), read on the first request, so activating the extension does not even parse it.
 * Run from sources (tests, the local tools), it is the package itself.
 */
function undici(): typeof import('undici') {
  if (!loadedUndici) {
    const besideBundle = path.join(__dirname, 'undici.js');
    // A computed path: the bundler leaves this require alone instead of inlining undici again.
    const load = require as (id: string) => typeof import('undici');
    loadedUndici = fs.existsSync(besideBundle) ? load(besideBundle) : load(UNDICI_PACKAGE);
  }
  return loadedUndici;
}

const UNDICI_PACKAGE = 'undici';

function makeDispatcher(origin: string, proxy: string | undefined): Dispatcher {
  const { EnvHttpProxyAgent, Pool, ProxyAgent } = undici();
  if (proxy) return new ProxyAgent(proxy);
  if (hasEnvProxy()) return new EnvHttpProxyAgent();
  // A streamed run holds its connection until it ends: allow as many as a batch may run at once.
  return new Pool(origin, { connections: 64, keepAliveTimeout: 30_000, pipelining: 1 });
}

function hasEnvProxy(): boolean {
  const env = process.env;
  return !!(env.HTTPS_PROXY || env.https_proxy || env.HTTP_PROXY || env.http_proxy);
}

export async function readJsonSafely(body: RawResponse['body']): Promise<unknown> {
  let text: string;
  try {
    text = await body.text();
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
