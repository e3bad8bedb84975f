// Runs saved sets as tests through the API client, against any server: each set's variables checked
// against its function's parameters first, then the runs scheduled by shared/batchRunner.ts (the
// concurrency bound and the 429 / Retry-After back-off of Run Batch, one run per set), each run's
// status, result, duration and streamed log lines collected, and its contract's verdict. Shared by
// the Testing view and notte-test. No vscode import.
import type { ValidateFunction } from 'ajv';
import type { NotteClient } from '../api/client';
import { DEFAULT_RUN_TIMEOUT_MS } from '../api/runExecution';
import { isNotteApiError, messageOf } from '../api/errors';
import { isSecretName, MASK, redactSecrets } from '../api/redact';
import type { NotteFunction } from '../api/types';
import { BatchDriver, BatchOptions, rateLimitWaitMs, runBatch, StartAnswer } from '../shared/batchRunner';
import { newSchemaValidator } from '../shared/jsonSchema';
import { checkContract, compileContract, CompiledContract, Verdict } from './contractCheck';
import { diffJson, JsonChange } from './jsonDiff';
import type { LastPassingStore } from './lastPassing';
import { fillMasked, typedVariables, variablesProblem } from './preflight';
import type { SetTest } from './setTests';

/** What the runner needs of the API client (NotteClient has it). */
export type SetRunnerClient = Pick<NotteClient, 'getFunction' | 'createRun' | 'startCreatedRun'>;

export interface TestOutcome {
  test: SetTest;
  verdict: Verdict;
  /** The run's status ('closed', 'failed', 'stopped', 'error'), or 'not run' when the test failed before running. */
  status: string;
  runId?: string;
  result?: unknown;
  durationMs?: number;
  /** The text of each streamed log line. */
  logs: string[];
  /** The run's browser session, when it had one (its replay). */
  sessionId?: string;
  /** From the last passing result to this one, when the test failed with a result and had passed before. */
  diff?: JsonChange[];
}

export interface SetRunOptions {
  /** Runs at once (Run Batch's notte.batch.maxConcurrent). */
  concurrency: number;
  signal?: AbortSignal;
  /** A run is stopped after this long (default the API module's 300 s); one whose contract has maxSeconds, 10 s past that. */
  runTimeoutMs?: number;
  /** The value of a variable the set keeps masked (a password), or undefined when there is none. */
  maskedValue?(name: string, test: SetTest): unknown;
  /** How to give a masked value, said when one is missing ("set NOTTE_VAR_password"). */
  maskedHint?(names: string[]): string;
  /** Where the last passing results are kept; passing results are written there. */
  lastPassing?: LastPassingStore;
  /** Told of each test as soon as its verdict is known. */
  onOutcome?(outcome: TestOutcome): void;
  /** Told when a test's run starts (again after a 429 wait), with its id. */
  onStarted?(test: SetTest, runId: string): void;
  /** Each log line of a test's run as it streams. */
  onLog?(test: SetTest, text: string): void;
  sleep?: BatchOptions['sleep'];
}

interface Runnable {
  test: SetTest;
  /** Its place in the tests given. */
  index: number;
  variables: Record<string, unknown>;
  compiled: { contract: NonNullable<SetTest['expect']>; validate?: ValidateFunction };
  runTimeoutMs: number;
  /** The values of its secret variables (kept masked, or named like a password), masked in all it tells. */
  secrets: string[];
}

const STOP_MARGIN_MS = 10_000;

/** Runs the tests and answers their outcomes in the order given. */
export async function runSets(client: SetRunnerClient, tests: readonly SetTest[], options: SetRunOptions): Promise<TestOutcome[]> {
  const outcomes: (TestOutcome | undefined)[] = tests.map(() => undefined);
  const finish = (index: number, outcome: TestOutcome) => {
    outcomes[index] = outcome;
    options.onOutcome?.(outcome);
  };
  const notRun = (index: number, message: string) =>
    finish(index, { test: tests[index], status: 'not run', logs: [], verdict: { passed: false, failures: [{ check: 'setup', message }], value: undefined } });

  const runnable = await prepare(client, tests, options, notRun);
  const records: RunRecords = { logs: runnable.map(() => []), durations: [], runIds: [] };
  const complete = (k: number, answer: RunAnswer) => {
    const { test, index, compiled, secrets } = runnable[k];
    const observed = { status: answer.status, result: answer.result, error: answer.error, durationMs: records.durations[k], logs: records.logs[k], timedOut: answer.timedOut };
    // Checked on what the run gave; told (and kept as the last pass) with the set's secrets masked.
    const verdict = masked(checkContract(compiled, observed), secrets);
    const told = masked({ result: observed.result, error: observed.error }, secrets);
    const session = answer.sessionId ? { sessionId: answer.sessionId } : {};
    finish(index, { test, verdict, ...observed, ...told, ...session, runId: records.runIds[k], diff: lastPassingDiff(test, verdict, answer.status, options.lastPassing) });
  };
  const batch = await runBatch(
    runnable.map((r) => r.variables),
    driverFor(client, runnable, records, complete, options),
    { concurrency: options.concurrency, signal: options.signal, sleep: options.sleep },
  );
  // What the batch gave up on (refused past its waits, never created, cancelled before starting).
  batch.forEach((outcome, k) => {
    if (outcomes[runnable[k].index]) return;
    if (outcome.status === 'skipped') notRun(runnable[k].index, 'not run: the tests were cancelled');
    else complete(k, outcome);
  });
  return outcomes as TestOutcome[];
}

/** What each run gave besides its answer, by its place among the runnable tests. */
interface RunRecords {
  logs: string[][];
  durations: (number | undefined)[];
  runIds: (string | undefined)[];
}

type RunAnswer = { status: string; result?: unknown; error?: string; sessionId?: string; timedOut?: boolean };

/**
 * The batch's driver: creates each run, starts it streaming its log lines and timing it, and tells
 * `complete` each final answer (a start refused with 429 is not final: the batch waits and starts it again).
 */
function driverFor(
  client: SetRunnerClient,
  runnable: Runnable[],
  records: RunRecords,
  complete: (k: number, answer: RunAnswer) => void,
  hooks: Pick<SetRunOptions, 'onStarted' | 'onLog'>,
): BatchDriver {
  return {
    createRun: async (k, _variables, signal) => {
      try {
        return { runId: (await client.createRun(runnable[k].test.functionId, { local: false }, { signal })).function_run_id };
      } catch (error) {
        return { retryAfterMs: rateLimitWaitMs(error), error: messageOf(error) };
      }
    },
    startRun: async (k, runId, variables, signal) => {
      const { test } = runnable[k];
      records.runIds[k] = runId;
      records.logs[k] = [];
      hooks.onStarted?.(test, runId);
      let started = performance.now();
      let sessionId: string | undefined;
      let timedOut = false;
      const answer = await client
        .startCreatedRun(test.functionId, runId, variables, {
          signal,
          runTimeoutMs: runnable[k].runTimeoutMs,
          handlers: {
            onLog: (line) => {
              const text = redactSecrets(line.text, runnable[k].secrets);
              records.logs[k].push(text);
              hooks.onLog?.(test, text);
            },
          },
          // A start the server refused (429) and the transport retries: the run begins after the wait.
          onRetry: (info) => (started = performance.now() + info.delayMs),
        })
        .then(
          (result): StartAnswer => {
            sessionId = result.session_id ?? undefined;
            return { status: result.status, result: result.result };
          },
          (error): StartAnswer => {
            const cancelled = isNotteApiError(error) && error.kind === 'cancelled';
            timedOut = isNotteApiError(error) && error.kind === 'timeout';
            return { status: 'error', error: messageOf(error), cancelled, retryAfterMs: cancelled ? undefined : rateLimitWaitMs(error) };
          },
        );
      records.durations[k] = performance.now() - started;
      if (answer.retryAfterMs === undefined) complete(k, { status: answer.cancelled ? 'stopped' : answer.status, result: answer.result, error: answer.error, sessionId, timedOut });
      return answer;
    },
  };
}

/** The tests that can run, each with its variables and compiled contract; the others fail at once, saying why. */
async function prepare(client: SetRunnerClient, tests: readonly SetTest[], options: SetRunOptions, notRun: (index: number, message: string) => void): Promise<Runnable[]> {
  const functions = await fetchFunctions(
    client,
    tests.filter((t) => !t.problem).map((t) => t.functionId),
    options.signal,
  );
  const ajv = newSchemaValidator();
  // Sets of a function often share their contract: each distinct one is compiled once.
  const contracts = new Map<string, CompiledContract>();
  const compile = (expect: SetTest['expect']) => {
    const text = JSON.stringify(expect ?? {});
    if (!contracts.has(text)) contracts.set(text, compileContract(expect, ajv));
    return contracts.get(text)!;
  };
  const runnable: Runnable[] = [];
  tests.forEach((test, index) => {
    const fn = functions.get(test.functionId);
    if (test.problem || typeof fn === 'string') return notRun(index, test.problem ?? (fn as string));
    const mismatch = fn ? variablesProblem(test, fn) : undefined;
    if (mismatch) return notRun(index, mismatch);
    const filled = fillMasked(test.variables, (name) => options.maskedValue?.(name, test));
    if ('missing' in filled) {
      const names = filled.missing.map((n) => `"${n}"`).join(', ');
      return notRun(index, `set "${test.setName}" keeps ${names} masked and no value was given${options.maskedHint ? `: ${options.maskedHint(filled.missing)}` : ''}`);
    }
    const typed = typedVariables(test, fn, filled.variables);
    if ('problem' in typed) return notRun(index, typed.problem);
    const compiled = compile(test.expect);
    if (!compiled.ok) return notRun(index, `set "${test.setName}": ${compiled.message}`);
    const limit = compiled.contract.maxSeconds;
    // The contract's maxSeconds is how long its run may take, longer or shorter than the default.
    const runTimeoutMs = limit === undefined ? (options.runTimeoutMs ?? DEFAULT_RUN_TIMEOUT_MS) : limit * 1000 + STOP_MARGIN_MS;
    runnable.push({
      test,
      index,
      variables: typed.variables,
      compiled,
      runTimeoutMs,
      // A secret as the set gives it and as sent ("0042" for an int goes as 42): either is masked in what is shown.
      secrets: [...secretValues(test.variables, filled.variables), ...secretValues(test.variables, typed.variables)],
    });
  });
  return runnable;
}

/** The values of the variables the set keeps masked or names like secrets (a password it gives in the clear), as text. */
function secretValues(saved: Record<string, unknown>, given: Record<string, unknown>): string[] {
  return Object.entries(given)
    .filter(([name, value]) => (typeof value === 'string' || typeof value === 'number') && (saved[name] === MASK || isSecretName(name)))
    .map(([, value]) => String(value));
}

/** A copy of a JSON value with the secrets masked in each of its strings (never in keys, never across its structure). */
function masked<T>(value: T, secrets: readonly string[]): T {
  if (secrets.length === 0) return value;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactSecrets(v, secrets);
    // A secret number in a result (a PIN given as one); short ones are left, as redactSecrets leaves short text.
    if (typeof v === 'number' && String(v).length >= 6 && secrets.includes(String(v))) return MASK;
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([key, inner]) => [key, walk(inner)]));
    return v;
  };
  return walk(value) as T;
}

/** Each function once (its parameters), or why it could not be had: the connection's message when the server is unreachable. */
async function fetchFunctions(client: SetRunnerClient, ids: string[], signal: AbortSignal | undefined): Promise<Map<string, NotteFunction | string>> {
  const unique = [...new Set(ids)];
  const answers = await Promise.all(unique.map((id) => client.getFunction(id, { signal }).then((fn): NotteFunction | string => fn, messageOf)));
  return new Map(unique.map((id, i) => [id, answers[i]]));
}

/** Keeps a passing result as the last passing one; for a failure with a result, what changed since then. */
function lastPassingDiff(test: SetTest, verdict: Verdict, status: string, store: LastPassingStore | undefined): JsonChange[] | undefined {
  if (!store) return undefined;
  if (verdict.passed) {
    store.set(test.id, verdict.value);
    return undefined;
  }
  const last = store.get(test.id);
  if (last === undefined || status !== 'closed') return undefined;
  const changes = diffJson(last, verdict.value);
  return changes.length ? changes : undefined;
}
