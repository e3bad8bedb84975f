// Child process of the memory row (run with --expose-gc): reads one long stream through the API
// module and reports its heap. usage: node --expose-gc memoryProbe.js BASE_URL KEY FUNCTION_ID EXPECTED
import { NotteClient } from '../../src/api';

async function main(): Promise<void> {
  const [baseUrl, key, functionId, expectedText] = process.argv.slice(2);
  const expected = Number(expectedText);
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const client = new NotteClient({ baseUrl, apiKey: async () => key, origin: 'bench', userAgent: 'notte-functions-bench', sdkVersion: '0.0.0', requestTimeoutMs: 600_000 });
  gc();
  const baseline = process.memoryUsage();
  let peakHeap = baseline.heapUsed;
  let peakRss = baseline.rss;
  const sampler = setInterval(() => {
    const now = process.memoryUsage();
    peakHeap = Math.max(peakHeap, now.heapUsed);
    peakRss = Math.max(peakRss, now.rss);
  }, 20);
  let logs = 0;
  let bytes = 0;
  const started = performance.now();
  const result = await client.startRun(
    functionId,
    {},
    {
      stream: true,
      runTimeoutMs: 600_000,
      handlers: {
        onLog: (line: { text: string }) => {
          logs++;
          bytes += line.text.length;
        },
      },
    },
  );
  const ms = performance.now() - started;
  clearInterval(sampler);
  gc();
  const after = process.memoryUsage();
  if (logs !== expected) throw new Error(`saw ${logs} log events, not ${expected}`);
  process.stdout.write(
    `${JSON.stringify({ logs, bytes, ms, status: result.status, baselineHeap: baseline.heapUsed, peakHeap, afterHeap: after.heapUsed, peakRss, baselineRss: baseline.rss })}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
    process.exit(1);
  },
);
