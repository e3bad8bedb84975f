// The health contract of a saved set, checked against what a run of it gave: its status, a Python
// traceback in a "closed" result, an empty result, the result against a JSON Schema, the duration and
// the log lines. Pure functions; no vscode import.
import type { ValidateFunction } from 'ajv';
import { compileSchema, newSchemaValidator, SchemaViolation, violationsOf } from '../shared/jsonSchema';
import { resultValue } from '../shared/resultText';
import type { SetContract } from '../shared/savedSets';
import { tracebackIn } from '../shared/traceback';

/** What a run gave, as the contract looks at it. */
export interface RunObservation {
  /** 'closed', 'failed', 'stopped', or 'error' when the run did not end with an answer (`error` says why). */
  status: string;
  /** The result as the server sent it: JSON text, a value, or a failed run's message. */
  result?: unknown;
  durationMs?: number;
  /** The text of each log line. */
  logs: readonly string[];
  error?: string;
  /** Stopped at its time limit (the contract's maxSeconds, else the run timeout). */
  timedOut?: boolean;
}

export type CheckName = 'setup' | 'run' | 'status' | 'traceback' | 'nonEmpty' | 'result' | 'maxSeconds' | 'logs';

export interface ContractFailure {
  check: CheckName;
  /** A sentence a person reads in a test's failure. */
  message: string;
  /** For 'result': each place the result breaks the schema. */
  violations?: SchemaViolation[];
}

export interface Verdict {
  passed: boolean;
  failures: ContractFailure[];
  /** The result as a JSON value (parsed when it was JSON text), what the schema and the diff look at. */
  value: unknown;
}

/** A contract ready to check: its result schema compiled once for every run of the set. */
export type CompiledContract = { ok: true; contract: SetContract; validate?: ValidateFunction } | { ok: false; message: string };

/** Compiles the contract's result schema (a broken one is told, not thrown). One validator serves a whole run of tests. */
export function compileContract(contract: SetContract | undefined, ajv = newSchemaValidator()): CompiledContract {
  if (contract?.result === undefined) return { ok: true, contract: contract ?? {} };
  const compiled = compileSchema(ajv, contract.result);
  if (!compiled.ok) return { ok: false, message: `its "expect.result" is not a JSON Schema that can be used: ${compiled.message}` };
  return { ok: true, contract, validate: compiled.validate };
}

const SHOWN_VIOLATIONS = 5;

/**
 * The verdict of a contract on a run. Defaults when the contract leaves a field out (or there is
 * none): the run must close, its result must not be empty nor a Python traceback.
 */
export function checkContract(compiled: { contract: SetContract; validate?: ValidateFunction }, run: RunObservation): Verdict {
  const { contract } = compiled;
  const value = resultValue(run.result);
  if (run.status !== 'closed' && run.status !== 'failed' && run.status !== 'stopped') {
    const limit = contract.maxSeconds;
    if (run.timedOut && limit !== undefined) {
      const after = run.durationMs === undefined ? '' : ` (stopped after ${seconds(run.durationMs)} s)`;
      return { passed: false, failures: [{ check: 'maxSeconds', message: `it took more than the ${limit} s allowed${after}` }], value };
    }
    const hint = run.timedOut ? '; the set\'s "expect": {"maxSeconds": …} sets how long its run may take' : '';
    return { passed: false, failures: [{ check: 'run', message: `the run did not finish: ${run.error ?? 'no answer from the server'}${hint}` }], value };
  }
  const failures: ContractFailure[] = [];
  const expected = contract.status ?? 'closed';
  const traceback = expected === 'closed' && run.status === 'closed' ? tracebackIn(value) : undefined;
  if (run.status !== expected) failures.push({ check: 'status', message: statusMessage(expected, run.status, value) });
  else if (traceback !== undefined) failures.push({ check: 'traceback', message: `the run closed but its result is a Python traceback${traceback ? ` (${traceback})` : ''}` });
  else {
    // The result's checks only mean something for the status the contract expects.
    if ((contract.nonEmpty ?? true) && isEmptyResult(value)) failures.push({ check: 'nonEmpty', message: `the result is empty (${JSON.stringify(value ?? null)})` });
    const violations = compiled.validate ? violationsOf(compiled.validate, value) : [];
    if (violations.length) failures.push({ check: 'result', message: schemaMessage(violations), violations });
  }
  const limit = contract.maxSeconds;
  if (limit !== undefined && run.durationMs !== undefined && run.durationMs > limit * 1000) {
    failures.push({ check: 'maxSeconds', message: `it took ${seconds(run.durationMs)} s, more than the ${limit} s allowed` });
  }
  for (const text of contract.logs?.mustContain ?? []) {
    if (!run.logs.some((line) => line.includes(text))) failures.push({ check: 'logs', message: `no log line contains ${JSON.stringify(text)}` });
  }
  for (const text of contract.logs?.mustNotContain ?? []) {
    const line = run.logs.find((l) => l.includes(text));
    if (line !== undefined) failures.push({ check: 'logs', message: `a log line contains ${JSON.stringify(text)}: ${JSON.stringify(shorten(line, 120))}` });
  }
  return { passed: failures.length === 0, failures, value };
}

/** `[]`, `{}`, `""` (or blanks) and `null` are empty: a site that changed often answers them instead of an error. */
export function isEmptyResult(value: unknown): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

function statusMessage(expected: string, actual: string, value: unknown): string {
  if (actual === 'stopped') return 'the run was stopped before it ended';
  if (actual === 'failed') return `the run failed${typeof value === 'string' && value.trim() ? `: ${shorten(lastLine(value), 200)}` : ''}`;
  return `the run ${actual}, but the contract expects "${expected}"`;
}

function schemaMessage(violations: SchemaViolation[]): string {
  const shown = violations.slice(0, SHOWN_VIOLATIONS).map((v) => `${v.path} ${v.message}`);
  const more = violations.length > SHOWN_VIOLATIONS ? `; and ${violations.length - SHOWN_VIOLATIONS} more` : '';
  return `the result does not match the schema: ${shown.join('; ')}${more}`;
}

/** The error's own line of a failed run's message (a traceback ends with it). */
function lastLine(text: string): string {
  const lines = text.trim().split(/\r?\n/);
  return lines[lines.length - 1].trim();
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** "1.2", "60.4": one decimal, so that a run just over its limit does not read as equal to it. */
export function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
