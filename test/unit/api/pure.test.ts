// Parts of the API module that need no server: errors, log lines, Python values, Fernet.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { coerceInput, decryptCodeUrl, encryptCodeUrl, parseLogLine, parsePythonLiteral } from '../../../src/api';
import { errorFromResponse, messageOf, serverMessage } from '../../../src/api/errors';

const FIXTURES = path.join(__dirname, '..', '..', '..', '..', 'test', 'unit', 'api', 'fixtures');

describe('api: errors', () => {
  it('names the fields of a 422', () => {
    const error = errorFromResponse(
      422,
      { message: 'Validation error', detail: [{ loc: ['body', 'variables'], msg: 'must be an object', type: 'type_error' }] },
      {},
      'Start run r',
    );
    assert.strictEqual(error.kind, 'validation');
    assert.match(error.message, /variables: must be an object/);
  });

  it("ends a message with one full stop, whether or not the server's detail had its own", () => {
    assert.strictEqual(
      errorFromResponse(500, { message: 'The browser could not start', detail: 'It did not start within 60 s.' }, {}, 'Start').message,
      'Start: server error (500): The browser could not start: It did not start within 60 s.',
    );
    assert.strictEqual(errorFromResponse(500, { message: 'boom' }, {}, 'Start').message, 'Start: server error (500): boom.');
    assert.strictEqual(errorFromResponse(418, { detail: 'Short and stout!' }, {}, 'Tea').message, 'Tea: unexpected answer 418: Short and stout!');
  });

  it('reads the wait of a 429 from Retry-After or X-RateLimit-Reset', () => {
    assert.strictEqual(errorFromResponse(429, {}, { 'retry-after': '3' }, 'x').retryAfterMs, 3000);
    const now = Date.now();
    const fromReset = errorFromResponse(429, {}, { 'x-ratelimit-reset': String(Math.ceil(now / 1000) + 10) }, 'x').retryAfterMs!;
    assert.ok(fromReset > 8000 && fromReset <= 11000, String(fromReset));
    assert.match(errorFromResponse(429, {}, { 'retry-after': '3' }, 'Run').message, /Retry in 3 s/);
  });

  it('tells bad keys, missing things and execution errors apart', () => {
    assert.strictEqual(errorFromResponse(401, { message: 'Unauthorized' }, {}, 'x').kind, 'auth');
    assert.strictEqual(errorFromResponse(403, {}, {}, 'x').kind, 'auth');
    assert.strictEqual(errorFromResponse(404, { message: 'Not Found', detail: 'Function f not found.' }, {}, 'x').kind, 'not_found');
    assert.match(errorFromResponse(500, { message: 'boom' }, { 'x-error-class': 'NotteApiExecutionError' }, 'Run').message, /error while running the function: boom/);
    assert.match(errorFromResponse(529, {}, {}, 'Run').message, /overloaded/);
  });

  it('keeps long bodies to one short line', () => {
    assert.ok(serverMessage('x'.repeat(5000)).length <= 301);
    assert.strictEqual(messageOf(new Error('first\nsecond')), 'first');
  });
});

describe('api: log lines', () => {
  it("splits the service's prefix and strips colours", () => {
    const line = parseLogLine('2026-11-28 12:00:00.123 | \x1b[1mINFO\x1b[0m     | module:run:3 | \x1b[32mhello | world\x1b[0m');
    assert.deepStrictEqual(
      { text: line.text, level: line.level, location: line.location, time: line.time },
      { text: 'hello | world', level: 'INFO', location: 'module:run:3', time: '2026-11-28 12:00:00.123' },
    );
  });

  it('keeps lines that are not in that shape whole', () => {
    assert.strictEqual(parseLogLine('a | b | c | d').text, 'a | b | c | d');
    assert.strictEqual(parseLogLine('plain').text, 'plain');
    assert.strictEqual(parseLogLine('plain').raw, 'plain');
  });
});

describe('api: Python values', () => {
  it('reads defaults as ast.unparse writes them', () => {
    const cases: [string, unknown][] = [
      ["'boom'", 'boom'],
      ['"it\'s"', "it's"],
      ['2', 2],
      ['-3.5', -3.5],
      ['False', false],
      ['None', null],
      ["['a', 'b']", ['a', 'b']],
      ["{'k': 1, 'n': None}", { k: 1, n: null }],
      ['(1, 2)', [1, 2]],
      ["'\\n\\u00e9'", '\né'],
      ['1_000', 1000],
    ];
    for (const [source, value] of cases) assert.deepStrictEqual(parsePythonLiteral(source), { ok: true, value }, source);
    for (const source of ['os.environ["X"]', 'foo()', "'unterminated", '[1, 2']) assert.deepStrictEqual(parsePythonLiteral(source), { ok: false }, source);
    assert.deepStrictEqual(parsePythonLiteral(null), { ok: false });
  });

  it("turns typed text into values of the parameter's type, with a message when it cannot", () => {
    assert.deepStrictEqual(coerceInput('42', 'int'), { ok: true, value: 42 });
    assert.strictEqual(coerceInput('4.2', 'int').ok, false);
    assert.deepStrictEqual(coerceInput('0.5', 'float'), { ok: true, value: 0.5 });
    assert.deepStrictEqual(coerceInput('yes', 'bool'), { ok: true, value: true });
    assert.match((coerceInput('maybe', 'bool') as { message: string }).message, /true or false/);
    assert.deepStrictEqual(coerceInput('["x", "y"]', 'list[str]'), { ok: true, value: ['x', 'y'] });
    assert.deepStrictEqual(coerceInput('1e999', 'float'), { ok: false, message: 'That number is too large to send: JSON has no infinity' });
  });

  it("refuses a list, tuple or dict whose items are not its annotation's item type, naming the first", () => {
    const message = (text: string, type: string) => (coerceInput(text, type) as { message?: string }).message;
    assert.strictEqual(message('["x", 1]', 'list[str]'), 'Enter a JSON array (list[str]), like ["a", "b"]: item 2 is 1, not a str');
    assert.strictEqual(message('{"a": 1, "b": "2"}', 'dict[str, int]'), 'Enter a JSON object (dict[str,int]), like {"key": "value"}: the value of "b" is "2", not an int');
    assert.strictEqual(message('[1, 2, 3]', 'tuple[int, str]'), 'Enter a JSON array (tuple[int,str]), like ["a", "b"]: it holds 2 items (tuple[int,str]), not 3');
    assert.strictEqual(message('[1, 2]', 'tuple[int]'), 'Enter a JSON array (tuple[int]), like ["a", "b"]: it holds 1 item (tuple[int]), not 2');
    assert.strictEqual(message('[1e999]', 'list[float]'), 'That number is too large to send: JSON has no infinity');
    assert.strictEqual(message('[12345678901234567890]', 'list[int]'), 'Enter a JSON array (list[int]), like ["a", "b"]: item 1 is 12345678901234567000, not an int');
    assert.strictEqual(message('[[1], [2, "x"]]', 'list[list[int]]'), 'Enter a JSON array (list[list[int]]), like ["a", "b"]: item 2 is [2,"x"], not a list[int]');
    const fine: [string, string][] = [
      ['[1, 2.5]', 'list[float]'],
      ['["a", null]', 'list[str | None]'],
      ['[1, "a"]', 'tuple[int, str]'],
      ['[1, 2, 3]', 'tuple[int, ...]'],
      ['[{"x": 1}]', 'list[Item]'],
      ['["a", 1]', 'list'],
      ['{"a": [1]}', 'dict[str, list[int]]'],
      ['None', 'list[str] | None'],
      ['[{"a": 1}, null]', 'list[Item]'],
      ['{"k": null}', 'dict[str, Any]'],
      ['[]', 'tuple[()]'],
    ];
    for (const [text, type] of fine) assert.strictEqual(coerceInput(text, type).ok, true, `${text} as ${type}`);
    assert.deepStrictEqual(coerceInput("['x']", 'list'), { ok: true, value: ['x'] });
    assert.strictEqual(coerceInput('{"a": 1}', 'list').ok, false);
    assert.deepStrictEqual(coerceInput('{"a": 1}', 'dict | None'), { ok: true, value: { a: 1 } });
    assert.deepStrictEqual(coerceInput('None', 'Optional[int]'), { ok: true, value: null });
    assert.deepStrictEqual(coerceInput('  spaced "text" ', 'str'), { ok: true, value: '  spaced "text" ' });
    assert.deepStrictEqual(coerceInput('[1, 2]', null), { ok: true, value: [1, 2] });
    assert.deepStrictEqual(coerceInput('not json', undefined), { ok: true, value: 'not json' });
  });
});

describe('api: Fernet code addresses', () => {
  const vectors = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'fernet_vectors.json'), 'utf8')) as { decryption_key: string; plain_url: string; encrypted: string }[];

  it("decrypts what Python's cryptography package encrypted", () => {
    assert.ok(vectors.length >= 3);
    for (const vector of vectors) assert.strictEqual(decryptCodeUrl(vector.encrypted, vector.decryption_key), vector.plain_url);
  });

  it('rejects a wrong key and tampered tokens', () => {
    const { encrypted, decryption_key } = vectors[0];
    assert.throws(() => decryptCodeUrl(encrypted, `${decryption_key}x`), /does not match/);
    const bytes = Buffer.from(encrypted, 'base64url');
    for (const index of [20, 40, bytes.length - 5]) {
      const tampered = Buffer.from(bytes);
      tampered[index] ^= 0x01;
      assert.throws(() => decryptCodeUrl(tampered.toString('base64url'), decryption_key), `byte ${index}`);
    }
    assert.throws(() => decryptCodeUrl('not base64 !!', decryption_key), /neither a URL nor/);
  });

  it('encrypts so that Python decrypts it', () => {
    const url = 'http://127.0.0.1:1/functions/f/code?token=a_b-c';
    const encrypted = encryptCodeUrl(url, 'py-key');
    const script = [
      'import base64, sys',
      'from cryptography.fernet import Fernet',
      'from cryptography.hazmat.primitives import hashes',
      'from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC',
      'data = base64.urlsafe_b64decode(sys.argv[1].encode())',
      "key = base64.urlsafe_b64encode(PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=data[:16], iterations=100000).derive(b'py-key'))",
      'print(Fernet(key).decrypt(data[16:]).decode(), end="")',
    ].join('\n');
    assert.strictEqual(execFileSync('python3', ['-c', script, encrypted], { encoding: 'utf8' }), url);
  });
});
