// From what a person typed to the values a run starts with: one module for the input boxes of Run
// Function and for the function page's form, so the same text always sends the same value.
// No vscode import and no Node import: the page's script bundles this file too.
import { coerceInput, parsePythonLiteral } from '../api/pythonValues';
import { hasDefault, type FunctionVariable } from '../api/types';

/** How a parameter is asked for: the page draws a field of this kind, the input boxes take text. */
export type FieldKind = 'text' | 'int' | 'float' | 'bool' | 'json' | 'literal';

export interface FieldSpec {
  name: string;
  /** The annotation as the server wrote it ("list[str]", "dict | None"), or null. */
  type: string | null;
  kind: FieldKind;
  required: boolean;
  /** The default as text a person would type, when it is a literal. */
  defaultText?: string;
  /** The default's Python source when it is not a literal (an expression left to Python). */
  defaultSource?: string;
}

/** `str` → text, numbers, `bool`; no annotation → literal-or-text as the input boxes read it; any other → JSON. */
export function fieldKind(pythonType: string | null | undefined): FieldKind {
  const type = (pythonType ?? '').replace(/\s+/g, '').replace(/^typing\./, '');
  if (!type) return 'literal';
  if (type === 'str') return 'text';
  if (type === 'int') return 'int';
  if (type === 'float') return 'float';
  if (type === 'bool') return 'bool';
  return 'json';
}

export function fieldSpecs(parameters: readonly FunctionVariable[]): FieldSpec[] {
  return parameters.map((parameter) => {
    const literal = parsePythonLiteral(parameter.default);
    const spec: FieldSpec = { name: parameter.name, type: parameter.type ?? null, kind: fieldKind(parameter.type), required: !hasDefault(parameter) };
    if (hasDefault(parameter) && literal.ok) spec.defaultText = toInputText(literal.value);
    else if (hasDefault(parameter)) spec.defaultSource = parameter.default;
    return spec;
  });
}

/**
 * Run Function's prompt over a parameter's box, for what the box holds: "leave empty" reads wrong over a
 * box filled with the last values or a saved set's.
 */
export function boxPrompt(parameter: FunctionVariable, text: string): string {
  const what = hasDefault(parameter) ? (text === '' ? 'leave empty to keep the default' : 'clear it to use the default') : 'required';
  return `${parameter.name}${parameter.type ? ` (${parameter.type})` : ''} — ${what}`;
}

/** The parameters without a default that `variables` gives no value: a call with them fails in run(). */
export function missingRequired(parameters: readonly FunctionVariable[], variables: Record<string, unknown>): string[] {
  return parameters.filter((p) => !hasDefault(p) && !(p.name in variables)).map((p) => p.name);
}

/** Why this text cannot be sent for the parameter, or undefined when it can. Empty means "the default". */
export function validateText(parameter: FunctionVariable, text: string | undefined): string | undefined {
  if (text === undefined || text === '') return hasDefault(parameter) ? undefined : `${parameter.name} has no default: enter a value`;
  const coerced = coerceInput(text, parameter.type);
  return coerced.ok ? undefined : coerced.message;
}

/** Every parameter's problem, by name; empty when the texts can be sent. */
export function validateTexts(parameters: readonly FunctionVariable[], texts: readonly (string | undefined)[]): Record<string, string> {
  const problems: Record<string, string> = {};
  parameters.forEach((parameter, i) => {
    const message = validateText(parameter, texts[i]);
    if (message) problems[parameter.name] = message;
  });
  return problems;
}

/** Turns the typed texts into values; empty texts take the parameter's default when it is a literal. */
export function resolveVariables(parameters: readonly FunctionVariable[], texts: readonly (string | undefined)[]): Record<string, unknown> {
  const variables: Record<string, unknown> = {};
  parameters.forEach((parameter, i) => {
    const text = texts[i];
    if (text) {
      const coerced = coerceInput(text, parameter.type);
      if (coerced.ok) variables[parameter.name] = coerced.value;
      return;
    }
    const fallback = parsePythonLiteral(parameter.default);
    // A default that is not a plain literal (an expression) is left to Python to evaluate.
    if (fallback.ok) variables[parameter.name] = fallback.value;
  });
  return variables;
}

/** The texts that give these values back, in the parameters' order (undefined: not among the values). */
export function textsFor(parameters: readonly FunctionVariable[], values: Record<string, unknown>): (string | undefined)[] {
  return parameters.map((p) => (Object.prototype.hasOwnProperty.call(values, p.name) ? toInputText(values[p.name]) : undefined));
}

/** The text a person would type to get this value back. */
export function toInputText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The variables a form's texts stand for (one per parameter, null for "the default"), read as Run
 * Function reads typed values; or what is wrong with each field; or `mismatch` when the form was drawn
 * for other parameters.
 */
export function formVariables(
  parameters: FunctionVariable[],
  texts: (string | null)[],
): { variables: Record<string, unknown> } | { problems: Record<string, string> } | { mismatch: true } {
  if (texts.length !== parameters.length) return { mismatch: true };
  const typed = texts.map((t) => t ?? undefined);
  const problems = validateTexts(parameters, typed);
  if (Object.keys(problems).length) return { problems };
  return { variables: resolveVariables(parameters, typed) };
}
