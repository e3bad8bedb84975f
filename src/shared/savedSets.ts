// Saved variable sets: `.notte/variables/<function>.json` in the workspace, a list of named sets a person
// can read, edit by hand and commit. Parsing names the line of a problem; writing keeps every field a
// person added. No vscode import.
import type Ajv from 'ajv';
import type { ErrorObject } from 'ajv';
import { isSecretName, MASK } from '../api/redact';
import { fileSchemaError } from './fileSchemas';
import { pointerSegments } from './jsonPath';
import { pointerLine } from './jsonPointerLine';
import { compileSchema, errorPointer, errorText, JsonSchema, newSchemaValidator } from './jsonSchema';
import { parseJsonWithLine } from './jsonWithLines';

export interface SavedSet {
  name: string;
  variables: Record<string, unknown>;
  /** The set's health contract, checked when it runs as a test (media/schemas/saved-sets.schema.json tells each field). */
  expect?: SetContract;
  /** Whatever else a person wrote in the entry (a description…), written back untouched. */
  [extra: string]: unknown;
}

/** What a run of a set must give to pass as a test; every field optional (src/contracts checks it). */
export interface SetContract {
  status?: 'closed' | 'failed';
  /** A JSON Schema (draft-07) the result must match. */
  result?: JsonSchema;
  nonEmpty?: boolean;
  maxSeconds?: number;
  logs?: { mustContain?: string[]; mustNotContain?: string[] };
}

export class SavedSetsError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'SavedSetsError';
  }
}

export const SETS_FOLDER = '.notte/variables';

/** The file's name for a function: its name when it makes a tidy file name, else its id. */
export function setsFileName(functionName: string | undefined, functionId: string): string {
  const base = (functionName || functionId).trim();
  const tidy = base
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 100);
  return `${tidy || 'function'}.json`;
}

/**
 * Reads a saved-sets file: its JSON, its shape against the schema the editor uses too, unique names,
 * and each contract's result schema compiled. A problem is thrown as a SavedSetsError naming its line.
 */
export function parseSavedSets(text: string): SavedSet[] {
  const sets = readSavedSets(text);
  const problem = resultSchemaProblem(text, sets);
  if (problem) throw problem;
  return sets;
}

/**
 * The file's sets as parseSavedSets reads them, without compiling the contracts' result schemas: what
 * listing them needs (names and lines), and what a listing of many files can afford (a compile costs
 * milliseconds, a read microseconds). Throws the first problem as a SavedSetsError naming its line.
 */
export function readSavedSets(text: string): SavedSet[] {
  const sets: SavedSet[] = [];
  for (const entry of readSetsEach(text)) {
    if ('problem' in entry) throw entry.problem;
    sets.push(entry.set);
  }
  return sets;
}

/** One entry of a sets file: a set that reads, or why it does not (its name when it has one). */
export type SetEntry = { set: SavedSet; index: number } | { name?: string; problem: SavedSetsError };

/**
 * Each set of the file on its own: a set with a wrong field, or a name used before, is told at its
 * line while the others read (a CI run then reports every broken set, and runs the rest). A file that
 * is not JSON, or not a list, throws a SavedSetsError. No result schema is compiled (setSchemaProblem does).
 */
export function readSetsEach(text: string): SetEntry[] {
  if (text.trim() === '') return [];
  const read = parseJsonWithLine(text);
  if (!read.ok) throw new SavedSetsError(`this is not valid JSON: ${read.reason}`, read.line);
  if (!Array.isArray(read.value)) {
    const error = fileSchemaError('savedSets', read.value);
    throw new SavedSetsError(error ? schemaErrorText(error, read.value) : 'the file must hold a JSON array of sets', 1);
  }
  const list = read.value as unknown[];
  const seen = new Set<string>();
  return list.map((element, index): SetEntry => {
    const named = element && typeof element === 'object' ? (element as { name?: unknown }).name : undefined;
    const name = typeof named === 'string' && named !== '' ? named : undefined;
    // The file's schema on a list of this set alone, its complaint placed at this set (/0/… → /index/…).
    const alone = fileSchemaError('savedSets', [element]);
    if (alone) {
      const error = { ...alone, instancePath: alone.instancePath.replace(/^\/0/, `/${index}`) };
      return { name, problem: new SavedSetsError(schemaErrorText(error, list), pointerLine(text, errorPointer(error))) };
    }
    const set = element as SavedSet;
    if (seen.has(set.name)) return { name, problem: new SavedSetsError(`the name "${set.name}" is used twice`, pointerLine(text, `/${index}`)) };
    seen.add(set.name);
    return { set, index };
  });
}

/**
 * The sets' names, for a listing: when the file is plainly a list of objects with distinct names, read
 * without a validator (loading one and compiling the file's schema costs a listing of a few files
 * more than reading them all); else parseSavedSets' error for it. The rest of the file (variables,
 * contracts, their schemas) is parseSavedSets' to check, later.
 */
export function savedSetNames(text: string): string[] {
  if (text.trim() === '') return [];
  const read = parseJsonWithLine(text);
  if (!read.ok) throw new SavedSetsError(`this is not valid JSON: ${read.reason}`, read.line);
  const names = Array.isArray(read.value) ? read.value.map((set: unknown) => (set && typeof set === 'object' ? (set as { name?: unknown }).name : undefined)) : [];
  const plain = Array.isArray(read.value) && names.every((name) => typeof name === 'string' && name !== '') && new Set(names).size === names.length;
  return plain ? (names as string[]) : readSavedSets(text).map((set) => set.name);
}

/**
 * The first set whose contract's result schema cannot be used, as parseSavedSets reports it; none when
 * all compile. `sets`: all the file's sets, in its order. `ajv`: a validator to compile them with (one for the file when none).
 */
export function resultSchemaProblem(text: string, sets: readonly SavedSet[], validator?: Ajv): SavedSetsError | undefined {
  // One validator for the file: it keeps what it compiled, and the file is read again when it changes.
  const ajv = validator ?? (sets.some((s) => s.expect?.result !== undefined) ? newSchemaValidator() : undefined);
  if (!ajv) return undefined;
  for (const [index, set] of sets.entries()) {
    const problem = setSchemaProblem(text, set, index, ajv);
    if (problem) return problem;
  }
  return undefined;
}

/** Why the result schema of the set at `index` of the file cannot be used; undefined when it can, or it has none. */
export function setSchemaProblem(text: string, set: SavedSet, index: number, ajv: Ajv): SavedSetsError | undefined {
  if (set.expect?.result === undefined) return undefined;
  const compiled = compileSchema(ajv, set.expect.result);
  if (compiled.ok) return undefined;
  return new SavedSetsError(`set "${set.name}": "expect.result" is not a JSON Schema that can be used: ${compiled.message}`, pointerLine(text, `/${index}/expect/result`));
}

/** The schema's complaint as a sentence about the set it is in. */
function schemaErrorText(error: ErrorObject, value: unknown): string {
  const [index, field, ...rest] = pointerSegments(errorPointer(error));
  if (index === undefined) return 'the file must hold a JSON array of sets, like [{"name": "smoke", "variables": {"url": "https://example.com"}}]';
  const number = Number(index) + 1;
  if (field === undefined) return `set ${number} is not an object with "name" and "variables"`;
  if (field === 'name') {
    const given = ((value as unknown[])[Number(index)] as { name?: unknown }).name;
    return given === undefined ? `set ${number} has no "name" (a non-empty string)` : `set ${number}: "name" must be a non-empty string, not ${JSON.stringify(given)}`;
  }
  const set = `set "${(value as SavedSet[])[Number(index)].name}"`;
  if (field === 'variables' && rest.length === 0) return `${set} has no "variables" object`;
  return `${set}: "${[field, ...rest].join('.')}" ${errorText(error, value)}`;
}

export function serializeSavedSets(sets: readonly SavedSet[]): string {
  return JSON.stringify(sets, null, 2) + '\n';
}

/** Adds a set, or replaces the variables of the set of that name (its other fields kept). */
export function withSet(sets: readonly SavedSet[], name: string, variables: Record<string, unknown>): SavedSet[] {
  const index = sets.findIndex((s) => s.name === name);
  if (index < 0) return [...sets, { name, variables }];
  return sets.map((s, i) => (i === index ? { ...s, variables } : s));
}

/** "Save as expected": the set's contract with `result` set to `schema`, its other fields and the set's kept. */
export function withExpectedResult(sets: readonly SavedSet[], name: string, schema: JsonSchema): SavedSet[] {
  if (!sets.some((s) => s.name === name)) throw new Error(`There is no set named "${name}".`);
  return sets.map((s) => (s.name === name ? { ...s, expect: { ...s.expect, result: schema } } : s));
}

export function renamedSet(sets: readonly SavedSet[], from: string, to: string): SavedSet[] {
  if (!sets.some((s) => s.name === from)) throw new Error(`There is no set named "${from}".`);
  if (from !== to && sets.some((s) => s.name === to)) throw new Error(`A set named "${to}" exists already.`);
  return sets.map((s) => (s.name === from ? { ...s, name: to } : s));
}

export function withoutSet(sets: readonly SavedSet[], name: string): SavedSet[] {
  return sets.filter((s) => s.name !== name);
}

/**
 * The variables as a saved set keeps them: secret-looking values (a password, a token) written as the
 * mask, since the file is meant to be committed, unless `keepSecrets`. Answers the names it masked.
 */
export function variablesToSave(variables: Record<string, unknown>, keepSecrets: boolean): { variables: Record<string, unknown>; masked: string[] } {
  if (keepSecrets) return { variables, masked: [] };
  const masked = Object.keys(variables).filter((name) => isSecretName(name) && variables[name] !== MASK && variables[name] !== '' && variables[name] !== null);
  return { variables: Object.fromEntries(Object.entries(variables).map(([name, value]) => [name, masked.includes(name) ? MASK : value])), masked };
}

/** The names of a set's values that were saved masked: they are asked for when the set is used. */
export function maskedNames(variables: Record<string, unknown>): string[] {
  return Object.keys(variables).filter((name) => variables[name] === MASK);
}

/** The set's variables without its masked values (a form then shows those fields empty, to be typed). */
export function withoutMasked(variables: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(variables).filter(([, value]) => value !== MASK));
}
