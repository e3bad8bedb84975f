import * as assert from 'assert';
import { bytesNeedCleaning, maskSecretVariables, redactSecrets, secretForms, stripControlCharacters } from '../../../src/api/redact';
import { renderRunDocument } from '../../../src/features/functionsView/runDocumentText';

describe('secrets and hostile text', () => {
  it('masks secret-looking variables and keeps the rest', () => {
    assert.deepStrictEqual(maskSecretVariables({ url: 'u', password: 'p', api_key: 'k', authToken: 't', count: 2 }), {
      url: 'u',
      password: '••••••',
      api_key: '••••••',
      authToken: '••••••',
      count: 2,
    });
    // Words, not letters: "pass" ending a word, "auth" as one; an Authorization header too; not an author nor a passenger.
    const more = maskSecretVariables({ user_pass: 'a', dbPwd: 'b', Authorization: 'c', client_secret: 'd', author: 'e', passengers: 3 });
    assert.deepStrictEqual(more, { user_pass: '••••••', dbPwd: '••••••', Authorization: '••••••', client_secret: '••••••', author: 'e', passengers: 3 });
  });

  it('removes the key wherever it appears', () => {
    assert.strictEqual(redactSecrets('Bearer sk-secret-123 and sk-secret-123', ['sk-secret-123']), 'Bearer •••••• and ••••••');
  });

  it('strips terminal escapes and control bytes but keeps text and tabs', () => {
    assert.strictEqual(stripControlCharacters('\x1b[31mred\x1b[0m\tok\x07\x1b]0;title\x07\x00done'), 'red\tokdone');
  });

  it('finds in UTF-8 bytes every character stripControlCharacters cuts and every form of a secret, and nothing else', () => {
    const bytes = (text: string) => Buffer.from(text, 'utf8');
    // Every character below 0x80 and a few beyond it: the byte check agrees with the text's own.
    for (let code = 0; code < 0x80; code++) {
      const text = `step 1 ${String.fromCharCode(code)} done`;
      assert.strictEqual(bytesNeedCleaning(bytes(text), []), stripControlCharacters(text) !== text, `character ${code}`);
    }
    assert.strictEqual(bytesNeedCleaning(bytes('▶ café 🎉 ünïcode\ttab\n'), []), false, 'characters whose UTF-8 bytes are all above 0x7f');
    const secret = 'sk-secret-key-123456';
    assert.strictEqual(bytesNeedCleaning(bytes('no key here'), [secret, undefined]), false);
    for (const form of secretForms(secret)) assert.strictEqual(bytesNeedCleaning(bytes(`a line with ${form} in it`), [secret]), true, form);
  });

  it('renders a run document that shows no secret variable values', () => {
    const text = renderRunDocument(
      {
        function_id: 'f',
        function_run_id: 'r',
        created_at: '2026-11-28T11:55:00Z',
        updated_at: '2026-11-28T11:55:03Z',
        status: 'failed',
        logs: ['2026-11-28 11:55:01.000 | INFO | main:run:3 | \x1b[32mhello\x1b[0m'],
        variables: { password: 'hunter2', url: 'https://x' },
        result: 'Traceback...\nValueError: boom',
        local: false,
      },
      'Demo',
    );
    assert.ok(!text.includes('hunter2'));
    assert.match(text, /Error:\n  Traceback...\n  ValueError: boom/);
    assert.match(text, /Logs \(1 line\):\n  hello/);
  });
});

describe('secrets in every form they are written back', () => {
  const key = 'sk-live-Zq8/+w==&x';

  it('cuts the key plain, percent-encoded (once or twice), JSON-escaped, and in base64 or base64url (alone, as a Bearer or Basic credential)', () => {
    const forms = [
      key,
      encodeURIComponent(key),
      encodeURIComponent(encodeURIComponent(key)),
      JSON.stringify(key).slice(1, -1),
      Buffer.from(key).toString('base64'),
      Buffer.from(key).toString('base64url'),
      Buffer.from(`Bearer ${key}`).toString('base64'),
      Buffer.from(`:${key}`).toString('base64'),
    ];
    for (const form of forms) {
      const text = redactSecrets(`before ${form} after`, [key]);
      assert.strictEqual(text, 'before •••••• after', form);
    }
  });

  it('leaves short secrets and other text alone', () => {
    assert.strictEqual(redactSecrets('abc and abc', ['abc']), 'abc and abc');
    assert.strictEqual(redactSecrets('nothing here', [key, undefined]), 'nothing here');
  });
});
