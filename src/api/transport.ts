// The HTTP layer: one keep-alive connection pool per base URL (or undici's proxy agents: network.ts),
// JSON in and out, bounded retries with back-off, a trace line per exchange. Everything above it speaks
// in routes and typed answers.
import type { Dispatcher } from 'undici';
import { errorFromNetwork, errorFromResponse, NotteApiError } from './errors';
import { Dispatchers, makeDispatchers, NetworkOptions } from './network';
import { maskUrlSecrets, redactSecrets } from './redact';
import { sleep } from './wait';

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
  /** The proxy, its exceptions and the trusted certificates (Node's defaults and the environment's proxy when omitted). */
  network?: NetworkOptions;
  requestTimeoutMs: number;
  retry: RetryPolicy;
  onRetry?(info: RetryInfo): void;
  /** Told of every exchange once its status is known or it failed, for a trace (see formatRequestTrace). */
  onRequest?(trace: RequestTrace): void;
}

/** One HTTP exchange as a trace tells it: no header and no body, and the URL without its secrets. */
export interface RequestTrace {
  /** What it was for: "List functions" (without secrets, as the URL). */
  what: string;
  method: string;
  /** Origin and path, without the key in any form nor signing parameters (redact.ts). */
  url: string;
  /** The answer's status; undefined when no answer came. */
  status?: number;
  /** Why no answer came: the error's code ("ECONNREFUSED", "UND_ERR_HEADERS_TIMEOUT"). */
  failure?: string;
  /** From sending to the answer's headers (a streamed answer goes on after). */
  durationMs: number;
  attempt: number;
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
  private dispatchers: Dispatchers | undefined;

  constructor(private readonly options: TransportOptions) {
    const url = new URL(options.baseUrl);
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
  }

  /** Sends one request, retrying as its mode allows; answers only 2xx responses, throws NotteApiError otherwise. */
  async send(request: RawRequest): Promise<RawResponse> {
    const started = Date.now();
    // Made on the first request (undici loads then); a proxy URL it cannot use fails here, once.
    this.dispatchers ??= makeDispatchers(this.origin, this.options.network);
    for (let attempt = 1; ; attempt++) {
      let error: NotteApiError;
      let neverSent = false;
      try {
        const response = await this.once(request, attempt);
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

  private async once(request: RawRequest, attempt: number): Promise<RawResponse> {
    const timeoutMs = request.timeoutMs ?? this.options.requestTimeoutMs;
    const absolute = /^https?:\/\//i.test(request.path);
    const target = absolute ? new URL(request.path) : undefined;
    const sameOrigin = !target || target.origin === this.origin;
    const dispatchers = this.dispatchers!;
    const dispatcher = sameOrigin ? dispatchers.own : dispatchers.foreign();
    const origin = target ? target.origin : this.origin;
    const path = target ? target.pathname + target.search : this.basePath + request.path;
    const sent = Date.now();
    const trace = (outcome: { status?: number; failure?: string }) => {
      if (!this.options.onRequest) return;
      const clean = withoutSecrets(request.headers);
      this.options.onRequest({ what: clean(request.what), method: request.method, url: clean(origin + path), durationMs: Date.now() - sent, attempt, ...outcome });
    };
    try {
      const response = await dispatcher.request({
        origin,
        path,
        method: request.method,
        headers: request.headers,
        body: request.body,
        signal: request.signal,
        headersTimeout: timeoutMs,
        bodyTimeout: request.streaming ? 0 : timeoutMs,
      });
      trace({ status: response.statusCode });
      return { statusCode: response.statusCode, headers: response.headers as RawResponse['headers'], body: response.body };
    } catch (error) {
      const failure = error as { code?: string; name?: string; cause?: { code?: string } };
      trace({ failure: failure?.code ?? failure?.cause?.code ?? failure?.name ?? 'error' });
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.dispatchers?.close();
  }
}

/** What a trace may show of a request's text: the key cut in every form (taken from the request's own headers), signing parameters masked. */
function withoutSecrets(headers: Record<string, string>): (text: string) => string {
  const secrets = [headers.authorization?.replace(/^Bearer\s+/i, ''), headers['x-notte-api-key']];
  return (text) => maskUrlSecrets(redactSecrets(text, secrets));
}

/** "List functions: GET http://127.0.0.1:8765/functions/?page=1 → 200 in 12 ms" */
export function formatRequestTrace(trace: RequestTrace): string {
  const outcome = trace.status !== undefined ? `→ ${trace.status} in ${trace.durationMs} ms` : `→ no answer (${trace.failure}) after ${trace.durationMs} ms`;
  return `${trace.what}: ${trace.method} ${trace.url} ${outcome}${trace.attempt > 1 ? ` (attempt ${trace.attempt})` : ''}`;
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
