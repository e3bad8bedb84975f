// Memory of the API module while it reads long streams: a fresh Node process reads 100,000 and then
// 1,000,000 events (the recorded body replayed 1× and 10×) and reports its peak and final heap.
// The bound must not grow with the line count. The extension host's heap is measured in the VS Code rows.
import * as path from 'path';
import { run, spawnJsonReady } from './processes';
import { STREAM_LINES, synthesiseBody } from './streaming';
import { fmt, fmtRatio, fmtSummary, pairedRatio, summarize } from './stats';
import type { BenchContext, Section } from './types';

interface Probe {
  logs: number;
  ms: number;
  baselineHeap: number;
  peakHeap: number;
  afterHeap: number;
  peakRss: number;
  baselineRss: number;
}

const MB = 1024 * 1024;

export async function memorySection(ctx: BenchContext): Promise<Section> {
  const body = path.join(ctx.tmp, 'memory-100k.sse');
  synthesiseBody(body);
  const replays = {
    small: await spawnJsonReady<{ port: number }>(path.join(__dirname, 'replayServer.js'), [body, '1']),
    large: await spawnJsonReady<{ port: number }>(path.join(__dirname, 'replayServer.js'), [body, '10']),
  };
  try {
    const probe = async (which: 'small' | 'large'): Promise<Probe> => {
      const count = which === 'small' ? STREAM_LINES : STREAM_LINES * 10;
      const out = await run(process.execPath, ['--expose-gc', path.join(__dirname, 'memoryProbe.js'), `http://127.0.0.1:${replays[which].port}`, 'k', 'lines', String(count)], {
        timeoutMs: 600_000,
      });
      if (out.code !== 0) throw new Error(`memory probe: ${out.stderr.slice(-400)}`);
      return JSON.parse(out.stdout.trim()) as Probe;
    };
    const small: Probe[] = [];
    const large: Probe[] = [];
    const reps = Math.max(3, Math.min(ctx.reps, 5));
    for (let rep = 0; rep < reps; rep++) {
      for (const which of rep % 2 === 0 ? (['small', 'large'] as const) : (['large', 'small'] as const)) {
        (which === 'small' ? small : large).push(await probe(which));
      }
      ctx.log(`memory rep ${rep + 1}/${reps}: peak heap 100k ${fmt(small[rep].peakHeap / MB)} MB, 1M ${fmt(large[rep].peakHeap / MB)} MB`);
    }
    const peak = (p: Probe[]) => p.map((x) => (x.peakHeap - x.baselineHeap) / MB);
    const rss = (p: Probe[]) => p.map((x) => (x.peakRss - x.baselineRss) / MB);
    const after = (p: Probe[]) => p.map((x) => (x.afterHeap - x.baselineHeap) / MB);
    const grows = summarize(peak(large)).median > 2 * summarize(peak(small)).median + 5;
    return {
      title: 'Memory of the API module reading long streams (a fresh Node process per read)',
      rows: [
        {
          measure: 'Peak heap growth while reading 1,000,000 events vs 100,000',
          ours: fmtSummary(summarize(peak(large)), 'MB'),
          alternative: fmtSummary(summarize(peak(small)), 'MB'),
          ratio: fmtRatio(pairedRatio(peak(large), peak(small))),
          target: 'bounded, not growing with the line count',
          met: grows ? 'no' : 'yes',
        },
        {
          measure: 'Peak RSS growth, 1,000,000 events vs 100,000',
          ours: fmtSummary(summarize(rss(large)), 'MB'),
          alternative: fmtSummary(summarize(rss(small)), 'MB'),
          ratio: fmtRatio(pairedRatio(rss(large), rss(small))),
          met: '—',
        },
        {
          measure: 'Heap left after the read and a GC, 1,000,000 events vs 100,000',
          ours: fmtSummary(summarize(after(large)), 'MB'),
          alternative: fmtSummary(summarize(after(small)), 'MB'),
          met: '—',
        },
      ],
      notes: [
        `Heap sampled every 20 ms (\`process.memoryUsage().heapUsed\`) minus the heap before the read; ${reps} repetitions. The 1,000,000-event stream is the 100,000-event body's log events sent 10 times over from memory.`,
      ],
    };
  } finally {
    await replays.small.stop();
    await replays.large.stop();
  }
}
