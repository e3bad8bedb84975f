// Runs many variable sets of one function, a few at a time, so that each input gets exactly
// one run: a run is created once per input, and only its start is retried when the server
// refuses it with 429 (a refused start never began). No vscode import.
import { isNotteApiError } from '../api/errors';
import { VariableSet } from './variableSets';
import { sleep as pause } from '../api/wait';

export type BatchItemStatus = 'closed' | 'failed' | 'stopped' | 'error' | 'skipped';

export interface BatchItemOutcome {
  index: number;
  variables: VariableSet;
  runId?: string;
  status: BatchItemStatus;
  result?: unknown;
  error?: string;
}

export interface StartAnswer {
  status: string;
  result?: unknown;
  /** Set when the start was refused before the run began (rate limit): retry after this many ms. */
  retryAfterMs?: number;
  error?: string;
  cancelled?: boolean;
}

export interface BatchDriver {
  /** Creates the input's run and answers its id; a refusal here may be retried (nothing was created). */
  createRun(index: number, variables: VariableSet, signal: AbortSignal): Promise<{ runId?: string; retryAfterMs?: number; error?: string }>;
  startRun(index: number, runId: string, variables: VariableSet, signal: AbortSignal): Promise<StartAnswer>;
  /** Tells the UI the batch waits before retrying an input. */
  onWait?(index: number, delayMs: number): void;
}

export interface BatchProgress {
  done: number;
  failed: number;
  left: number;
  total: number;
}

export interface BatchOptions {
  concurrency: number;
  signal?: AbortSignal;
  maxWaitsPerItem?: number;
  onProgress?(progress: BatchProgress): void;
  sleep?(ms: number, signal: AbortSignal): Promise<void>;
}

export async function runBatch(sets: VariableSet[], driver: BatchDriver, options: BatchOptions): Promise<BatchItemOutcome[]> {
  const outcomes: BatchItemOutcome[] = sets.map((variables, index) => ({ index, variables, status: 'skipped' }));
  const signal = options.signal ?? new AbortController().signal;
  const sleep = options.sleep ?? pause;
  const maxWaits = options.maxWaitsPerItem ?? 50;
  let next = 0;
  let done = 0;
  let failed = 0;
  const report = () => options.onProgress?.({ done, failed, left: sets.length - done - failed, total: sets.length });

  const runItem = async (index: number): Promise<void> => {
    const outcome = outcomes[index];
    let waits = 0;
    const wait = async (delayMs: number): Promise<boolean> => {
      if (++waits > maxWaits) return false;
      driver.onWait?.(index, delayMs);
      await sleep(delayMs, signal);
      return !signal.aborted;
    };
    while (!outcome.runId) {
      if (signal.aborted) return;
      const created = await driver.createRun(index, outcome.variables, signal);
      if (created.runId) outcome.runId = created.runId;
      else if (created.retryAfterMs !== undefined && (await wait(created.retryAfterMs))) continue;
      else {
        outcome.status = signal.aborted ? 'skipped' : 'error';
        outcome.error = created.error ?? 'The run could not be created';
        return;
      }
    }
    for (;;) {
      if (signal.aborted) {
        outcome.status = 'stopped';
        return;
      }
      const answer = await driver.startRun(index, outcome.runId, outcome.variables, signal);
      if (answer.retryAfterMs !== undefined && (await wait(answer.retryAfterMs))) continue;
      outcome.result = answer.result;
      outcome.error = answer.error;
      outcome.status = answer.cancelled ? 'stopped' : answer.status === 'closed' ? 'closed' : answer.status === 'failed' ? 'failed' : 'error';
      return;
    }
  };

  const worker = async (): Promise<void> => {
    while (next < sets.length && !signal.aborted) {
      const index = next++;
      await runItem(index);
      if (outcomes[index].status === 'closed') done++;
      else if (outcomes[index].status !== 'skipped') failed++;
      report();
    }
  };

  report();
  const workers = Array.from({ length: Math.max(1, Math.min(options.concurrency, sets.length)) }, () => worker());
  await Promise.all(workers);
  return outcomes;
}

/**
 * The wait before retrying a start the server refused with 429: its Retry-After (at least 250 ms,
 * 1 s when it gave none); undefined for any other error, which is not retried. Drivers answer it as
 * `retryAfterMs`, so Run Batch and the saved sets' tests back off alike.
 */
export function rateLimitWaitMs(error: unknown): number | undefined {
  return isNotteApiError(error) && error.kind === 'rate_limited' ? Math.max(250, error.retryAfterMs ?? 1000) : undefined;
}

export function summarizeBatch(outcomes: BatchItemOutcome[]): { closed: number; failed: number; notRun: number } {
  return {
    closed: outcomes.filter((o) => o.status === 'closed').length,
    failed: outcomes.filter((o) => o.status === 'failed' || o.status === 'error' || o.status === 'stopped').length,
    notRun: outcomes.filter((o) => o.status === 'skipped').length,
  };
}
