// What of a browser session the function page may load (never a link with the key, only the API's
// origin), and the moments of log lines a replay seeks to.
import * as assert from 'assert';
import { liveViewerUrl } from '../../../../src/api/snippets';
import { logEntry } from '../../../../src/features/page/pageData';
import { checkSessionLink, sessionOrigin, stampMoment, videoStartsAt } from '../../../../src/features/page/sessionLinks';

describe('function page: session links', () => {
  const origin = 'http://127.0.0.1:8765';
  const key = 'sk-test-1234567890abcdef';

  it("lets the page load the local server's signed viewer and video links", () => {
    assert.deepStrictEqual(checkSessionLink(`${origin}/sessions/sess_1/viewer?expires=1&token=abcHMAC`, origin, [key], 'live viewer'), { ok: true });
    assert.deepStrictEqual(checkSessionLink(`${origin}/sessions/sess_1/replay.mp4?expires=1&token=abcHMAC`, origin, [key], 'replay'), { ok: true });
  });

  it("never a link carrying the key: plain, percent-encoded, or inside another URL (Notte's console viewer)", () => {
    const notte = liveViewerUrl('https://api.notte.cc', 'sess_1', key)!;
    for (const link of [notte, `${origin}/v?token=${key}`, `${origin}/v?t=${encodeURIComponent(encodeURIComponent(key))}`]) {
      const check = checkSessionLink(link, origin, [undefined, key], 'live viewer');
      assert.ok(!check.ok, link);
      assert.match(check.reason, /carries your API key/);
    }
    assert.ok(!checkSessionLink(notte, 'https://console.notte.cc', [key], 'live viewer').ok, 'not even on the origin the page may load');
    const base64 = `${origin}/v?auth=${Buffer.from(`Bearer ${key}`).toString('base64')}`;
    assert.ok(!checkSessionLink(base64, origin, [key], 'live viewer').ok, base64);
  });

  it('only the allowed origin and only http(s)', () => {
    const other = checkSessionLink('https://viewer.example/sessions/1', origin, [key], 'live viewer');
    assert.ok(!other.ok);
    assert.match(other.reason, /https:\/\/viewer\.example.*does not load.*127\.0\.0\.1:8765/);
    assert.ok(!checkSessionLink('javascript:alert(1)', origin, [key], 'replay').ok);
    assert.ok(!checkSessionLink('not a url', origin, [key], 'replay').ok);
    assert.ok(!checkSessionLink(`${origin}/x`, undefined, [key], 'replay').ok);
    assert.ok(!checkSessionLink('http://127.0.0.1:9999/x', origin, [key], 'replay').ok, 'another port is another origin');
  });

  it("the page's origin is the API's (http and https only)", () => {
    assert.strictEqual(sessionOrigin('http://127.0.0.1:8765/'), origin);
    assert.strictEqual(sessionOrigin('https://api.notte.cc/v1'), 'https://api.notte.cc');
    assert.strictEqual(sessionOrigin('file:///etc'), undefined);
    assert.strictEqual(sessionOrigin('nonsense'), undefined);
  });

  it("reads a line's stamp in the zone nearer the run's start (local or UTC), to the millisecond", () => {
    const start = new Date(2026, 11, 1, 19, 50, 0, 0).getTime();
    assert.strictEqual(stampMoment('2026-12-01 19:50:01.123', start), start + 1123);
    assert.strictEqual(stampMoment('2026-12-01T19:50:02', start), start + 2000);
    const utcStart = Date.UTC(2026, 11, 1, 19, 50, 0, 0);
    assert.strictEqual(stampMoment('2026-12-01 19:50:03.5', utcStart), utcStart + 3500);
    assert.strictEqual(stampMoment('19:50:01.123', start), undefined, 'no date: unknown');
    assert.strictEqual(stampMoment(undefined, start), undefined);
    const entry = logEntry('2026-12-01 19:50:04.250 | INFO     | echo:run | hello', new Date(), start);
    assert.deepStrictEqual([entry.text, entry.at], ['hello', start + 4250]);
    assert.ok(!('at' in logEntry('plain text', new Date(), start)));
  });

  it('a replay starts video_start_ms after the session, or at that moment when it is one', () => {
    assert.strictEqual(videoStartsAt(1_000_000, 0), 1_000_000);
    assert.strictEqual(videoStartsAt(1_000_000, 1500), 1_001_500);
    assert.strictEqual(videoStartsAt(1_000_000, null), 1_000_000);
    assert.strictEqual(videoStartsAt(1_000_000, 1_764_000_000_000), 1_764_000_000_000);
  });
});
