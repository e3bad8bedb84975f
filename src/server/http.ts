// HTTP plumbing shared by the routes: JSON answers, error bodies shaped like the service's,
// body reading with a size and a depth cap (one helper for every JSON body), and the small validations the routes need.
import type { IncomingMessage, ServerResponse } from 'http';
import type { Duplex } from 'stream';
import type { ValidationIssue } from '../api/types';

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function notFound(what: string): HttpError {
  return new HttpError(404, 'Not Found', what);
}

export function unauthorized(): HttpError {
  return new HttpError(401, 'Unauthorized', 'Missing or invalid API key: send it as "Authorization: Bearer <key>" or "x-notte-api-key: <key>".');
}

/** A run's own key (runKeys.ts) on a route other than its browser sessions'. */
export function runKeyOutOfScope(): HttpError {
  return new HttpError(
    403,
    'Forbidden',
    "This is a run's own key (NOTTE_API_KEY inside a run on the local server): it opens the run's browser sessions only, so a function cannot call other functions here (on Notte it can). Import the other function's file and call its run() instead.",
  );
}

export function methodNotAllowed(): HttpError {
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

/** A 422 whose message names the field(s), with FastAPI-like `detail` entries. */
export function validationError(issues: ValidationIssue[]): HttpError {
  const names = issues.map((i) => `${i.loc.join('.')}: ${i.msg}`).join('; ');
  return new HttpError(422, `Request validation failed: ${names}`, issues);
}

export function issue(loc: (string | number)[], msg: string, type: string): ValidationIssue {
  return { loc, msg, type };
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', ...headers });
  res.end(text);
}

export function sendError(res: ServerResponse, error: HttpError): void {
  // The SDK's error text is the status line ("429 Client Error: <reason> for url"), and Notte's docs retry
  // when it says "rate limit": the reason phrase says so (it was Node's "Too Many Requests").
  if (error.status === 429) res.statusMessage = error.message;
  sendJson(res, error.status, { message: error.message, detail: error.detail }, error.headers);
}

export async function readBody(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new HttpError(413, 'Payload Too Large', `The body is larger than ${limitBytes} bytes.`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Deepest nesting of objects and arrays a JSON body may have. Far more than real variables need (the
 * API module's tests send 120 levels through curl), and far less than what breaks a recursive reader:
 * JSON.stringify overflows Node's stack at a few thousand levels, Python's json at about a thousand.
 */
export const MAX_JSON_DEPTH = 256;

/**
 * How deeply a JSON text nests objects and arrays, counted up to just past `stopAt`: a scan of the
 * characters (outside strings), with no recursion, so a hostile body cannot overflow anything here.
 */
export function jsonDepth(text: string, stopAt = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > stopAt) return deepest;
      }
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return deepest;
}

/** Parses a JSON object body; an empty body is `{}`. Anything else, or a body nested too deep, is a 422 naming the body. */
export function parseJsonObject(raw: Buffer): Record<string, unknown> {
  const text = raw.toString('utf8').trim();
  if (text === '') return {};
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) {
    throw validationError([issue(['body'], `The JSON body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep`, 'value_error')]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw validationError([issue(['body'], `JSON decode error: ${(error as Error).message}`, 'json_invalid')]);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw validationError([issue(['body'], 'Input should be a valid dictionary or object', 'model_attributes_type')]);
  }
  return value as Record<string, unknown>;
}

const TRUE = new Set(['true', 'True', 'TRUE', '1', 'yes']);
const FALSE = new Set(['false', 'False', 'FALSE', '0', 'no']);

export function queryBool(query: URLSearchParams, name: string, fallback: boolean, issues: ValidationIssue[]): boolean {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (TRUE.has(raw)) return true;
  if (FALSE.has(raw)) return false;
  issues.push(issue(['query', name], 'Input should be a valid boolean', 'bool_parsing'));
  return fallback;
}

export function queryInt(query: URLSearchParams, name: string, fallback: number, min: number, max: number, issues: ValidationIssue[]): number {
  const raw = query.get(name);
  if (raw === null || raw === '') return fallback;
  if (!/^-?\d+$/.test(raw)) {
    issues.push(issue(['query', name], 'Input should be a valid integer', 'int_parsing'));
    return fallback;
  }
  const n = Number(raw);
  if (n < min) issues.push(issue(['query', name], `Input should be greater than or equal to ${min}`, 'greater_than_equal'));
  else if (n > max) issues.push(issue(['query', name], `Input should be less than or equal to ${max}`, 'less_than_equal'));
  return n;
}

export const JSON_LIMIT = 10 * 1024 * 1024;

/** `value` as JSON text, once (what is stored, sent to Python, saved); a 422 naming the field when it cannot be. */
export function serializedField(value: unknown, loc: (string | number)[]): string {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw validationError([issue(loc, `Cannot be stored as JSON: ${(error as Error).message}`, 'value_error')]);
  }
}

/** A JSON body being read: its fields, and the issues found so far. */
export class JsonBody {
  readonly issues: ValidationIssue[] = [];

  /** `text`: the body as sent, for a field's exact source (fieldSource). */
  constructor(
    readonly fields: Record<string, unknown>,
    readonly text = '',
  ) {}

  /** An optional field of the given kind (undefined when absent or wrong; wrong adds an issue). */
  field(name: string, kind: FieldKind): unknown {
    return bodyField(this.fields, name, kind, this.issues);
  }

  /** Refuses every field but `names` and the ids, as the service's request models do (extra="forbid"): a misspelt `varibles` is a 422, not a run without its variables. */
  forbidOthers(names: readonly string[]): void {
    for (const name of Object.keys(this.fields)) {
      if (!names.includes(name) && !BODY_ID_FIELDS.includes(name)) this.issues.push(issue(['body', name], 'Extra inputs are not permitted', 'extra_forbidden'));
    }
  }
}

/** The ids a function route's body may repeat (each spelling: the SDK sends the legacy workflow ones). */
const BODY_ID_FIELDS: readonly string[] = ['function_id', 'workflow_id', 'function_run_id', 'workflow_run_id'];

/**
 * Reads a JSON object body (empty is `{}`), checks the ids it names against the path's, lets `read`
 * take its fields, and throws one 422 naming every wrong field.
 */
export async function readJsonBody<T>(req: IncomingMessage, ids: { functionId: string; runId?: string } | undefined, read: (body: JsonBody) => T): Promise<T> {
  const raw = await readBody(req, JSON_LIMIT);
  // Trimmed as parseJsonObject reads it (a byte-order mark or spaces around the object).
  const body = new JsonBody(parseJsonObject(raw), raw.toString('utf8').trim());
  if (ids) checkBodyIds(body.fields, ids.functionId, ids.runId, body.issues);
  const value = read(body);
  if (body.issues.length) throw validationError(body.issues);
  return value;
}

export type FieldKind = 'boolean' | 'object' | 'string' | 'string|null' | 'string[]' | 'object|null';

/** Checks the type of an optional body field; pushes an issue naming it when wrong. */
export function bodyField(body: Record<string, unknown>, name: string, kind: FieldKind, issues: ValidationIssue[]): unknown {
  if (!Object.hasOwn(body, name) || body[name] === undefined) return undefined;
  const value = body[name];
  const ok =
    kind === 'boolean'
      ? typeof value === 'boolean'
      : kind === 'string'
        ? typeof value === 'string'
        : kind === 'string|null'
          ? value === null || typeof value === 'string'
          : kind === 'string[]'
            ? Array.isArray(value) && value.every((v) => typeof v === 'string')
            : kind === 'object|null'
              ? value === null || (typeof value === 'object' && !Array.isArray(value))
              : value !== null && typeof value === 'object' && !Array.isArray(value);
  if (!ok) {
    const message: Record<typeof kind, [string, string]> = {
      boolean: ['Input should be a valid boolean', 'bool_type'],
      object: ['Input should be a valid dictionary', 'dict_type'],
      'object|null': ['Input should be a valid dictionary or null', 'dict_type'],
      string: ['Input should be a valid string', 'string_type'],
      'string|null': ['Input should be a valid string or null', 'string_type'],
      'string[]': ['Input should be a valid list of strings', 'list_type'],
    };
    issues.push(issue(['body', name], message[kind][0], message[kind][1]));
    return undefined;
  }
  return value;
}

/** The body may name the function and run with either spelling, but they must agree with the path. */
export function checkBodyIds(body: Record<string, unknown>, functionId: string, runId: string | undefined, issues: ValidationIssue[]): void {
  const pairs: [string, string | undefined][] = [
    ['function_id', functionId],
    ['workflow_id', functionId],
    ['function_run_id', runId],
    ['workflow_run_id', runId],
  ];
  for (const [name, expected] of pairs) {
    if (!Object.hasOwn(body, name) || body[name] === undefined || body[name] === null) continue;
    if (typeof body[name] !== 'string') issues.push(issue(['body', name], 'Input should be a valid string', 'string_type'));
    else if (expected !== undefined && body[name] !== expected) {
      issues.push(issue(['body', name], `Does not match the id in the path (${expected})`, 'value_error'));
    }
  }
}

/**
 * Answers a request Node could not read (its `clientError`) as the routes answer theirs, with a JSON
 * body saying why: Node's own answer is a bare status line (an empty 431 or 400) a client cannot explain.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  // A connection the client broke, or one already answering (a stream, a video: an answer written now
  // would land in the middle of that body), has nothing more to say.
  const answering = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent === true;
  if (error.code === 'ECONNRESET' || !socket.writable || answering) return void socket.destroy();
  const [status, message, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'The request headers are too large (at most 16 KB).']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'The request did not arrive in time.']
        : [400, 'Bad Request', `This is not a valid HTTP request (${error.code ?? error.message}).`];
  const body = JSON.stringify({ message, detail });
  socket.end(`HTTP/1.1 ${status} ${message}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
