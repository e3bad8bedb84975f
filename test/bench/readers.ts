// The readers compared in the streaming rows. Each answers the time from sending the start request
// to the end of the stream, measured by the reader itself (process start-up excluded), and how many
// log events it saw.
import * as path from 'path';
import { NotteClient } from '../../src/api';
import { wallNs } from './clock';
import { run } from './processes';

export interface ReadOutcome {
  ms: number;
  logs: number;
  /** Per-line delays in ms (latency mode only). */
  delays?: number[];
}

export interface Target {
  baseUrl: string;
  key: string;
  functionId: string;
}

function startUrl(target: Target): string {
  return `${target.baseUrl}/functions/${encodeURIComponent(target.functionId)}/runs/start`;
}

function client(target: Target): NotteClient {
  return new NotteClient({
    baseUrl: target.baseUrl,
    apiKey: async () => target.key,
    origin: 'bench',
    userAgent: 'notte-functions-bench',
    sdkVersion: '0.0.0',
    requestTimeoutMs: 300_000,
  });
}

/** "tick <i> <time_ns>" → the delay of that line in ms at arrival. */
function tickDelayMs(text: string, arrivalNs: bigint): number | undefined {
  const match = /tick \d+ (\d+)/.exec(text);
  if (!match) return undefined;
  return Number(arrivalNs - BigInt(match[1])) / 1e6;
}

/** The extension's API module: NotteClient.runFunction with streaming on, counting onLog callbacks. */
export async function readWithApi(target: Target, variables: Record<string, unknown> = {}, latency = false): Promise<ReadOutcome> {
  const api = client(target);
  let logs = 0;
  const delays: number[] = [];
  const started = performance.now();
  const result = await api.runFunction(target.functionId, variables, {
    stream: true,
    runTimeoutMs: 300_000,
    handlers: {
      onLog: latency
        ? (line: { text: string }) => {
            const arrival = wallNs();
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
  if (result.status !== 'closed') throw new Error(`the API module's run ended ${result.status}: ${String(result.result).slice(0, 200)}`);
  return { ms, logs, delays: latency ? delays : undefined };
}

/** `curl -N` to /dev/null: bytes only, the floor. Timed by curl itself (time_total). */
export async function readWithCurl(target: Target, variables: Record<string, unknown> = {}): Promise<ReadOutcome> {
  const body = JSON.stringify({ function_id: target.functionId, variables, stream: true });
  const out = await run('curl', [
    '-sS', '-N', '-o', '/dev/null', '-w', '%{time_total} %{size_download} %{http_code}',
    '-H', `Authorization: Bearer ${target.key}`, '-H', `x-notte-api-key: ${target.key}`, '-H', 'Content-Type: application/json',
    '--data-binary', body, startUrl(target),
  ]);
  const [seconds, bytes, status] = out.stdout.trim().split(' ');
  if (out.code !== 0 || status !== '200') throw new Error(`curl: exit ${out.code}, HTTP ${status}: ${out.stderr}`);
  if (!(Number(bytes) > 0)) throw new Error('curl read no bytes');
  // curl counts bytes, not events.
  return { ms: Number(seconds) * 1000, logs: NaN };
}

/** The official SDK's way: Python requests, stream=True, iter_lines(), json.loads. */
export async function readWithPython(target: Target, variables: Record<string, unknown> = {}, latency = false): Promise<ReadOutcome> {
  const script = path.join(__dirname, '..', '..', 'test', 'bench', 'sse_reader.py');
  const args = [script, startUrl(target), target.key, target.functionId, JSON.stringify(variables)];
  if (latency) args.push('--latency');
  const out = await run('python3', args);
  if (out.code !== 0) throw new Error(`python reader: exit ${out.code}: ${out.stderr.slice(-500)}`);
  const parsed = JSON.parse(out.stdout.trim().split('\n').pop()!) as { ms: number; logs: number; status: string; delays?: number[] };
  if (parsed.status !== 'closed') throw new Error(`python reader: run ended ${parsed.status}`);
  return { ms: parsed.ms, logs: parsed.logs, delays: parsed.delays };
}
