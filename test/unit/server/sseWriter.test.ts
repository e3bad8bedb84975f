// The SSE writer's pace: a lone event goes out at once; events that keep coming are written together,
// in order and byte for byte. Only order and bounds are asserted: on a loaded machine a turn of the
// event loop or a timer may take any time, so no gap between writes is measured. And its respect for
// a socket that does not drain: events wait, in a bounded backlog, and the result is never dropped.
import * as assert from 'assert';
import { EventEmitter } from 'events';
import type { ServerResponse } from 'http';
import { encodeEvent, SSE_BACKLOG_CHARS, SSE_COALESCE_MS, SseWriter } from '../../../src/server/sse';

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

/** A response whose socket takes writes only while `accepting`; `drain()` says it drained. */
function slowResponse(): { res: ServerResponse; writes: string[]; ended: () => boolean; drain(): void; accepting: boolean } {
  const emitter = new EventEmitter();
  let ended = false;
  const state = {
    writes: [] as string[],
    accepting: false,
    ended: () => ended,
    drain: () => {
      state.accepting = true;
      emitter.emit('drain');
    },
    res: undefined as unknown as ServerResponse,
  };
  state.res = {
    writeHead: () => undefined,
    flushHeaders: () => undefined,
    on: (name: string, listener: () => void) => emitter.on(name, listener),
    once: (name: string, listener: () => void) => emitter.once(name, listener),
    write: (text: string) => {
      state.writes.push(text);
      return state.accepting;
    },
    end: () => (ended = true),
  } as unknown as ServerResponse;
  return state;
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

  it('holds events while the socket does not drain, and writes them all in order once it does', async () => {
    const socket = slowResponse();
    const writer = new SseWriter(socket.res);
    writer.send({ type: 'log', message: 'first' });
    await nextTurn();
    assert.strictEqual(socket.writes.length, 1, 'the first write went out (and was not taken whole)');
    const later = Array.from({ length: 100 }, (_, i) => ({ type: 'log', message: `held ${i}` }));
    for (const event of later) writer.send(event);
    writer.send({ type: 'result', message: '{"status":"closed"}' });
    writer.end();
    await sleep(SSE_COALESCE_MS * 3);
    assert.strictEqual(socket.writes.length, 1, 'nothing more is written before drain');
    assert.ok(!socket.ended(), 'nor is the response ended');
    socket.drain();
    assert.strictEqual(socket.writes.join(''), [{ type: 'log', message: 'first' }, ...later, { type: 'result', message: '{"status":"closed"}' }].map(encodeEvent).join(''));
    assert.ok(socket.ended());
  });

  it('past its bound, drops the held log events and says how many once the socket drains; the result is kept', async () => {
    const socket = slowResponse();
    const writer = new SseWriter(socket.res, { skippedLine: (lines) => `${lines} skipped` });
    writer.send({ type: 'session_start', message: 'sess_1' });
    await nextTurn();
    const big = 'x'.repeat(100_000);
    const count = Math.ceil((3 * SSE_BACKLOG_CHARS) / big.length);
    for (let i = 0; i < count; i++) writer.send({ type: 'log', message: `${i} ${big}` });
    writer.send({ type: 'result', message: '{"status":"closed"}' });
    writer.end();
    socket.drain();
    assert.deepStrictEqual(socket.writes, [
      encodeEvent({ type: 'session_start', message: 'sess_1' }),
      encodeEvent({ type: 'log', message: `${count} skipped` }) + encodeEvent({ type: 'result', message: '{"status":"closed"}' }),
    ]);
    assert.ok(socket.ended());
  });

  it('goes on streaming after a drain, and skips again (one note each time) when the socket stalls again', async () => {
    const socket = slowResponse();
    const writer = new SseWriter(socket.res, { skippedLine: (lines) => `${lines} skipped` });
    const big = 'y'.repeat(SSE_BACKLOG_CHARS / 2 + 1);
    writer.send({ type: 'log', message: 'a' });
    await nextTurn();
    for (let i = 0; i < 3; i++) writer.send({ type: 'log', message: big });
    socket.drain();
    writer.send({ type: 'log', message: 'b' });
    await sleep(SSE_COALESCE_MS * 3);
    socket.accepting = false;
    writer.send({ type: 'log', message: 'c' });
    await sleep(SSE_COALESCE_MS * 3);
    for (let i = 0; i < 3; i++) writer.send({ type: 'log', message: big });
    writer.send({ type: 'result', message: 'done' });
    writer.end();
    socket.drain();
    const expected = ['a', '3 skipped', 'b', 'c', '3 skipped'].map((message) => encodeEvent({ type: 'log', message })).join('') + encodeEvent({ type: 'result', message: 'done' });
    assert.strictEqual(socket.writes.join(''), expected);
    assert.ok(socket.ended());
  });
});
