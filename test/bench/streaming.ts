// Streaming rows: a 100,000-event stream replayed from memory (the reader is measured), the same
// through the local server running a function that prints 100,000 lines (the producer is part of
// it), and each line's delay from its write to the API module's callback.
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { formatLogLine } from '../../src/python/logFormat';
import { parseRow } from './parse';
import { readWithApi, readWithCurl, readWithLibrariesOnly, readWithPython, ReadOutcome, Target } from './readers';
import { benchFunctions, benchPython, LocalServerInfo, run, spawnJsonReady, startLocalServerProcess } from './processes';
import { profileNote, profileServerStreaming } from './serverProfile';
import { fmt, fmtRatio, fmtSummary, pairedRatio, quantile, summarize } from './stats';
import type { BenchContext, Row, Section } from './types';

export const STREAM_LINES = 100_000;
const TICKS = 2000;
const TICK_INTERVAL_MS = 2;

type ReaderName = 'api' | 'curl' | 'python' | 'libraries' | 'producer';
type Reader = (target: Target) => Promise<ReadOutcome>;

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Runs every reader once per repetition, in a rotating order, so the alternatives share the machine's moments. */
async function interleaved(
  ctx: BenchContext,
  label: string,
  readers: Partial<Record<ReaderName, Reader>>,
  target: Target,
  expectLogs: number,
): Promise<Record<ReaderName, number[]>> {
  const names = Object.keys(readers) as ReaderName[];
  const times = Object.fromEntries(names.map((n) => [n, [] as number[]])) as Record<ReaderName, number[]>;
  for (const name of names) await readers[name]!(target); // warm-up, not counted
  for (let rep = 0; rep < ctx.reps; rep++) {
    const order = names.map((_, i) => names[(i + rep) % names.length]);
    for (const name of order) {
      gc();
      const outcome = await readers[name]!(target);
      if (name !== 'curl' && name !== 'producer' && outcome.logs !== expectLogs) throw new Error(`${label}: ${name} saw ${outcome.logs} log events, not ${expectLogs}`);
      times[name].push(outcome.ms);
    }
    ctx.log(`${label} rep ${rep + 1}/${ctx.reps}: ${names.map((n) => `${n} ${fmt(times[n][rep])} ms`).join(', ')}`);
  }
  return times;
}

function throughputNote(ms: number[]): string {
  return `${fmt((STREAM_LINES / summarize(ms).median) * 1000)} events/s`;
}

function readerRows(what: string, times: Record<ReaderName, number[]>, targets: boolean): Row[] {
  const api = summarize(times.api);
  const vsCurl = pairedRatio(times.api, times.curl);
  const vsPython = pairedRatio(times.api, times.python);
  return [
    {
      measure: `${what}: API module (startRun, onLog) vs \`curl -N\` to /dev/null (bytes only, the floor)`,
      ours: `${fmtSummary(api, 'ms')}; ${throughputNote(times.api)}`,
      alternative: fmtSummary(summarize(times.curl), 'ms'),
      ratio: fmtRatio(vsCurl),
      target: targets ? 'under 5× curl' : undefined,
      met: targets ? (vsCurl.median < 5 ? 'yes' : 'no') : '—',
    },
    {
      measure: `${what}: API module vs Python \`requests\` iter_lines + json.loads (the SDK's way)`,
      ours: fmtSummary(api, 'ms'),
      alternative: fmtSummary(summarize(times.python), 'ms'),
      ratio: fmtRatio(vsPython),
      target: targets ? 'at least 5× faster (≤ 0.2×)' : undefined,
      met: targets ? (vsPython.median <= 0.2 ? 'yes' : 'no') : '—',
    },
  ];
}

/**
 * What the design card's libraries cost by themselves (undici's request, eventsource-parser, JSON.parse, in
 * the same warm Node process shape), so the gap to curl and to Python is split into the floor those
 * libraries set and what the API module adds on top of it.
 */
function librariesFloorRows(times: Record<ReaderName, number[]>): { rows: Row[]; note: string } {
  const libraries = summarize(times.libraries);
  const apiOverLibraries = pairedRatio(times.api, times.libraries);
  const librariesOverCurl = pairedRatio(times.libraries, times.curl);
  const librariesOverPython = pairedRatio(times.libraries, times.python);
  const rows: Row[] = [
    {
      measure:
        "From memory: API module vs the design card's libraries alone (undici `request` + eventsource-parser + JSON.parse, counting events; no line decoding, no bookkeeping for the fallback)",
      ours: fmtSummary(summarize(times.api), 'ms'),
      alternative: fmtSummary(libraries, 'ms'),
      ratio: fmtRatio(apiOverLibraries),
      met: '—',
    },
    {
      measure: 'From memory: the libraries alone vs `curl -N` / vs Python `requests` (the floor any reader built on them starts from)',
      ours: fmtSummary(libraries, 'ms'),
      alternative: `curl ${fmt(summarize(times.curl).median)} ms / Python ${fmt(summarize(times.python).median)} ms`,
      ratio: `${fmtRatio(librariesOverCurl)} / ${fmtRatio(librariesOverPython)}`,
      met: '—',
    },
  ];
  const note =
    `The libraries alone read the stream in ${fmt(libraries.median)} ms, ${fmt(librariesOverCurl.median)}× curl and ${fmt(librariesOverPython.median)}× the Python reader's time, ` +
    `so a reader built on them cannot be under ${fmt(librariesOverCurl.median)}× curl nor faster than ${fmt(1 / librariesOverPython.median)}× Python; ` +
    `the API module adds ${fmt((apiOverLibraries.median - 1) * 100)}% on top (decoding each line into text, time, level and location, and counting what was delivered so a broken stream resumes without loss or repeats).`;
  return { rows, note };
}

/** A 100,000-event body in the local server's shape, made with the server's own log-line formatter. */
export function synthesiseBody(file: string): void {
  const parts: string[] = [];
  const now = new Date();
  for (let i = 0; i < STREAM_LINES; i++) {
    const message = formatLogLine('INFO', 'lines:run', `step ${i} of ${STREAM_LINES}: visited https://example.com/items/${i} and read its title`, now);
    parts.push(`data: ${JSON.stringify({ type: 'log', message })}\n\n`);
  }
  const result = { function_id: 'lines', workflow_id: 'lines', function_run_id: 'replay', workflow_run_id: 'replay', session_id: null, result: 'printed', status: 'closed' };
  parts.push(`data: ${JSON.stringify({ type: 'result', message: JSON.stringify(result) })}\n\n`);
  fs.writeFileSync(file, parts.join(''));
}

/** The body of a raw HTTP/1.1 response (chunked or not). */
export function decodeHttpBody(raw: Buffer): { head: string; body: Buffer } {
  const headEnd = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, headEnd).toString('latin1');
  let rest = raw.subarray(headEnd + 4);
  if (!/\r\ntransfer-encoding:\s*chunked/i.test(head)) return { head, body: rest };
  const parts: Buffer[] = [];
  for (;;) {
    const lineEnd = rest.indexOf('\r\n');
    const size = parseInt(rest.subarray(0, lineEnd).toString('latin1'), 16);
    if (!(size > 0)) break;
    parts.push(rest.subarray(lineEnd + 2, lineEnd + 2 + size));
    rest = rest.subarray(lineEnd + 2 + size + 2);
  }
  return { head, body: Buffer.concat(parts) };
}

/** The exact bytes of one streamed start of lines.py (status line, headers, chunked body), read from a raw socket. */
function recordRaw(server: LocalServerInfo, count: number): Promise<Buffer> {
  const url = new URL(server.url);
  const body = JSON.stringify({ function_id: 'lines', variables: { count }, stream: true });
  const request =
    `POST /functions/lines/runs/start HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer ${server.key}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`;
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(Number(url.port), url.hostname, () => socket.write(request));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', () => resolve(Buffer.concat(chunks)));
    socket.on('error', reject);
  });
}

/** One 100,000-line run recorded from the local server (its raw bytes), or a body synthesised in its shape. */
async function recordStream(ctx: BenchContext, server: LocalServerInfo, notes: string[]): Promise<string> {
  try {
    const raw = await recordRaw(server, STREAM_LINES);
    const { head, body } = decodeHttpBody(raw);
    const text = body.toString('utf8');
    const events = text.split('\n\n').filter((e) => e.startsWith('data: {"type":"log"')).length;
    if (events === STREAM_LINES && text.includes('data: {"type":"result"')) {
      const file = path.join(ctx.tmp, 'recorded-100k.raw');
      fs.writeFileSync(file, raw);
      const chunked = /transfer-encoding:\s*chunked/i.test(head);
      const chunks = chunked ? (raw.toString('latin1').match(/\r\n[0-9a-f]+\r\n/g)?.length ?? 0) : 0;
      notes.push(
        `The replayed stream is a run of \`test/bench/functions/lines.py\` recorded from the local server as raw bytes (${fmt(raw.length / 1e6)} MB: ${STREAM_LINES.toLocaleString('en')} log events and a result event` +
          (chunked ? `, in about ${chunks.toLocaleString('en')} HTTP chunks as the server wrote them` : '') +
          '), sent again byte for byte from memory by a bench server in its own process.',
      );
      return file;
    }
    ctx.log(`recording from the local server gave ${events} events; synthesising instead`);
  } catch (error) {
    ctx.log(`recording from the local server failed (${error}); synthesising instead`);
  }
  const file = path.join(ctx.tmp, 'synthesised-100k.sse');
  synthesiseBody(file);
  notes.push("The replayed stream was synthesised in the local server's shape (its own log-line formatter, one HTTP chunk per event), as recording from the local server failed.");
  return file;
}

export async function streamingSections(ctx: BenchContext): Promise<Section[]> {
  const replayNotes: string[] = [];
  const localNotes: string[] = [];
  const key = 'bench-key';
  const server = await startLocalServerProcess(ctx.root, { functionsDir: benchFunctions(ctx), dataDir: path.join(ctx.tmp, 'stream-data'), key, maxConcurrent: 10 });
  const sections: Section[] = [];
  try {
    // 1. From memory.
    const bodyFile = await recordStream(ctx, server, replayNotes);
    const recorded = fs.readFileSync(bodyFile);
    const parse = await parseRow(ctx, bodyFile.endsWith('.raw') ? decodeHttpBody(recorded).body : recorded, STREAM_LINES);
    const replay = await spawnJsonReady<{ port: number; bytes: number }>(path.join(__dirname, 'replayServer.js'), [bodyFile]);
    try {
      const target: Target = { baseUrl: `http://127.0.0.1:${replay.port}`, key, functionId: 'lines' };
      const readers: Partial<Record<ReaderName, Reader>> = {
        api: (t) => readWithApi(t, {}, { warm: true }),
        curl: (t) => readWithCurl(t),
        python: (t) => readWithPython(t, {}, { warm: true }),
        libraries: (t) => readWithLibrariesOnly(t),
      };
      const times = await interleaved(ctx, 'replay', readers, target, STREAM_LINES);
      const floorRows = librariesFloorRows(times);
      replayNotes.push(
        'Each reader runs in a process of its own and times itself from sending the start request to the end of the stream (process start-up excluded). ' +
          'Here the API module (`NotteClient.startRun`, counting `onLog` calls) and the Python reader first read the stream once untimed, so they are measured warm, as in a long-lived extension host; curl is native code.',
      );
      sections.push({
        title: `Streaming ${STREAM_LINES.toLocaleString('en')} events served from memory (loopback)`,
        rows: [parse, ...readerRows('From memory', times, true), ...floorRows.rows],
        notes: [...replayNotes, floorRows.note],
      });
    } finally {
      await replay.stop();
    }

    // 2. Through the local server, a function printing 100,000 lines.
    const target: Target = { baseUrl: server.url, key, functionId: 'lines' };
    const variables = { count: STREAM_LINES };
    const functionsDir = benchFunctions(ctx);
    // The producer alone is one more "reader" of the rotation, so that it shares the machine's moments with the others.
    const bareProducer = async (): Promise<ReadOutcome> => {
      const out = await run('sh', [
        '-c',
        `'${benchPython()}' -u -c 'import sys; sys.path.insert(0, sys.argv[1]); import lines; lines.run(${STREAM_LINES})' '${functionsDir}' | cat > /dev/null`,
      ]);
      return { ms: out.ms, logs: 0 };
    };
    const readers: Partial<Record<ReaderName, Reader>> = {
      api: (t) => readWithApi(t, variables),
      curl: (t) => readWithCurl(t, variables),
      python: (t) => readWithPython(t, variables),
      producer: () => bareProducer(),
    };
    const times = await interleaved(ctx, 'local server', readers, target, STREAM_LINES);
    localNotes.push(
      'Each repetition starts a new run of `lines.py` (100,000 prints) for each reader, and runs the producer alone once, in a rotating order; the readers run cold (no untimed first read), each in its own process.',
    );
    const producer = times.producer;
    const rows = readerRows('Through the local server', times, false);
    const floor = summarize(times.curl).median;
    const producerMedian = summarize(producer).median;
    const throughServer = pairedRatio(times.curl, producer);
    rows.push({
      measure: `\`curl -N\` through the server vs the producer alone (\`python3 -u\` running lines.py, ${STREAM_LINES.toLocaleString('en')} prints into a pipe, process start included)`,
      ours: fmtSummary(summarize(times.curl), 'ms'),
      alternative: fmtSummary(summarize(producer), 'ms'),
      ratio: fmtRatio(throughServer),
      target: 'at most 1.3×',
      met: throughServer.median <= 1.3 ? 'yes' : 'no',
    });
    const apiMedian = summarize(times.api).median;
    localNotes.push(
      `Which dominates: the bare producer takes ${fmt(producerMedian)} ms and curl (which only counts bytes) ${fmt(floor)} ms through the server, ` +
        `so the function and the server's per-line work set the pace; the API module (${fmt(apiMedian)} ms) adds ${fmt(apiMedian - floor)} ms on top of that floor` +
        (apiMedian - floor < 0.25 * floor ? ', a small share.' : '.'),
    );
    const profile = await profileServerStreaming(ctx.root, ctx.tmp, functionsDir, STREAM_LINES);
    ctx.log(`server profile: ${profileNote(profile)}`);
    localNotes.push(
      `Server profile (a server of its own under \`node --cpu-prof\`, one run of lines.py read by curl, in this run): ${profileNote(profile)} ` +
        "Before (profiles of the previous version, three runs): an active run was written whole (all its lines so far, 16 MB at the end) every second or more and again at its end; those synchronous rewrites were 1.4 s of the server's 4.5 s busy time (31%). " +
        "A run's lines now go to its log file as appends (each line written once), its file holds its fields only; before that, a run was written at most once per 20× its last write's duration, and a line's time text is made once per millisecond.",
    );
    sections.push({ title: 'Streaming through the local server (a function printing 100,000 lines)', rows, notes: localNotes });

    // 3. Delay from write to callback.
    sections.push(await latencySection(ctx, server));
  } finally {
    await server.stop();
  }
  return sections;
}

async function latencySection(ctx: BenchContext, server: LocalServerInfo): Promise<Section> {
  const target: Target = { baseUrl: server.url, key: server.key, functionId: 'ticker' };
  const variables = { count: TICKS, interval_ms: TICK_INTERVAL_MS };
  const p50 = { api: [] as number[], python: [] as number[] };
  const p99 = { api: [] as number[], python: [] as number[] };
  const max = { api: [] as number[] };
  for (let rep = 0; rep < ctx.reps; rep++) {
    const order: ('api' | 'python')[] = rep % 2 === 0 ? ['api', 'python'] : ['python', 'api'];
    for (const name of order) {
      gc();
      const outcome = name === 'api' ? await readWithApi(target, variables, { latency: true }) : await readWithPython(target, variables, { latency: true });
      const delays = (outcome.delays ?? []).sort((a, b) => a - b);
      if (delays.length !== TICKS) throw new Error(`latency: ${name} got ${delays.length} timed lines, not ${TICKS}`);
      p50[name].push(quantile(delays, 0.5));
      p99[name].push(quantile(delays, 0.99));
      if (name === 'api') max.api.push(delays[delays.length - 1]);
    }
    ctx.log(`latency rep ${rep + 1}/${ctx.reps}: api p50 ${fmt(p50.api[rep])} p99 ${fmt(p99.api[rep])} ms; python p50 ${fmt(p50.python[rep])} p99 ${fmt(p99.python[rep])} ms`);
  }
  const p99met = summarize(p99.api).median < 20;
  return {
    title: "Delay from a line's write to its arrival in the API module's onLog callback (loopback, local server)",
    rows: [
      {
        measure: 'p50 delay, API module vs Python requests reader',
        ours: fmtSummary(summarize(p50.api), 'ms'),
        alternative: fmtSummary(summarize(p50.python), 'ms'),
        ratio: fmtRatio(pairedRatio(p50.api, p50.python)),
        met: '—',
      },
      {
        measure: 'p99 delay, API module vs Python requests reader',
        ours: fmtSummary(summarize(p99.api), 'ms'),
        alternative: fmtSummary(summarize(p99.python), 'ms'),
        ratio: fmtRatio(pairedRatio(p99.api, p99.python)),
        target: 'p99 under 20 ms',
        met: p99met ? 'yes' : 'no',
      },
    ],
    notes: [
      `\`test/bench/functions/ticker.py\` prints \`time.monotonic_ns()\` in each of ${TICKS} lines, one every ${TICK_INTERVAL_MS} ms; each reader (its own process) subtracts it from the same clock read at the callback (CLOCK_MONOTONIC: Node's \`process.hrtime\`, Python's \`time.monotonic_ns\`; anchoring Node's monotonic clock to the wall clock instead gave sub-millisecond errors, even negative delays). ` +
        'The delay so includes the function\'s pipe, the server\'s line handling and the HTTP hop: an upper bound of "server write → callback". ' +
        `Largest single delay seen by the API module: ${fmtSummary(summarize(max.api), 'ms')}.`,
    ],
  };
}
