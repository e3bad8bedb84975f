// A field's exact source in a JSON body: what a run's variables reach Python as.
import * as assert from 'assert';
import { fieldSource } from '../../../src/server/jsonSource';

describe('local server: a JSON field as sent', () => {
  it('finds the top-level field past strings holding braces, quotes and the same name, nested ones left alone', () => {
    const text = ' {"note": "a } \\" {\\"variables\\": 1}", "deep": {"variables": [1, {"x": "]"}]}, "variables" : {"id": 123456789012345678, "s": "}"} , "stream": true}';
    assert.strictEqual(fieldSource(text, 'variables'), '{"id": 123456789012345678, "s": "}"}');
    assert.strictEqual(fieldSource(text, 'stream'), 'true');
    assert.strictEqual(fieldSource(text, 'missing'), undefined);
  });

  it('takes the last of a repeated field, as JSON.parse does, and reads literals and escaped names', () => {
    assert.strictEqual(fieldSource('{"variables": {"a": 1}, "variables": {"a": 2.50}}', 'variables'), '{"a": 2.50}');
    assert.strictEqual(fieldSource('{"v\\u0061riables":-0.0}', 'variables'), '-0.0');
    assert.strictEqual(fieldSource('[1]', 'variables'), undefined);
  });
});
