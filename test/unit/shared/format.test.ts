import * as assert from 'assert';
import { describeVariable, shortId } from '../../../src/shared/format';

describe('small texts', () => {
  it('writes a variable as a Python parameter', () => {
    assert.strictEqual(describeVariable({ name: 'url', type: 'str', default: "'https://x'" }), "url: str = 'https://x'");
    assert.strictEqual(describeVariable({ name: 'n', type: null, default: null }), 'n');
  });

  it('shortens a long id for a detail line', () => {
    assert.strictEqual(shortId('68a286f5-1234-4c3b-9f00-5d7a0e6b442b'), '68a286f5…442b');
    assert.strictEqual(shortId('short'), 'short');
  });
});
