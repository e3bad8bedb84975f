// Signed links of browser sessions (browser/browserSessions.ts): the viewer page, the replay video and
// the websockets (live frames, logs, CDP) are opened by browsers and by Playwright, which have no key, so
// their URLs carry an HMAC token for one session and one purpose (like code urls), never the API key.
import { createHmac, timingSafeEqual } from 'crypto';

export const SESSION_URL_LIFETIME_SECONDS = 900;

function sign(key: string, sessionId: string, what: string, expires: number): string {
  return createHmac('sha256', key).update(`session\n${what}\n${sessionId}\n${expires}`).digest('base64url');
}

/** `<base>/sessions/<id>/<what>?expires=E&token=T`, good for `lifetimeSeconds`. */
export function signedSessionUrl(
  base: string,
  key: string,
  sessionId: string,
  what: string,
  lifetimeSeconds = SESSION_URL_LIFETIME_SECONDS,
  now = Date.now(),
): { url: string; expires: number } {
  const expires = Math.floor(now / 1000) + lifetimeSeconds;
  const query = new URLSearchParams({ expires: String(expires), token: sign(key, sessionId, what, expires) });
  return { url: `${base}/sessions/${encodeURIComponent(sessionId)}/${what}?${query.toString()}`, expires };
}

export function checkSessionToken(key: string, sessionId: string, what: string, query: URLSearchParams, now = Date.now()): boolean {
  const expires = Number(query.get('expires'));
  const token = query.get('token');
  if (!token || !Number.isInteger(expires) || expires * 1000 < now) return false;
  const expected = Buffer.from(sign(key, sessionId, what, expires));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
