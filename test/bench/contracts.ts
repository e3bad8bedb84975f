// Saved sets as tests: 50 sets run by the contracts' set runner (src/contracts/setRunner.ts: the
// function's parameters checked first, each run's log lines kept, its contract checked) against Run
// Batch's way of running the same 50 inputs (shared/batchRunner.ts driving the same API client:
// create, then a streamed start), on the same local server, interleaved in the same repetitions.
import * as path from 'path';
import { NotteClient } from '../../src/api';
import { runSets } from '../../src/contracts/setRunner';
import type { SetTest } from '../../src/contracts/setTests';
import { rateLimitWaitMs, runBatch } from '../../src/shared/batchRunner';
import { benchFunctions, startLocalServerProcess } from './processes';
import { fmt, fmtRatio, fmtSummary, pairedRatio, summarize } from './stats';
import type { BenchContext, Section } from './types';

const SETS = 50;
/** Run Batch's default concurrency, and the server's (the Free plan's 10 concurrent runs). */
const CONCURRENCY = 10;

const CONTRACT = {
  result: { type: 'object', required: ['n', 'items'], properties: { items: { type: 'array', minItems: 1, items: { type: 'object', required: ['name', 'price'] } } } },
  maxSeconds: 60,
  logs: { mustContain: ['found item'], mustNotContain: ['ERROR'] },
};

export async function contractsSection(ctx: BenchContext): Promise<Section> {
  const key = 'bench-contracts';
  const server = await startLocalServerProcess(ctx.root, { functionsDir: benchFunctions(ctx), dataDir: path.join(ctx.tmp, 'contracts-data'), key, maxConcurrent: CONCURRENCY });
  const client = new NotteClient({ baseUrl: server.url, apiKey: async () => key, origin: 'bench', userAgent: 'notte-functions-bench', requestTimeoutMs: 120_000 });
  try {
    const inputs = Array.from({ length: SETS }, (_, n) => ({ n }));
    // Each set its own copy of the contract, as parsed from a file.
    const tests: SetTest[] = inputs.map((variables, n) => ({
      id: `shop.json#set ${n}`,
      functionId: 'shop',
      functionLabel: 'shop',
      setName: `set ${n}`,
      variables,
      expect: structuredClone(CONTRACT),
    }));

    const viaRunner = async (): Promise<number> => {
      const started = performance.now();
      const outcomes = await runSets(client, tests, { concurrency: CONCURRENCY });
      const failed = outcomes.filter((o) => !o.verdict.passed);
      if (failed.length) throw new Error(`${failed.length} sets failed: ${failed[0].verdict.failures.map((f) => f.message).join('; ')}`);
      return performance.now() - started;
    };
    // Run Batch's driver (src/features/runs/batch.ts) without the editor: create, then a streamed start.
    const viaBatch = async (): Promise<number> => {
      const started = performance.now();
      const outcomes = await runBatch(
        inputs,
        {
          createRun: async (_i, _v, signal) => {
            try {
              return { runId: (await client.createRun('shop', { local: false }, { signal })).function_run_id };
            } catch (error) {
              return { retryAfterMs: rateLimitWaitMs(error), error: String(error) };
            }
          },
          startRun: async (_i, runId, variables, signal) => {
            try {
              const result = await client.startCreatedRun('shop', runId, variables, { signal, handlers: { onLog: () => undefined } });
              return { status: result.status, result: result.result };
            } catch (error) {
              return { status: 'error', retryAfterMs: rateLimitWaitMs(error), error: String(error) };
            }
          },
        },
        { concurrency: CONCURRENCY },
      );
      const failed = outcomes.filter((o) => o.status !== 'closed');
      if (failed.length) throw new Error(`${failed.length} batch runs did not close: ${failed[0].error}`);
      return performance.now() - started;
    };

    await viaRunner();
    await viaBatch();
    const runner: number[] = [];
    const batch: number[] = [];
    for (let rep = 0; rep < ctx.reps; rep++) {
      // Alternate which goes first, so that a slow moment of the machine hits both alike.
      if (rep % 2 === 0) {
        runner.push(await viaRunner());
        batch.push(await viaBatch());
      } else {
        batch.push(await viaBatch());
        runner.push(await viaRunner());
      }
      ctx.log(`contracts rep ${rep + 1}/${ctx.reps}: ${SETS} sets via the runner ${fmt(runner[rep])} ms, Run Batch ${fmt(batch[rep])} ms`);
    }
    const ratio = pairedRatio(runner, batch);
    return {
      title: `Saved sets as tests: ${SETS} sets on the local server`,
      rows: [
        {
          measure: `${SETS} sets run on the local server by the set runner (parameters checked, logs kept, each contract checked: a JSON Schema, log texts, maxSeconds) vs Run Batch of the same ${SETS} inputs (shared/batchRunner.ts, same client and server), ${CONCURRENCY} at a time: wall time`,
          ours: fmtSummary(summarize(runner), 'ms'),
          alternative: fmtSummary(summarize(batch), 'ms'),
          ratio: fmtRatio(ratio),
          target: '≤ 1.1× (issue 26)',
          met: ratio.median <= 1.1 ? 'yes' : 'no',
        },
      ],
      notes: [
        `Both schedule with shared/batchRunner.ts (one run per input, 429 waits) over one API client against one local server (\`--max-concurrent ${CONCURRENCY}\`), running test/bench/functions/shop.py (one log line, a small object); every run closed and every contract passed in every repetition. The runner adds one GET /functions/{id} per function (one here), each set's JSON Schema compiled (once per distinct schema) and checked per run, and the log lines kept per run; Run Batch's driver here streams each run and drops its lines (the editor's own writes them to the Output channel). One uncounted run of each first.`,
      ],
    };
  } finally {
    await client.close();
    await server.stop();
  }
}
