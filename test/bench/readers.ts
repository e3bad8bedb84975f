// The readers compared in the streaming rows. Each answers the time from sending the start request
// to the end of the stream, measured by the reader itself (process start-up excluded), and how many
// log events it saw.
import * as path from 'path';
import { benchPython, run } from './processes';

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

/**
 * The extension's API module: `NotteClient.startRun` with streaming on (the same single request as curl
 * and the Python reader), counting onLog callbacks, in a Node process of its own (apiReader.ts).
 * `warm`: the process reads the stream once untimed first (a long-lived extension host is warm).
 */
export async function readWithApi(
  target: Target,
  variables: Record<string, unknown> = {},
  options: { latency?: boolean; warm?: boolean; librariesOnly?: boolean } = {},
): Promise<ReadOutcome> {
  const args = [path.join(__dirname, 'apiReader.js'), target.baseUrl, target.key, target.functionId, JSON.stringify(variables)];
  if (options.latency) args.push('--latency');
  if (options.warm) args.push('--warmup');
  if (options.librariesOnly) args.push('--libraries-only');
  const out = await run(process.execPath, args);
  if (out.code !== 0) throw new Error(`API reader: exit ${out.code}: ${out.stderr.slice(-500)}`);
  const parsed = JSON.parse(out.stdout.trim().split('\n').pop()!) as { ms: number; logs: number; status: string; delays?: number[] };
  if (parsed.status !== 'closed') throw new Error(`the ${options.librariesOnly ? 'libraries-only' : "API module's"} run ended ${parsed.status}`);
  return { ms: parsed.ms, logs: parsed.logs, delays: parsed.delays };
}

/** The floor in Node with the design card's libraries: undici + eventsource-parser + JSON.parse, nothing of ours. */
export function readWithLibrariesOnly(target: Target, variables: Record<string, unknown> = {}): Promise<ReadOutcome> {
  return readWithApi(target, variables, { warm: true, librariesOnly: true });
}

/** `curl -N` to /dev/null: bytes only, the floor. Timed by curl itself (time_total). */
export async function readWithCurl(target: Target, variables: Record<string, unknown> = {}): Promise<ReadOutcome> {
  const body = JSON.stringify({ function_id: target.functionId, variables, stream: true });
  const out = await run('curl', [
    '-sS',
    '-N',
    '-o',
    '/dev/null',
    '-w',
    '%{time_total} %{size_download} %{http_code}',
    '-H',
    `Authorization: Bearer ${target.key}`,
    '-H',
    `x-notte-api-key: ${target.key}`,
    '-H',
    'Content-Type: application/json',
    '--data-binary',
    body,
    startUrl(target),
  ]);
  const [seconds, bytes, status] = out.stdout.trim().split(' ');
  if (out.code !== 0 || status !== '200') throw new Error(`curl: exit ${out.code}, HTTP ${status}: ${out.stderr}`);
  if (!(Number(bytes) > 0)) throw new Error('curl read no bytes');
  // curl counts bytes, not events.
  return { ms: Number(seconds) * 1000, logs: NaN };
}

/** The official SDK's way: Python requests, stream=True, iter_lines(), json.loads. */
export async function readWithPython(target: Target, variables: Record<string, unknown> = {}, options: { latency?: boolean; warm?: boolean } = {}): Promise<ReadOutcome> {
  const script = path.join(__dirname, '..', '..', 'test', 'bench', 'sse_reader.py');
  const args = [script, startUrl(target), target.key, target.functionId, JSON.stringify(variables)];
  if (options.latency) args.push('--latency');
  if (options.warm) args.push('--warmup');
  const out = await run(benchPython(), args);
  if (out.code !== 0) throw new Error(`python reader: exit ${out.code}: ${out.stderr.slice(-500)}`);
  const parsed = JSON.parse(out.stdout.trim().split('\n').pop()!) as { ms: number; logs: number; status: string; delays?: number[] };
  if (parsed.status !== 'closed') throw new Error(`python reader: run ended ${parsed.status}`);
  return { ms: parsed.ms, logs: parsed.logs, delays: parsed.delays };
}
