// --decryption-key: the code url is answered encrypted, as the contract's "Local runs" section says.
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { decryptCodeUrl } from '../../../src/api/fernet';
import { EXAMPLE_FUNCTIONS_DIR, startTestServer, TestServer } from '../helpers/localServer';
import { call } from './util';

// Python's own reading (what the SDK does): PBKDF2-HMAC-SHA256 over the salt, then Fernet.
const PYTHON_DECRYPT = `
import base64, sys
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
data = base64.urlsafe_b64decode(sys.argv[1])
salt, token = data[:16], data[16:]
key = base64.urlsafe_b64encode(PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=100000).derive(sys.argv[2].encode()))
sys.stdout.write(Fernet(key).decrypt(token).decode())
`;

describe('local server: encrypted code url', function () {
  this.timeout(20_000);
  const decryptionKey = 'my decryption key ✓';
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ functionsDir: EXAMPLE_FUNCTIONS_DIR, decryptionKey });
  });
  after(() => server.close());

  it('answers a url that is not http(s), decrypts to the code url, and the code downloads', async () => {
    const fn = await call(server, 'GET', '/functions/always_fails');
    assert.doesNotMatch(fn.json.url, /^https?:\/\//);
    const plain = decryptCodeUrl(fn.json.url, decryptionKey);
    assert.match(plain, /^http:\/\/127\.0\.0\.1:\d+\/functions\/always_fails\/code\?/);
    const code = await fetch(plain);
    assert.strictEqual(code.status, 200);
    assert.match(await code.text(), /raise ValueError\(message\)/);
    assert.throws(() => decryptCodeUrl(fn.json.url, 'another key'));
    // A fresh salt each time.
    assert.notStrictEqual((await call(server, 'GET', '/functions/always_fails')).json.url, fn.json.url);
  });

  it("decrypts with Python's cryptography the way the SDK does", async function () {
    const probe = spawnSync('python3', ['-c', 'import cryptography'], { encoding: 'utf8' });
    if (probe.status !== 0) this.skip();
    const fn = await call(server, 'GET', '/functions/progress_report');
    const out = spawnSync('python3', ['-c', PYTHON_DECRYPT, fn.json.url, decryptionKey], { encoding: 'utf8' });
    assert.strictEqual(out.status, 0, out.stderr);
    assert.strictEqual(out.stdout, decryptCodeUrl(fn.json.url, decryptionKey));
    assert.match(out.stdout, /\/functions\/progress_report\/code\?version=/);
  });
});
