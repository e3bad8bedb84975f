import * as assert from 'assert';
import { NotteClient } from '../../../src/api/client';
import { describeDiff } from '../../../src/contracts/jsonDiff';
import { runSets, TestOutcome } from '../../../src/contracts/setRunner';
import { SetTest, testTitle } from '../../../src/contracts/setTests';
import { closedPort, CONTRACTS_WORKSPACE } from '../cli/cliHelpers';
import { startTestServer, TestServer } from '../helpers/localServer';

function setTest(functionId: string, setName: string, variables: Record<string, unknown>, expect?: SetTest['expect']): SetTest {
  return { id: `${functionId}.json#${setName}`, functionId, functionLabel: functionId, setName, variables, expect };
}

/** "✓ title" or "✗ title: check, check" for each outcome. */
function summary(outcomes: TestOutcome[]): string[] {
  return outcomes.map((o) => `${o.verdict.passed ? '✓' : '✗'} ${testTitle(o.test)}${o.verdict.passed ? '' : `: ${o.verdict.failures.map((f) => f.check).join(', ')}`}`);
}

describe('contracts: the set runner against a real local server', function () {
  this.timeout(90_000);
  let server: TestServer;
  let client: NotteClient;

  before(async () => {
    server = await startTestServer({ functionsDir: CONTRACTS_WORKSPACE });
    client = new NotteClient({ baseUrl: server.url, apiKey: () => server.key });
  });
  after(async () => {
    await client?.close();
    await server?.close();
  });

  it('passes and fails sets by their contracts, in the order given, with status, duration, logs and violations', async () => {
    const tests = [
      setTest('prices', 'smoke', { shop: 'corner' }, { result: { type: 'object', required: ['items'] }, logs: { mustContain: ['found 2 items'] }, maxSeconds: 120 }),
      setTest('prices', 'closed shop', { shop: 'closed', empty: true }),
      setTest('prices', 'wants a rating', { shop: 'corner' }, { result: { type: 'object', required: ['rating'] } }),
      setTest('traceback_result', 'default', {}),
      setTest('slow', 'too slow', { seconds: 1 }, { maxSeconds: 0.2 }),
    ];
    const told: string[] = [];
    const outcomes = await runSets(client, tests, { concurrency: 3, onOutcome: (o) => told.push(o.test.id) });
    assert.deepStrictEqual(summary(outcomes), [
      '✓ prices / smoke',
      '✗ prices / closed shop: nonEmpty',
      '✗ prices / wants a rating: result',
      '✗ traceback_result / default: traceback',
      '✗ slow / too slow: maxSeconds',
    ]);
    assert.deepStrictEqual([...told].sort(), tests.map((t) => t.id).sort(), 'each outcome told once');
    const [smoke, , rating, traceback, slow] = outcomes;
    assert.strictEqual(smoke.status, 'closed');
    assert.ok(smoke.runId, 'the run id is kept');
    assert.deepStrictEqual(smoke.verdict.value, {
      shop: 'corner',
      items: [
        { name: 'tea', price: 3.5 },
        { name: 'cake', price: 4 },
      ],
    });
    assert.ok(smoke.logs.includes('Visiting corner') && smoke.logs.includes('found 2 items'), smoke.logs.join('\n'));
    assert.ok(smoke.durationMs! > 0 && smoke.durationMs! < 60_000);
    assert.deepStrictEqual(
      rating.verdict.failures[0].violations?.map((v) => v.path),
      ['$.rating'],
    );
    assert.match(traceback.verdict.failures[0].message, /Python traceback \(KeyError: 'missing'\)/);
    assert.match(slow.verdict.failures[0].message, /^it took \d+\.\d s, more than the 0\.2 s allowed$/);
    assert.ok(slow.durationMs! >= 1000, 'the time is the run, from its start to its result');
  });

  it('fails a set whose parameter was renamed before anything runs, naming the set and the parameter', async () => {
    const before = (await client.listRuns('prices', { only_active: false, page_size: 100 })).items.length;
    const [outcome] = await runSets(client, [setTest('prices', 'old name', { shop_name: 'corner' })], { concurrency: 1 });
    assert.strictEqual(outcome.status, 'not run');
    assert.strictEqual(
      outcome.verdict.failures[0].message,
      'set "old name" gives "shop_name", which run(...) of prices does not take (renamed or removed?), and does not give "shop", which it needs; its parameters: shop, empty, drop_price',
    );
    assert.strictEqual((await client.listRuns('prices', { only_active: false, page_size: 100 })).items.length, before, 'no run was made');
  });

  it("checks a set's values against run()'s types as Run Function does: a misfit is not run, a value as typed is converted", async () => {
    const before = (await client.listRuns('prices', { only_active: false, page_size: 100 })).items.length;
    const [misfit, typed] = await runSets(
      client,
      [setTest('prices', 'typo', { shop: 'corner', empty: 'nope' }), setTest('prices', 'as typed', { shop: 'corner', empty: 'false' })],
      {
        concurrency: 1,
      },
    );
    assert.strictEqual(misfit.status, 'not run');
    assert.match(misfit.verdict.failures[0].message, /^set "typo" does not fit run\(\.\.\.\) of prices: empty \(bool\): .*; got "nope"\.$/);
    // "false" for a bool is False, as typed into Run Function's box (sent as the text, Python would read it as true).
    assert.ok(typed.verdict.passed, JSON.stringify(typed.verdict));
    assert.strictEqual((typed.verdict.value as { items: unknown[] }).items.length, 2);
    assert.strictEqual((await client.listRuns('prices', { only_active: false, page_size: 100 })).items.length, before + 1, 'only the set that fits ran');
  });

  it('tells what changed since the last passing result when a set starts failing', async () => {
    const kept = new Map<string, unknown>();
    const lastPassing = { get: (id: string) => kept.get(id), set: (id: string, value: unknown) => kept.set(id, value) };
    const contract = { result: { type: 'object', properties: { items: { type: 'array', items: { type: 'object', required: ['price'] } } } } };
    const [first] = await runSets(client, [setTest('prices', 'smoke', { shop: 'corner' }, contract)], { concurrency: 1, lastPassing });
    assert.ok(first.verdict.passed);
    assert.deepStrictEqual(kept.get('prices.json#smoke'), first.verdict.value);
    // The site changed: the same set now gets items without a price.
    const [second] = await runSets(client, [setTest('prices', 'smoke', { shop: 'corner', drop_price: true }, contract)], { concurrency: 1, lastPassing });
    assert.ok(!second.verdict.passed);
    assert.deepStrictEqual(describeDiff(second.diff!), ['$.items[0].price: removed (was 3.5)', '$.items[1].price: removed (was 4)']);
    assert.deepStrictEqual(kept.get('prices.json#smoke'), first.verdict.value, 'a failure does not replace the last passing result');
  });

  it("waits out the server's 429 (its concurrency limit) as Run Batch does: every set passes with exactly one run", async () => {
    const capped = await startTestServer({ functionsDir: CONTRACTS_WORKSPACE, maxConcurrent: 1 });
    let refusals = 0;
    const cappedClient = new NotteClient({ baseUrl: capped.url, apiKey: () => capped.key, onRetry: (info) => (refusals += info.error.kind === 'rate_limited' ? 1 : 0) });
    try {
      const tests = Array.from({ length: 4 }, (_, i) => setTest('slow', `set ${i + 1}`, { seconds: 0.3 }));
      const outcomes = await runSets(cappedClient, tests, { concurrency: 4 });
      assert.deepStrictEqual(summary(outcomes), ['✓ slow / set 1', '✓ slow / set 2', '✓ slow / set 3', '✓ slow / set 4']);
      assert.ok(refusals > 0, 'the server refused starts (429) and they were waited out');
      const runs = (await cappedClient.listRuns('slow', { only_active: false, page_size: 100 })).items;
      assert.deepStrictEqual(runs.map((r) => r.status).sort(), ['closed', 'closed', 'closed', 'closed'], 'one run per set, no more');
      assert.strictEqual(new Set(outcomes.map((o) => o.runId)).size, 4);
    } finally {
      await cappedClient.close();
      await capped.close();
    }
  });

  it('gives each test the connection message once, not a stack, when the server cannot be reached', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const away = new NotteClient({ baseUrl: url, apiKey: () => 'key', retry: { baseDelayMs: 10, maxDelayMs: 20 } });
    try {
      const outcomes = await runSets(away, [setTest('prices', 'smoke', { shop: 'a' }), setTest('slow', 'fast', { seconds: 0 })], { concurrency: 2 });
      for (const outcome of outcomes) {
        assert.strictEqual(outcome.status, 'not run');
        assert.strictEqual(outcome.verdict.failures.length, 1);
        const { message } = outcome.verdict.failures[0];
        assert.match(
          message,
          new RegExp(`^Function ${outcome.test.functionId}: cannot reach 127\\.0\\.0\\.1:\\d+ \\(the connection was refused\\)\\. Check the API URL, your network or proxy\\.$`),
        );
      }
    } finally {
      await away.close();
    }
  });
});
