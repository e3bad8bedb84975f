import * as assert from 'assert';
import { isLoopbackHost, isLoopbackUrl } from '../../../src/shared/loopback';

describe('loopback: one list of names for this machine', () => {
  it('knows localhost, 127.x and ::1, bracketed or not, and nothing else', () => {
    for (const host of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) assert.ok(isLoopbackHost(host), host);
    for (const host of ['api.notte.cc', '10.0.0.1', '127.0.0.1.example.com', 'localhost.example.com', '0.0.0.0', '', undefined]) assert.ok(!isLoopbackHost(host), String(host));
  });

  it('reads the host of a URL', () => {
    assert.ok(isLoopbackUrl('http://localhost:1/'));
    assert.ok(isLoopbackUrl('http://[::1]:8765/functions'));
    assert.ok(!isLoopbackUrl('https://api.notte.cc'));
    assert.ok(!isLoopbackUrl('http://127.0.0.1.nip.io/'));
    assert.ok(!isLoopbackUrl('not a url'));
  });
});
