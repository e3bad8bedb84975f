// The SSE writer's pace: a lone event goes out at once; events that keep coming are written together
// at most every few ms, in order and byte for byte.
import * as assert from 'assert';
import type { ServerResponse } from 'http';
import { encodeEvent, SSE_COALESCE_MS, SseWriter } from '../../../src/server/sse';

/** Just what SseWriter uses of a response: the writes, with the moment of each. */
function fakeResponse(): { res: ServerResponse; writes: { at: number; text: string }[] } {
  const writes: { at: number; text: string }[] = [];
  const res = {
    writeHead: () => undefined,
    flushHeaders: () => undefined,
    on: () => undefined,
    write: (text: string) => writes.push({ at: performance.now(), text }),
    end: () => undefined,
  };
  return { res: res as unknown as ServerResponse, writes };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('local server: the SSE writer', () => {
  it('writes a lone event in the same turn of the event loop', async () => {
    const { res, writes } = fakeResponse();
    const writer = new SseWriter(res);
    writer.send({ type: 'log', message: 'one' });
    await nextTurn();
    assert.deepStrictEqual(
      writes.map((w) => w.text),
      [encodeEvent({ type: 'log', message: 'one' })],
    );
    writer.end();
  });

  it('gathers events that keep coming into a write every few ms, keeping every byte in order', async () => {
    const { res, writes } = fakeResponse();
    const writer = new SseWriter(res);
    const events = Array.from({ length: 3000 }, (_, i) => ({ type: 'log', message: `line ${i} "quoted" \n` }));
    const started = performance.now();
    for (let i = 0; i < events.length; i++) {
      writer.send(events[i]);
      if (i % 100 === 99) await nextTurn(); // 30 turns of the event loop, as a fast function's lines arrive
    }
    const lastWriteAt = writes[writes.length - 1]?.at ?? -Infinity;
    writer.send({ type: 'log', message: 'after the burst' });
    // Within the window of the last write (on a loaded machine the turn may have taken longer).
    const withinWindow = performance.now() - lastWriteAt < SSE_COALESCE_MS;
    await nextTurn();
    if (withinWindow) assert.ok(!writes.some((w) => w.text.includes('after the burst')), 'an event right after a write waits for the next window');
    await sleep(SSE_COALESCE_MS * 3);
    writer.end();
    const elapsed = performance.now() - started;
    assert.strictEqual(writes.map((w) => w.text).join(''), [...events, { type: 'log', message: 'after the burst' }].map(encodeEvent).join(''));
    assert.ok(writes.length <= Math.ceil(elapsed / SSE_COALESCE_MS) + 2, `${writes.length} writes in ${elapsed.toFixed(1)} ms`);
    // Never two writes closer than the window (timers count whole milliseconds: up to ~1.5 ms early).
    const gaps = writes.slice(1).map((w, i) => w.at - writes[i].at);
    assert.ok(
      gaps.every((gap) => gap >= SSE_COALESCE_MS - 1.5),
      `gaps ${gaps.map((g) => g.toFixed(1)).join(', ')} ms`,
    );
  });
});
