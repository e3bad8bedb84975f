// The `url` of GET /functions/{id}: where the code of a version can be downloaded.
// It is `<base>/functions/{id}/code?version=V&expires=E&token=T`, where the token is an HMAC of the
// function, version and expiry under the server's key, so a plain GET (as the SDK does) works for an
// hour without sending the key. Requests carrying the key are accepted too.
import { createHmac, timingSafeEqual } from 'crypto';

export const CODE_URL_LIFETIME_SECONDS = 3600;

function sign(key: string, functionId: string, version: string, expires: number): string {
  return createHmac('sha256', key).update(`code\n${functionId}\n${version}\n${expires}`).digest('base64url');
}

export function signedCodeUrl(base: string, key: string, functionId: string, version: string, now = Date.now()): string {
  const expires = Math.floor(now / 1000) + CODE_URL_LIFETIME_SECONDS;
  const query = new URLSearchParams({ version, expires: String(expires), token: sign(key, functionId, version, expires) });
  return `${base}/functions/${encodeURIComponent(functionId)}/code?${query.toString()}`;
}

export function checkCodeToken(key: string, functionId: string, query: URLSearchParams, now = Date.now()): boolean {
  const version = query.get('version');
  const expires = Number(query.get('expires'));
  const token = query.get('token');
  if (!version || !token || !Number.isInteger(expires) || expires * 1000 < now) return false;
  const expected = Buffer.from(sign(key, functionId, version, expires));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
