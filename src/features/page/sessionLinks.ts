// What of a browser session the function page may be given, and when its log lines happened. No vscode
// import: plain rules, unit-tested.
import { redactSecrets } from '../../api/redact';

/**
 * The one origin the page's CSP lets it frame (frame-src) and play (media-src): the API's own, where the
 * local server's signed viewer and replay links live. Undefined (nothing allowed) for anything but http(s).
 */
export function sessionOrigin(baseUrl: string): string | undefined {
  try {
    const url = new URL(baseUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

export type LinkCheck = { ok: true } | { ok: false; reason: string };

/**
 * Whether `link` may go into the page (an iframe's or a video's src). Never a link that carries the key
 * (Notte's own viewer puts it in `token=`), plain or percent-encoded at any depth; only http(s) of the
 * allowed origin, which the page's CSP would refuse anyway.
 */
export function checkSessionLink(link: string, allowedOrigin: string | undefined, secrets: (string | undefined)[], what: string): LinkCheck {
  if (carriesSecret(link, secrets)) return { ok: false, reason: `The ${what} link carries your API key, which this page is never given: open it outside (in your browser).` };
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return { ok: false, reason: `The server gave a ${what} link that is not a URL.` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: `The ${what} link is not a web address (${url.protocol}).` };
  if (!allowedOrigin || url.origin !== allowedOrigin)
    return { ok: false, reason: `The ${what} is at ${url.origin}, which this page does not load (it loads only ${allowedOrigin ?? 'nothing'}): open it outside.` };
  return { ok: true };
}

/** Whether the link holds a secret in any form it can be written in (api/redact.ts's one list of forms). */
function carriesSecret(link: string, secrets: (string | undefined)[]): boolean {
  return redactSecrets(link, secrets) !== link;
}

const STAMP = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:[.,](\d{1,6}))?/;

/**
 * The moment of a log line's stamp ("2026-12-01 19:50:01.123"). Stamps carry no time zone: the local
 * server writes local time, a remote one may write UTC. Read both ways, the one nearer `near` (the run's
 * start) wins; zones are whole hours apart and a run is shorter than that. Undefined without a date.
 */
export function stampMoment(stamp: string | undefined, near: number): number | undefined {
  const match = stamp ? STAMP.exec(stamp) : null;
  if (!match) return undefined;
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map(Number);
  const ms = match[7] ? Number(match[7].padEnd(3, '0').slice(0, 3)) : 0;
  const local = new Date(y, mo - 1, d, h, mi, s, ms).getTime();
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  if (Number.isNaN(local)) return undefined;
  return Math.abs(local - near) <= Math.abs(utc - near) ? local : utc;
}

/**
 * When a replay's first frame was: `video_start_ms` is the video's start within the session (ms after
 * the session began) — or, when it is that large, already a moment since 1970.
 */
export function videoStartsAt(sessionStartedAt: number, videoStartMs: number | null | undefined): number {
  if (typeof videoStartMs !== 'number' || !Number.isFinite(videoStartMs)) return sessionStartedAt;
  return videoStartMs > 1e11 ? videoStartMs : sessionStartedAt + videoStartMs;
}
