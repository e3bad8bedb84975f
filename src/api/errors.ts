// The errors of the API module: one class, a small set of kinds, and messages a person can act on.
// Nothing here ever includes the API key (in any form: see redact.ts), a raw body dump or a stack trace.
import { redactSecrets } from './redact';

export type NotteErrorKind = 'auth' | 'not_found' | 'validation' | 'rate_limited' | 'server' | 'network' | 'timeout' | 'protocol' | 'cancelled' | 'run_failed';

export class NotteApiError extends Error {
  readonly kind: NotteErrorKind;
  readonly status?: number;
  /** For rate_limited: how long the server asked us to wait. */
  readonly retryAfterMs?: number;

  constructor(kind: NotteErrorKind, message: string, options: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message);
    this.name = 'NotteApiError';
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    if (options.cause !== undefined) Object.defineProperty(this, 'cause', { value: options.cause, enumerable: false });
  }

  /**
   * This error with every form of the secrets cut from its message (a server may echo what it was sent:
   * a header, a URL, a body). The client passes every error it throws through here with its key.
   */
  withoutSecrets(secrets: readonly (string | undefined)[]): NotteApiError {
    const message = redactSecrets(this.message, secrets);
    if (message === this.message) return this;
    return new NotteApiError(this.kind, message, { status: this.status, retryAfterMs: this.retryAfterMs, cause: this });
  }
}

/** Any error as a NotteApiError without the secrets (the client's one exit for errors). */
export function apiErrorWithoutSecrets(error: unknown, secrets: readonly (string | undefined)[]): unknown {
  if (isNotteApiError(error)) return error.withoutSecrets(secrets);
  if (error instanceof Error && secrets.some((s) => s && redactSecrets(error.message, [s]) !== error.message)) {
    return new NotteApiError('network', redactSecrets(error.message.split('\n')[0], secrets), { cause: error });
  }
  return error;
}

export function isNotteApiError(error: unknown): error is NotteApiError {
  return error instanceof NotteApiError;
}

/**
 * The error's own one-line message, without advice on what to do (the UI's describeError, in
 * core/ui/errorText.ts, adds that; the agents' tools add their own).
 */
export function messageOf(error: unknown): string {
  if (isNotteApiError(error)) return error.message;
  if (error instanceof Error) return error.message.split('\n')[0];
  return String(error);
}

const VALIDATION_LIMIT = 5;

/** `text` ended by a full stop, unless it already ends a sentence (a server's detail often does). */
const sentence = (text: string): string => (/[.!?]$/.test(text) ? text : `${text}.`);

/** Builds the error for a non-2xx answer (or a 2xx with a `detail` key) from its status and parsed body. */
export function errorFromResponse(status: number, body: unknown, headers: Record<string, string | string[] | undefined>, what: string): NotteApiError {
  const detail = serverMessage(body);
  const executionError = header(headers, 'x-error-class') === 'NotteApiExecutionError';
  if (status === 401 || status === 403) {
    return new NotteApiError('auth', `The Notte API refused the API key (${status}${detail ? `: ${detail}` : ''}).`, { status });
  }
  if (status === 404) return new NotteApiError('not_found', detail ? `${what}: ${detail}` : `${what}: not found (404).`, { status });
  if (status === 422) return new NotteApiError('validation', `${what}: the request was refused: ${detail || 'invalid request'} (422).`, { status });
  if (status === 429) {
    const retryAfterMs = retryAfterFromHeaders(headers);
    const wait = retryAfterMs !== undefined ? ` Retry in ${Math.ceil(retryAfterMs / 1000)} s.` : '';
    return new NotteApiError('rate_limited', `${what}: rate limited by the Notte API (too many requests or concurrent runs).${wait}`, { status, retryAfterMs });
  }
  if (status === 529) return new NotteApiError('server', `${what}: the Notte cluster is overloaded (529). Try again in a moment.`, { status });
  if (status >= 500) {
    const prefix = executionError ? 'error while running the function' : `server error (${status})`;
    return new NotteApiError('server', sentence(`${what}: ${prefix}${detail ? `: ${detail}` : ''}`), { status });
  }
  if (status >= 200 && status < 300) return new NotteApiError('protocol', sentence(`${what}: the server answered an error: ${detail || 'unknown error'}`), { status });
  return new NotteApiError('protocol', sentence(`${what}: unexpected answer ${status}${detail ? `: ${detail}` : ''}`), { status });
}

/** The `message`/`detail` of an error body, as one line; 422 details are listed as "field: msg". */
export function serverMessage(body: unknown): string {
  if (typeof body === 'string') return oneLine(body, 300);
  if (!body || typeof body !== 'object') return '';
  const { message, detail } = body as { message?: unknown; detail?: unknown };
  if (Array.isArray(detail)) {
    const items = detail.slice(0, VALIDATION_LIMIT).map((item) => {
      if (!item || typeof item !== 'object') return String(item);
      const { loc, msg } = item as { loc?: unknown; msg?: unknown };
      const field = Array.isArray(loc) ? loc.filter((part) => part !== 'body' && part !== 'query').join('.') : '';
      return field ? `${field}: ${String(msg)}` : String(msg);
    });
    if (detail.length > VALIDATION_LIMIT) items.push(`and ${detail.length - VALIDATION_LIMIT} more`);
    return oneLine(items.join('; '), 500);
  }
  const parts = [message, detail].filter((part): part is string => typeof part === 'string' && part.length > 0);
  const unique = parts.filter((part, i) => parts.indexOf(part) === i);
  return oneLine(unique.join(': '), 300);
}

export function retryAfterFromHeaders(headers: Record<string, string | string[] | undefined>, now = Date.now()): number | undefined {
  const retryAfter = header(headers, 'retry-after');
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  const reset = Number(header(headers, 'x-ratelimit-reset'));
  if (Number.isFinite(reset) && reset > 0) return Math.max(0, reset * 1000 - now);
  return undefined;
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name] ?? headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function oneLine(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit)}…` : flat;
}

/** Errors of the network layer (undici / Node) as the kinds above. */
export function errorFromNetwork(error: unknown, what: string, baseUrl: string, timeoutMs: number): NotteApiError {
  if (isNotteApiError(error)) return error;
  const err = error as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err?.code ?? err?.cause?.code;
  if (err?.name === 'AbortError' || code === 'ABORT_ERR') return new NotteApiError('cancelled', `${what}: cancelled.`, { cause: error });
  if (err?.name === 'TimeoutError' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'ETIMEDOUT') {
    return new NotteApiError('timeout', `${what}: no answer from ${hostOf(baseUrl)} within ${seconds(timeoutMs)} s.`, { cause: error });
  }
  if (
    code === 'ECONNREFUSED' ||
    code === 'ENOTFOUND' ||
    code === 'EAI_AGAIN' ||
    code === 'EHOSTUNREACH' ||
    code === 'ENETUNREACH' ||
    code === 'ECONNRESET' ||
    code === 'UND_ERR_SOCKET' ||
    code === 'EPIPE'
  ) {
    const why = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'the host name does not resolve' : code === 'ECONNREFUSED' ? 'the connection was refused' : 'the connection broke';
    return new NotteApiError('network', `${what}: cannot reach ${hostOf(baseUrl)} (${why}). Check the API URL, your network or proxy.`, { cause: error });
  }
  const untrusted = code ? CERTIFICATE_PROBLEMS[code] : undefined;
  if (untrusted) {
    return new NotteApiError(
      'network',
      `${what}: the certificate of ${hostOf(baseUrl)} is not trusted (${untrusted}). Behind a network that inspects HTTPS, its certificate authority must be trusted: by the system, or in NODE_EXTRA_CA_CERTS.`,
      { cause: error },
    );
  }
  return new NotteApiError('network', `${what}: network error talking to ${hostOf(baseUrl)}${err?.message ? ` (${oneLine(err.message, 120)})` : ''}.`, { cause: error });
}

/** Node's codes for a certificate it refused, as a person reads them. */
const CERTIFICATE_PROBLEMS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'it is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'its chain ends at an authority not trusted here',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'its issuer is not trusted here',
  UNABLE_TO_GET_ISSUER_CERT: 'its issuer is not trusted here',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'its issuer is not trusted here',
  CERT_UNTRUSTED: 'its issuer is not trusted here',
  CERT_HAS_EXPIRED: 'it has expired',
  CERT_NOT_YET_VALID: 'it is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'it is for another host name',
};

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** "0.3", "2", "60": whole seconds unless that would round a short timeout away. */
function seconds(ms: number): string {
  return ms < 10_000 ? String(Math.round(ms / 100) / 10) : String(Math.round(ms / 1000));
}
