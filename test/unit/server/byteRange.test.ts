// The Range header of the replay video (one range of bytes, RFC 9110).
import * as assert from 'assert';
import { parseByteRange } from '../../../src/server/byteRange';

describe('local server: byte ranges of the replay video', () => {
  const size = 1000;

  it('reads a-b, a- and -n, cutting an end past the body to its last byte', () => {
    assert.deepStrictEqual(parseByteRange('bytes=0-99', size), { start: 0, end: 99 });
    assert.deepStrictEqual(parseByteRange('bytes=990-', size), { start: 990, end: 999 });
    assert.deepStrictEqual(parseByteRange('bytes=-10', size), { start: 990, end: 999 });
    assert.deepStrictEqual(parseByteRange('bytes=-5000', size), { start: 0, end: 999 });
    assert.deepStrictEqual(parseByteRange('bytes=500-5000', size), { start: 500, end: 999 });
    assert.deepStrictEqual(parseByteRange('Bytes = 1 - 2', size), { start: 1, end: 2 });
  });

  it('calls a range that starts past the end (or an empty suffix) unsatisfiable', () => {
    assert.strictEqual(parseByteRange('bytes=1000-', size), 'unsatisfiable');
    assert.strictEqual(parseByteRange('bytes=2000-3000', size), 'unsatisfiable');
    assert.strictEqual(parseByteRange('bytes=-0', size), 'unsatisfiable');
  });

  it('ignores what it does not serve (the whole body is sent): none, other units, several ranges, nonsense', () => {
    for (const header of [undefined, '', 'items=0-1', 'bytes=0-1,4-5', 'bytes=-', 'bytes=5-2', 'bytes=a-b'])
      assert.strictEqual(parseByteRange(header, size), undefined, String(header));
  });
});
