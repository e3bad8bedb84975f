// In-process SSE parsing of a 100,000-event body held in memory (64 KiB chunks, as a socket delivers
// them): the API module's stream reader (eventsource-parser, JSON, log-line decoding, callbacks)
// against eventsource-parser with JSON.parse alone, the least work the same library allows.
import { createParser } from 'eventsource-parser';
import { readRunStream } from '../../src/api/sse';
import { fmt, fmtRatio, fmtSummary, pairedRatio, summarize } from './stats';
import type { BenchContext, Row } from './types';

const CHUNK = 64 * 1024;

function chunksOf(body: Buffer): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < body.length; i += CHUNK) out.push(new Uint8Array(body.subarray(i, i + CHUNK)));
  return out;
}

async function* iterate(chunks: Uint8Array[]): AsyncIterable<Uint8Array> {
  for (const c of chunks) yield c;
}

async function viaApi(chunks: Uint8Array[]): Promise<number> {
  let logs = 0;
  const outcome = await readRunStream(iterate(chunks), { onLog: () => void logs++ });
  if (!outcome.result) throw new Error(`the API reader found no result (${outcome.interruption})`);
  return logs;
}

async function viaParserOnly(chunks: Uint8Array[]): Promise<number> {
  let logs = 0;
  const parser = createParser({
    onEvent(event) {
      const parsed = JSON.parse(event.data) as { type: string };
      if (parsed.type === 'log') logs++;
    },
  });
  const decoder = new TextDecoder();
  for await (const c of iterate(chunks)) parser.feed(decoder.decode(c, { stream: true }));
  return logs;
}

export async function parseRow(ctx: BenchContext, body: Buffer, expected: number): Promise<Row> {
  const chunks = chunksOf(body);
  const gc = (globalThis as { gc?: () => void }).gc;
  const api: number[] = [];
  const bare: number[] = [];
  await viaApi(chunks);
  await viaParserOnly(chunks);
  for (let rep = 0; rep < ctx.reps; rep++) {
    for (const which of rep % 2 === 0 ? ['api', 'bare'] : ['bare', 'api']) {
      gc?.();
      const started = performance.now();
      const logs = which === 'api' ? await viaApi(chunks) : await viaParserOnly(chunks);
      const ms = performance.now() - started;
      if (logs !== expected) throw new Error(`in-process parse (${which}) saw ${logs} log events, not ${expected}`);
      (which === 'api' ? api : bare).push(ms);
    }
    ctx.log(`parse rep ${rep + 1}/${ctx.reps}: api ${fmt(api[rep])} ms, eventsource-parser + JSON.parse ${fmt(bare[rep])} ms`);
  }
  return {
    measure: `In-process SSE parsing of ${expected.toLocaleString('en')} log events from memory: the API module's \`readRunStream\` (onLog with decoded lines) vs eventsource-parser + JSON.parse alone`,
    ours: `${fmtSummary(summarize(api), 'ms')}; ${fmt((expected / summarize(api).median) * 1000)} events/s`,
    alternative: fmtSummary(summarize(bare), 'ms'),
    ratio: fmtRatio(pairedRatio(api, bare)),
    met: '—',
  };
}
