// Local server row: 50 runs of a function that does nothing, started at once through the API module,
// against 50 bare `python3 -c pass` started at once; and one run alone against one bare start.
// The difference is what the server adds per run (HTTP, harness, bookkeeping).
import * as path from 'path';
import { NotteClient } from '../../src/api';
import { benchFunctions, benchPython, run, startLocalServerProcess } from './processes';
import { fmt, fmtRatio, fmtSummary, pairedRatio, summarize } from './stats';
import type { BenchContext, Section } from './types';

const CONCURRENT = 50;

export async function concurrencySection(ctx: BenchContext): Promise<Section> {
  const key = 'bench-concurrency';
  const server = await startLocalServerProcess(ctx.root, {
    functionsDir: benchFunctions(ctx),
    dataDir: path.join(ctx.tmp, 'concurrency-data'),
    key,
    maxConcurrent: CONCURRENT,
  });
  try {
    const newClient = () =>
      new NotteClient({ baseUrl: server.url, apiKey: async () => key, origin: 'bench', userAgent: 'notte-functions-bench', sdkVersion: '0.0.0', requestTimeoutMs: 120_000 });
    const shared = newClient();
    const runWith = async (client: NotteClient): Promise<number> => {
      const started = performance.now();
      const result = await client.runFunction('noop', {}, { stream: true, runTimeoutMs: 120_000, handlers: {} });
      if (result.status !== 'closed') throw new Error(`noop ended ${result.status}: ${result.result}`);
      return performance.now() - started;
    };
    // One client per run: the server's own cost, not capped by one client's connection pool.
    const viaApi = async (): Promise<number> => {
      const client = newClient();
      try {
        return await runWith(client);
      } finally {
        await client.close();
      }
    };
    // One client for all, as the extension's batch runs them.
    const viaShared = (): Promise<number> => runWith(shared);
    const bare = async (): Promise<number> => {
      const out = await run(benchPython(), ['-c', 'pass']);
      if (out.code !== 0) throw new Error(`python3 -c pass: exit ${out.code}`);
      return out.ms;
    };
    const batch = async (one: () => Promise<number>): Promise<{ wall: number; each: number[] }> => {
      const started = performance.now();
      const each = await Promise.all(Array.from({ length: CONCURRENT }, () => one()));
      return { wall: performance.now() - started, each };
    };
    await viaApi();
    await viaShared();
    await bare();
    const wallApi: number[] = [];
    const wallShared: number[] = [];
    const wallBare: number[] = [];
    const singleApi: number[] = [];
    const singleBare: number[] = [];
    const kinds = ['api', 'shared', 'bare'] as const;
    for (let rep = 0; rep < ctx.reps; rep++) {
      for (let i = 0; i < kinds.length; i++) {
        const which = kinds[(i + rep) % kinds.length];
        if (which === 'api') {
          wallApi.push((await batch(viaApi)).wall);
          singleApi.push(await viaApi());
        } else if (which === 'shared') {
          wallShared.push((await batch(viaShared)).wall);
        } else {
          wallBare.push((await batch(bare)).wall);
          singleBare.push(await bare());
        }
      }
      ctx.log(
        `concurrency rep ${rep + 1}/${ctx.reps}: ${CONCURRENT} via API ${fmt(wallApi[rep])} ms (one client ${fmt(wallShared[rep])} ms), ${CONCURRENT} bare ${fmt(wallBare[rep])} ms; one via API ${fmt(singleApi[rep])} ms, one bare ${fmt(singleBare[rep])} ms`,
      );
    }
    await shared.close();
    const overheadPerRun = wallApi.map((w, i) => (w - wallBare[i]) / CONCURRENT);
    const overheadSingle = singleApi.map((w, i) => w - singleBare[i]);
    return {
      title: `Local server: ${CONCURRENT} concurrent runs against bare \`python3 -c pass\` starts`,
      rows: [
        {
          measure: `${CONCURRENT} runs of noop.py started at once through the API module (runFunction: create + streamed start, to the result; a client per run) vs ${CONCURRENT} \`python3 -c pass\` at once: wall time`,
          ours: fmtSummary(summarize(wallApi), 'ms'),
          alternative: fmtSummary(summarize(wallBare), 'ms'),
          ratio: fmtRatio(pairedRatio(wallApi, wallBare)),
          target: 'at most 1.2×',
          met: pairedRatio(wallApi, wallBare).median <= 1.2 ? 'yes' : 'no',
        },
        {
          measure: `The same ${CONCURRENT} runs through one shared client (as the extension's batch) vs ${CONCURRENT} bare starts`,
          ours: fmtSummary(summarize(wallShared), 'ms'),
          alternative: fmtSummary(summarize(wallBare), 'ms'),
          ratio: fmtRatio(pairedRatio(wallShared, wallBare)),
          met: '—',
        },
        { measure: `Server overhead per run under that load: (wall via API − wall bare) ÷ ${CONCURRENT}`, ours: fmtSummary(summarize(overheadPerRun), 'ms'), met: '—' },
        {
          measure: 'One run alone through the API module vs one bare `python3 -c pass`',
          ours: fmtSummary(summarize(singleApi), 'ms'),
          alternative: fmtSummary(summarize(singleBare), 'ms'),
          ratio: fmtRatio(pairedRatio(singleApi, singleBare)),
          met: '—',
        },
        { measure: 'Server overhead of one run alone (run − bare start)', ours: fmtSummary(summarize(overheadSingle), 'ms'), met: '—' },
      ],
      notes: [
        ...(summarize(overheadPerRun).min < 0 || summarize(overheadSingle).min < 0
          ? [
              `Some differences came out negative: at this scale the server's own cost per run is smaller than the spread of bare Python starts on this machine (bare: ${fmtSummary(summarize(wallBare), 'ms')} for ${CONCURRENT}, ${fmtSummary(summarize(singleBare), 'ms')} for one), so it is within the noise.`,
            ]
          : []),
        `The server ran with \`--max-concurrent ${CONCURRENT}\`; every run is a \`python3 -u\` process running the server's harness, which imports the function file, calls \`run()\` and writes a result file (it imports asyncio, inspect and traceback only when a function returns an awaitable or fails: they cost a start more than Python's own start-up). A bare start is timed from spawn to exit by the bench (Node), like the runs; both are starts of ${benchPython()} (what \`python3\` stands for here, resolved once so that a version manager's shim is not what is timed). Machine: ${require('os').cpus().length} cores, so ${CONCURRENT} Python starts queue on the CPU either way.`,
      ],
    };
  } finally {
    await server.stop();
  }
}
