// Reads a streamed start: Server-Sent Events whose data is {type, message}. The SDK's rules: lines
// that are not data, or not JSON, are skipped; the result event's message is a JSON string.
import { createParser } from 'eventsource-parser';
import { NotteApiError } from './errors';
import { LogLine, parseLogLine } from './logLine';
import { RunResult, StreamEvent } from './types';

export interface StreamCallbacks {
  onLog?(line: LogLine): void;
  onSessionStart?(sessionId: string): void;
}

export interface StreamOutcome {
  result?: RunResult;
  /** How many log events were delivered, so a fallback can resume after them. */
  logCount: number;
  /** Set when the stream broke or ended without a result. */
  interruption?: string;
}

/** Consumes the body until the result event or the end; never throws for a broken stream (it reports it). */
export async function readRunStream(body: AsyncIterable<Uint8Array | string>, callbacks: StreamCallbacks, signal?: AbortSignal): Promise<StreamOutcome> {
  const outcome: StreamOutcome = { logCount: 0 };
  const parser = createParser({
    onEvent(event) {
      if (outcome.result) return;
      let parsed: StreamEvent;
      try {
        parsed = JSON.parse(event.data) as StreamEvent;
      } catch {
        return;
      }
      if (!parsed || typeof parsed !== 'object') return;
      const message = typeof parsed.message === 'string' ? parsed.message : JSON.stringify(parsed.message);
      if (parsed.type === 'log') {
        outcome.logCount++;
        callbacks.onLog?.(parseLogLine(message));
      } else if (parsed.type === 'session_start') {
        callbacks.onSessionStart?.(message);
      } else if (parsed.type === 'result') {
        outcome.result = parseResultMessage(parsed.message);
      }
    },
  });
  const decoder = new TextDecoder();
  try {
    for await (const chunk of body) {
      parser.feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      if (outcome.result) break;
    }
    if (!outcome.result) {
      parser.feed(decoder.decode());
      parser.reset({ consume: true });
    }
    if (!outcome.result) outcome.interruption = 'the stream ended without a result';
  } catch (error) {
    if (signal?.aborted) throw new NotteApiError('cancelled', 'The run was cancelled.');
    if (!outcome.result) outcome.interruption = `the stream broke: ${(error as Error)?.message ?? error}`;
  }
  return outcome;
}

export function parseResultMessage(message: unknown): RunResult {
  let value: unknown = message;
  if (typeof message === 'string') {
    try {
      value = JSON.parse(message);
    } catch {
      throw new NotteApiError('protocol', "The run's result event was not valid JSON.");
    }
  }
  if (!value || typeof value !== 'object') throw new NotteApiError('protocol', "The run's result event held no result object.");
  return normalizeIds(value as RunResult);
}

/** Fills function_id / function_run_id from the legacy workflow names when only those came. */
export function normalizeIds<T extends object>(value: T): T {
  const record = value as Record<string, unknown>;
  if (record.function_id === undefined && record.workflow_id !== undefined) record.function_id = record.workflow_id;
  if (record.function_run_id === undefined && record.workflow_run_id !== undefined) record.function_run_id = record.workflow_run_id;
  return value;
}
