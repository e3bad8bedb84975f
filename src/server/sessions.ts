// Simulated browser sessions (`--sessions`): each run gets a session id so the extension's live-viewer
// and replay commands can be exercised against the local server. There is no browser: the "viewer" is
// a page of the run's log lines and the "replay" one stand-in clip for every session (standInReplay.ts).
// Viewer and video links carry an HMAC token (like code urls), never the API key, because they are opened
// in a browser that has no key.
import { createHmac, timingSafeEqual } from 'crypto';

export const SESSION_URL_LIFETIME_SECONDS = 900;
/** How long after its run ends a replay answers "not ready yet", so clients' waiting is exercised. */
export const REPLAY_DELAY_MS = 1000;

function sign(key: string, sessionId: string, what: string, expires: number): string {
  return createHmac('sha256', key).update(`session\n${what}\n${sessionId}\n${expires}`).digest('base64url');
}

/** `<base>/sessions/<id>/<what>?expires=E&token=T`. */
export function signedSessionUrl(base: string, key: string, sessionId: string, what: 'viewer' | 'replay.mp4', now = Date.now()): { url: string; expires: number } {
  const expires = Math.floor(now / 1000) + SESSION_URL_LIFETIME_SECONDS;
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

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// ANSI colour codes of the log lines would show as garbage in a page.
const ANSI = /\x1b\[[0-9;]*m/g; // eslint-disable-line no-control-regex

export function viewerPage(sessionId: string, runId: string, status: string, logs: string[]): string {
  const lines = logs.map((line) => escapeHtml(line.replace(ANSI, ''))).join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8">${status === 'active' ? '<meta http-equiv="refresh" content="2">' : ''}<title>Session ${escapeHtml(sessionId)}</title>
<style>body{font:13px system-ui,sans-serif;margin:10px}h1{font-size:15px}pre{white-space:pre-wrap;font-size:12px}</style></head>
<body>
<h1>Session ${escapeHtml(sessionId)}</h1>
<p>This is the local Notte Functions server's stand-in for the live browser viewer: there is no browser here,
only the log lines of run ${escapeHtml(runId)} so far (session ${status}${status === 'active' ? '; this page reloads itself every 2 s' : ''}).</p>
<pre>${lines}</pre>
</body></html>
`;
}
