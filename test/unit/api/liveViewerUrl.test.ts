import * as assert from 'assert';
import { liveViewerUrl } from '../../../src/api';

describe('liveViewerUrl: the console viewer of a session, from the configured API URL', () => {
  it('for the cloud API, is the console of notte.cc playing the session recording of api.notte.cc', () => {
    const url = liveViewerUrl('https://api.notte.cc', 'sess 1', 'sk-a&b');
    const ws = 'wss://api.notte.cc/sessions/sess%201/debug/recording?token=sk-a%26b';
    assert.strictEqual(url, `https://console.notte.cc/static/viewer?ws=${encodeURIComponent(ws)}`);
  });

  it('follows another API host and scheme, with its console sibling when it has one', () => {
    const staging = new URL(liveViewerUrl('https://api.staging.example.com/', 's', 'k'));
    assert.strictEqual(staging.origin, 'https://console.staging.example.com');
    assert.strictEqual(staging.searchParams.get('ws'), 'wss://api.staging.example.com/sessions/s/debug/recording?token=k');
    const local = new URL(liveViewerUrl('http://127.0.0.1:8765', 's', 'k'));
    assert.strictEqual(local.origin, 'https://console.notte.cc');
    assert.strictEqual(local.searchParams.get('ws'), 'ws://127.0.0.1:8765/sessions/s/debug/recording?token=k');
  });
});
