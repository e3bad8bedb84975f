// The stream reader on its own: whatever byte boundaries the body arrives in, every log line comes out
// once and in order, noise is skipped as the SDK skips it, and an ending without a result is reported.
import * as assert from 'assert';
import * as fc from 'fast-check';
import { readRunStream } from '../../../src/api/sse';

function event(type: string, message: string): string {
  return `data: ${JSON.stringify({ type, message })}\n\n`;
}

async function* chunks(bytes: Buffer, cuts: number[]): AsyncGenerator<Uint8Array> {
  let start = 0;
  for (const cut of [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)) {
    if (cut > start) yield bytes.subarray(start, cut);
    start = Math.max(start, cut);
  }
  if (start < bytes.length) yield bytes.subarray(start);
}

describe('api: stream reader', () => {
  it('delivers every line once, in order, however the bytes are split', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ unit: 'binary', maxLength: 40 }), { maxLength: 30 }), fc.array(fc.nat(), { maxLength: 40 }), async (messages, cuts) => {
        const result = { function_id: 'f', function_run_id: 'r', session_id: 's', result: 'done ✓', status: 'closed' };
        const text =
          ': comment\n\n' +
          event('session_start', 's') +
          messages.map((m) => event('log', m)).join('') +
          'data: not json\n\n' +
          event('result', JSON.stringify(result)) +
          event('log', 'after the result');
        const lines: string[] = [];
        const sessions: string[] = [];
        const outcome = await readRunStream(chunks(Buffer.from(text, 'utf8'), cuts), { onLog: (l) => lines.push(l.raw), onSessionStart: (s) => sessions.push(s) });
        assert.deepStrictEqual(lines, messages);
        assert.strictEqual(outcome.logCount, messages.length);
        assert.deepStrictEqual(sessions, ['s']);
        assert.deepStrictEqual(outcome.result, result);
        assert.strictEqual(outcome.interruption, undefined);
      }),
      { numRuns: 100 },
    );
  });

  it('reports a stream that ends without a result, with the lines it did deliver counted', async () => {
    const outcome = await readRunStream(chunks(Buffer.from(event('log', 'one') + event('log', 'two') + 'data: {"type":"log","mess'), []), {});
    assert.strictEqual(outcome.logCount, 2);
    assert.strictEqual(outcome.result, undefined);
    assert.match(String(outcome.interruption), /ended without a result/);
  });

  it('reports a stream that breaks, without throwing', async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield Buffer.from(event('log', 'one'));
      throw new Error('other side closed');
    }
    const lines: string[] = [];
    const outcome = await readRunStream(broken(), { onLog: (l) => lines.push(l.text) });
    assert.deepStrictEqual(lines, ['one']);
    assert.match(String(outcome.interruption), /^the stream broke: other side closed$/);
  });

  it('treats an unreadable result as an interruption, so the caller falls back to reading the run', async () => {
    const outcome = await readRunStream(chunks(Buffer.from(event('log', 'one') + 'data: {"type":"result","message":"{oops"}\n\n'), []), {});
    assert.strictEqual(outcome.result, undefined);
    assert.strictEqual(outcome.logCount, 1);
    assert.match(String(outcome.interruption), /result event was not valid JSON/);
  });
});
