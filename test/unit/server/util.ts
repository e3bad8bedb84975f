// Small helpers of the server tests: real HTTP with Node's fetch, SSE parsed by eventsource-parser.
import * as fs from 'fs';
import { createParser, EventSourceMessage } from 'eventsource-parser';
import type { TestServer } from '../helpers/localServer';
import { waitFor } from '../../harness/lib/waitFor';

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function call(server: Pick<TestServer, 'url' | 'headers'>, method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Answer> {
  const response = await fetch(server.url + path, {
    method,
    headers: headers ?? server.headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export interface StreamRead {
  status: number;
  contentType: string | null;
  events: EventSourceMessage[];
  /** Parsed `{type, message}` of each event. */
  data: { type: string; message: string }[];
  /** How many network chunks the body came in. */
  chunks: number;
  /** Set when the connection broke before the body ended. */
  error?: Error;
}

/** Starts a streamed run and parses the body frame by frame as it arrives. */
export async function stream(server: Pick<TestServer, 'url' | 'headers'>, path: string, body: unknown): Promise<StreamRead> {
  const response = await fetch(server.url + path, { method: 'POST', headers: server.headers, body: JSON.stringify(body) });
  const read: StreamRead = { status: response.status, contentType: response.headers.get('content-type'), events: [], data: [], chunks: 0 };
  const parser = createParser({
    onEvent(event) {
      read.events.push(event);
      read.data.push(JSON.parse(event.data));
    },
  });
  const decoder = new TextDecoder();
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      read.chunks++;
      parser.feed(decoder.decode(chunk, { stream: true }));
    }
  } catch (error) {
    read.error = error as Error;
  }
  return read;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// The tests' one waitFor (unit, suite and harness alike), here for the unit tests that import it from util.
export { waitFor };

export function alive(pid: number): boolean {
  try {
    // A zombie (ended, not yet reaped by its parent) counts as gone.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (/^\d+ \(.*\) Z/s.test(stat)) return false;
  } catch {
    // No /proc (or no such process): fall back to a signal 0 probe.
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The text of a formatted log line (after the third `|`). */
export function textOf(line: string): string {
  const parts = line.split('|');
  return parts.slice(3).join('|').replace(/^ /, '');
}

/** Polls a run until it reaches a terminal status. */
export async function waitForEnd(server: Pick<TestServer, 'url' | 'headers'>, functionId: string, runId: string, timeoutMs = 15_000): Promise<Answer> {
  return waitFor(
    `run ${runId} to end`,
    async () => {
      const answer = await call(server, 'GET', `/functions/${functionId}/runs/${runId}`);
      return ['closed', 'failed'].includes(answer.json?.status) ? answer : undefined;
    },
    timeoutMs,
    50,
  );
}
