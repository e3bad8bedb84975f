// The fast paths of the streaming hot loop give exactly the bytes of the plain ones: the per-run log
// line formatter against formatLogLine, the event encoder against JSON.stringify of the event.
import * as assert from 'assert';
import { formatLogLine, LogLineFormatter } from '../../../src/python/logFormat';
import { encodeEvent } from '../../../src/server/sse';

const TEXTS = [
  'step 1 of 3',
  '',
  'a | pipe | in the text',
  'quotes " and \\ backslash',
  'line\u2028separator and \u0000 NUL',
  'émoji 🎉 and \ud800 lone surrogate',
  '\x1b[31mred\x1b[0m',
];

describe('local server: the bytes of the streaming hot path', () => {
  it('formats each line as formatLogLine does, across milliseconds, levels and a location with a pipe', () => {
    const formatter = new LogLineFormatter('my|fn:run');
    const start = Date.UTC(2026, 11, 1, 12, 0, 0, 998);
    for (let ms = 0; ms < 5; ms++) {
      for (const level of ['INFO', 'WARNING', 'ERROR'] as const) {
        for (const text of TEXTS) assert.strictEqual(formatter.format(level, text, start + ms), formatLogLine(level, 'my|fn:run', text, new Date(start + ms)));
      }
    }
  });

  it('encodes events byte for byte as JSON.stringify of {type, message}', () => {
    for (const type of ['log', 'result', 'session_start']) {
      for (const message of [...TEXTS, formatLogLine('INFO', 'lines:run', 'x'), JSON.stringify({ result: 'a"b' })]) {
        assert.strictEqual(encodeEvent({ type, message }), `data: ${JSON.stringify({ type, message })}\n\n`);
      }
    }
  });
});
