import * as assert from 'assert';
import { maskSecretVariables, redactSecrets, stripControlCharacters } from '../../../src/shared/redact';
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
  });

  it('removes the key wherever it appears', () => {
    assert.strictEqual(redactSecrets('Bearer sk-secret-123 and sk-secret-123', ['sk-secret-123']), 'Bearer •••••• and ••••••');
  });

  it('strips terminal escapes and control bytes but keeps text and tabs', () => {
    assert.strictEqual(stripControlCharacters('\x1b[31mred\x1b[0m\tok\x07\x1b]0;title\x07\x00done'), 'red\tokdone');
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
