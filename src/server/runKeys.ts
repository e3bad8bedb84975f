// The API key of one run: a run on the local server (and a local run that asks for it) gets a key of
// its own, so the function's NotteClient() reaches this server with a key that is good for that run's
// browser sessions only, and only while the run goes on. It is an HMAC of the run id under the server key
// (nothing to store): `run-<run id>.<signature>` (the signature is base64url, which has no dot).
import { createHmac, timingSafeEqual } from 'crypto';
import type { IncomingMessage } from 'http';

const PREFIX = 'run-';

function signature(serverKey: string, runId: string): string {
  return createHmac('sha256', serverKey).update(`run-key\n${runId}`).digest('base64url');
}

export function runKeyFor(serverKey: string, runId: string): string {
  return `${PREFIX}${runId}.${signature(serverKey, runId)}`;
}

/** The run a key belongs to, when it is a genuine run key; undefined otherwise. */
export function runOfKey(serverKey: string, key: string): string | undefined {
  if (!key.startsWith(PREFIX)) return undefined;
  const cut = key.lastIndexOf('.');
  const runId = key.slice(PREFIX.length, cut);
  if (cut < 0 || !runId) return undefined;
  const expected = Buffer.from(signature(serverKey, runId));
  const given = Buffer.from(key.slice(cut + 1));
  return expected.length === given.length && timingSafeEqual(expected, given) ? runId : undefined;
}

/** The keys a request carries (Authorization: Bearer, x-notte-api-key). */
export function requestKeys(req: IncomingMessage): string[] {
  const keys: string[] = [];
  const authorization = req.headers.authorization;
  if (typeof authorization === 'string') {
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) keys.push(match[1].trim());
  }
  const header = req.headers['x-notte-api-key'];
  if (typeof header === 'string') keys.push(header.trim());
  return keys;
}
