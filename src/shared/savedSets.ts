// Saved variable sets: `.notte/variables/<function>.json` in the workspace, a list of named sets a person
// can read, edit by hand and commit. Parsing names the line of a problem; writing keeps every field a
// person added. No vscode import.
import { isSecretName, MASK } from '../api/redact';
import { elementLines, parseJsonWithLine } from './jsonWithLines';

export interface SavedSet {
  name: string;
  variables: Record<string, unknown>;
  /** Whatever else a person wrote in the entry (a description…), written back untouched. */
  [extra: string]: unknown;
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

export function parseSavedSets(text: string): SavedSet[] {
  if (text.trim() === '') return [];
  const read = parseJsonWithLine(text);
  if (!read.ok) throw new SavedSetsError(`this is not valid JSON: ${read.reason}`, read.line);
  const parsed = read.value;
  if (!Array.isArray(parsed)) throw new SavedSetsError('the file must hold a JSON array of sets, like [{"name": "smoke", "variables": {"url": "https://example.com"}}]', 1);
  const lines = elementLines(text);
  const seen = new Set<string>();
  parsed.forEach((item, index) => {
    const line = lines[index] ?? 1;
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new SavedSetsError(`set ${index + 1} is not an object with "name" and "variables"`, line);
    const entry = item as Record<string, unknown>;
    if (typeof entry.name !== 'string' || !entry.name.trim()) throw new SavedSetsError(`set ${index + 1} has no "name" (a non-empty string)`, line);
    if (!entry.variables || typeof entry.variables !== 'object' || Array.isArray(entry.variables)) throw new SavedSetsError(`set "${entry.name}" has no "variables" object`, line);
    if (seen.has(entry.name)) throw new SavedSetsError(`the name "${entry.name}" is used twice`, line);
    seen.add(entry.name);
  });
  return parsed as SavedSet[];
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
