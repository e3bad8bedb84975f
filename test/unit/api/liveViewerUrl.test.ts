import * as assert from 'assert';
import { isNotteCloud, liveViewerUrl } from '../../../src/api/snippets';

describe("liveViewerUrl: Notte's console viewer of a session, whose link carries the key", () => {
  it('for the cloud API, is the console of notte.cc playing the session recording of api.notte.cc', () => {
    const url = liveViewerUrl('https://api.notte.cc', 'sess 1', 'sk-a&b');
    const ws = 'wss://api.notte.cc/sessions/sess%201/debug/recording?token=sk-a%26b';
    assert.strictEqual(url, `https://console.notte.cc/static/viewer?ws=${encodeURIComponent(ws)}`);
    const staging = new URL(liveViewerUrl('https://api.staging.notte.cc/', 's', 'k')!);
    assert.strictEqual(staging.origin, 'https://console.staging.notte.cc');
  });

  it('exists for no other host: the key would go to a server that is not Notte', () => {
    for (const base of ['https://api.staging.example.com', 'http://127.0.0.1:8765', 'http://api.notte.cc', 'https://notte.cc.evil.example', 'https://evilnotte.cc', 'nonsense']) {
      assert.strictEqual(liveViewerUrl(base, 's', 'k'), undefined, base);
      assert.strictEqual(isNotteCloud(base), false, base);
    }
    assert.ok(isNotteCloud('https://api.notte.cc'));
  });
});
