// Child process of the streaming rows: the API module reads one streamed start in a process of its
// own, as curl and the Python reader do, and times itself (process start-up excluded).
// usage: node apiReader.js BASE_URL KEY FUNCTION_ID VARIABLES_JSON [--latency] [--warmup] [--libraries-only]
// --libraries-only reads with the design card's libraries and nothing of ours (undici's request,
// eventsource-parser, JSON.parse): the floor the API module is built on.
// --warmup reads the stream once untimed first, so the timed read runs warm, as in a long-lived
// extension host. Prints {ms, logs, status, delays?}.
import { createParser } from 'eventsource-parser';
import { request } from 'undici';
import { NotteClient } from '../../src/api';

/** "tick <i> <monotonic_ns>" → the delay of that line in ms at arrival (process.hrtime is CLOCK_MONOTONIC too). */
function tickDelayMs(text: string, arrivalNs: bigint): number | undefined {
  const match = /tick \d+ (\d+)/.exec(text);
  if (!match) return undefined;
  return Number(arrivalNs - BigInt(match[1])) / 1e6;
}

async function read(baseUrl: string, key: string, functionId: string, variables: Record<string, unknown>, latency: boolean) {
  const client = new NotteClient({ baseUrl, apiKey: async () => key, origin: 'bench', userAgent: 'notte-functions-bench', sdkVersion: '0.0.0', requestTimeoutMs: 300_000 });
  let logs = 0;
  const delays: number[] = [];
  const started = performance.now();
  const result = await client.startRun(functionId, variables, {
    stream: true,
    runTimeoutMs: 300_000,
    handlers: {
      onLog: latency
        ? (line) => {
            const arrival = process.hrtime.bigint();
            logs++;
            const delay = tickDelayMs(line.text, arrival);
            if (delay !== undefined) delays.push(delay);
          }
        : () => {
            logs++;
          },
    },
  });
  const ms = performance.now() - started;
  await client.close();
  return { ms, logs, status: result.status, delays: latency ? delays : undefined };
}

/** The same single start request, read with undici + eventsource-parser + JSON.parse only, counting log events. */
async function readWithLibrariesOnly(baseUrl: string, key: string, functionId: string, variables: Record<string, unknown>) {
  const started = performance.now();
  const response = await request(`${baseUrl}/functions/${encodeURIComponent(functionId)}/runs/start`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ function_id: functionId, variables, stream: true }),
  });
  let logs = 0;
  let status = 'no result';
  const parser = createParser({
    onEvent(event) {
      const parsed = JSON.parse(event.data) as { type: string; message: string };
      if (parsed.type === 'log') logs++;
      else if (parsed.type === 'result') status = (JSON.parse(parsed.message) as { status: string }).status;
    },
  });
  const decoder = new TextDecoder();
  for await (const chunk of response.body) parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
  return { ms: performance.now() - started, logs, status };
}

async function main(): Promise<void> {
  const [baseUrl, key, functionId, variablesJson] = process.argv.slice(2);
  const variables = JSON.parse(variablesJson ?? '{}') as Record<string, unknown>;
  const latency = process.argv.includes('--latency');
  if (process.argv.includes('--libraries-only')) {
    if (process.argv.includes('--warmup')) await readWithLibrariesOnly(baseUrl, key, functionId, variables);
    process.stdout.write(`${JSON.stringify(await readWithLibrariesOnly(baseUrl, key, functionId, variables))}\n`);
    return;
  }
  if (process.argv.includes('--warmup')) await read(baseUrl, key, functionId, variables, latency);
  process.stdout.write(`${JSON.stringify(await read(baseUrl, key, functionId, variables, latency))}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : error}\n`);
    process.exit(1);
  },
);
