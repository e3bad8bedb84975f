import * as assert from 'assert';
import { NotteApiError } from '../../../src/api/errors';
import { BatchDriver, rateLimitWaitMs, runBatch } from '../../../src/shared/batchRunner';

// An in-memory server that refuses starts with 429 past a concurrency cap, like the real one.
function cappedServer(cap: number, refuseCreates = 0) {
  let active = 0;
  let peak = 0;
  let nextId = 0;
  let createRefusals = refuseCreates;
  const created: string[] = [];
  const started: string[] = [];
  const driver: BatchDriver = {
    async createRun() {
      if (createRefusals-- > 0) return { retryAfterMs: 1 };
      const id = `run_${nextId++}`;
      created.push(id);
      return { runId: id };
    },
    async startRun(_index, runId, variables) {
      if (active >= cap) return { status: 'error', retryAfterMs: 1, error: 'rate limited' };
      active++;
      peak = Math.max(peak, active);
      started.push(runId);
      await new Promise((r) => setTimeout(r, 2));
      active--;
      return variables.fail ? { status: 'failed', result: 'boom' } : { status: 'closed', result: variables.n };
    },
  };
  return { driver, created, started, peak: () => peak };
}

describe('batch runner', () => {
  it('gives every input exactly one run even when starts are refused', async () => {
    const server = cappedServer(2, 3);
    const sets = Array.from({ length: 12 }, (_, n) => ({ n }));
    const outcomes = await runBatch(sets, server.driver, { concurrency: 5, sleep: (ms) => new Promise((r) => setTimeout(r, ms)) });
    assert.strictEqual(server.created.length, 12, 'one run created per input');
    assert.deepStrictEqual([...server.started].sort(), [...server.created].sort(), 'each created run started once');
    assert.deepStrictEqual(
      outcomes.map((o) => o.result),
      sets.map((s) => s.n),
    );
    assert.ok(outcomes.every((o) => o.status === 'closed'));
    assert.ok(server.peak() <= 2);
  });

  it('never runs more at once than asked', async () => {
    const server = cappedServer(100);
    await runBatch(
      Array.from({ length: 20 }, (_, n) => ({ n })),
      server.driver,
      { concurrency: 3 },
    );
    assert.strictEqual(server.peak(), 3);
  });

  it('reports failures and progress', async () => {
    const server = cappedServer(10);
    const seen: string[] = [];
    const outcomes = await runBatch([{ n: 1 }, { fail: true }, { n: 3 }], server.driver, {
      concurrency: 1,
      onProgress: (p) => seen.push(`${p.done}/${p.failed}/${p.left}`),
    });
    assert.deepStrictEqual(
      outcomes.map((o) => o.status),
      ['closed', 'failed', 'closed'],
    );
    assert.deepStrictEqual(seen, ['0/0/3', '1/0/2', '1/1/1', '2/1/0']);
  });

  it('stops taking inputs once cancelled', async () => {
    const server = cappedServer(10);
    const controller = new AbortController();
    const outcomes = await runBatch(
      Array.from({ length: 10 }, (_, n) => ({ n })),
      server.driver,
      {
        concurrency: 1,
        signal: controller.signal,
        onProgress: (p) => {
          if (p.done === 2) controller.abort();
        },
      },
    );
    assert.strictEqual(outcomes.filter((o) => o.status === 'closed').length, 2);
    assert.strictEqual(outcomes.filter((o) => o.status === 'skipped').length, 8);
    assert.strictEqual(server.created.length, 2);
  });

  it("waits as the server's 429 asks (Retry-After, at least 250 ms, 1 s when it says nothing) and retries nothing else", () => {
    const limited = (retryAfterMs?: number) => new NotteApiError('rate_limited', 'rate limited', { status: 429, retryAfterMs });
    assert.strictEqual(rateLimitWaitMs(limited(2000)), 2000);
    assert.strictEqual(rateLimitWaitMs(limited(10)), 250);
    assert.strictEqual(rateLimitWaitMs(limited()), 1000);
    assert.strictEqual(rateLimitWaitMs(new NotteApiError('server', 'boom', { status: 500 })), undefined);
    assert.strictEqual(rateLimitWaitMs(new Error('network')), undefined);
  });
});
