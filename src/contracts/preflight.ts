// What is checked before a saved set runs: that its variables still fit the function's run(...)
// (a renamed or removed parameter fails here, naming the set and the parameter), and that a value
// it keeps masked has been given. No vscode import.
import type { NotteFunction } from '../api/types';
import { MASK } from '../api/redact';
import type { SetTest } from './setTests';
import { convertSet, problemsOnly } from '../shared/variableValues';

/** Why the set's variables no longer fit the function's parameters, or undefined when they do. */
export function variablesProblem(test: SetTest, fn: NotteFunction): string | undefined {
  // A server that does not say the parameters (variables null) cannot be checked against.
  if (!Array.isArray(fn.variables)) return undefined;
  const names = fn.variables.map((p) => p.name);
  const unknown = Object.keys(test.variables).filter((name) => !names.includes(name));
  const missing = fn.variables.filter((p) => (p.default === null || p.default === undefined) && !(p.name in test.variables)).map((p) => p.name);
  const parameters = `its parameters: ${names.join(', ') || 'none'}`;
  if (unknown.length) {
    const needs = missing.length ? `, and does not give ${quoted(missing)}, which it needs` : '';
    return `set "${test.setName}" gives ${quoted(unknown)}, which run(...) of ${test.functionLabel} does not take (renamed or removed?)${needs}; ${parameters}`;
  }
  if (missing.length) return `set "${test.setName}" does not give ${quoted(missing)}, which run(...) of ${test.functionLabel} needs (no default); ${parameters}`;
  return undefined;
}

/**
 * The set's variables (its masked ones filled) checked and converted as Run Function converts a chosen
 * set: "3" for an int is 3, a "three" is refused naming the set.
 */
export function typedVariables(test: SetTest, fn: NotteFunction | undefined, variables: Record<string, unknown>): { variables: Record<string, unknown> } | { problem: string } {
  // A server that does not say the parameters cannot be checked against: the set goes as it is.
  if (!fn || !Array.isArray(fn.variables) || fn.variables.length === 0) return { variables };
  const checked = convertSet(fn.variables, variables);
  if (checked.ok) return { variables: checked.variables };
  return { problem: `set "${test.setName}" does not fit run(...) of ${test.functionLabel}: ${problemsOnly(checked.message)}` };
}

/**
 * The set's variables with its masked values (a password saved as the mask) filled in by `valueOf`,
 * or the names it has no value for.
 */
export function fillMasked(variables: Record<string, unknown>, valueOf: (name: string) => unknown): { variables: Record<string, unknown> } | { missing: string[] } {
  const missing: string[] = [];
  const filled = Object.fromEntries(
    Object.entries(variables).map(([name, value]) => {
      if (value !== MASK) return [name, value];
      const given = valueOf(name);
      if (given === undefined) missing.push(name);
      return [name, given];
    }),
  );
  return missing.length ? { missing } : { variables: filled };
}

function quoted(names: string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}
