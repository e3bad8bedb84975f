// The SSE writer's pace: a lone event goes out at once; events that keep coming are written together,
// in order and byte for byte. Only order and bounds are asserted: on a loaded machine a turn of the
// event loop or a timer may take any time, so no gap between writes is measured.
import * as assert from 'assert';
import type { ServerResponse } from 'http';
import { encodeEvent, SSE_COALESCE_MS, SseWriter } from '../../../src/server/sse';

/** Just what SseWriter uses of a response: the writes, in order. */
function fakeResponse(): { res: ServerResponse; writes: string[] } {
  const writes: string[] = [];
  const res = {
    writeHead: () => undefined,
    flushHeaders: () => undefined,
    on: () => undefined,
    write: (text: string) => writes.push(text),
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
    assert.deepStrictEqual(writes, [encodeEvent({ type: 'log', message: 'one' })]);
    writer.end();
  });

  it('writes the events of one turn together, in one write', async () => {
    const { res, writes } = fakeResponse();
    const writer = new SseWriter(res);
    const events = Array.from({ length: 500 }, (_, i) => ({ type: 'log', message: `line ${i}` }));
    for (const event of events) writer.send(event);
    assert.deepStrictEqual(writes, [], 'nothing is written while the turn goes on');
    await sleep(SSE_COALESCE_MS * 3);
    assert.deepStrictEqual(writes, [events.map(encodeEvent).join('')]);
    writer.end();
  });

  it('gathers events that keep coming into few writes, keeping every byte once and in order', async () => {
    const { res, writes } = fakeResponse();
    const writer = new SseWriter(res);
    const events = Array.from({ length: 3000 }, (_, i) => ({ type: 'log', message: `line ${i} "quoted" \n` }));
    const turns = 30;
    for (let i = 0; i < events.length; i++) {
      writer.send(events[i]);
      if (i % (events.length / turns) === events.length / turns - 1) await nextTurn(); // as a fast function's lines arrive
    }
    writer.send({ type: 'log', message: 'after the burst' });
    await sleep(SSE_COALESCE_MS * 3);
    writer.end();
    assert.strictEqual(writes.join(''), [...events, { type: 'log', message: 'after the burst' }].map(encodeEvent).join(''));
    // At most one write per turn in which events came (and the last one): never one per event.
    assert.ok(writes.length <= turns + 2, `${writes.length} writes for ${events.length + 1} events in ${turns + 1} turns`);
  });
});
