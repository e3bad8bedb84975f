// Variables given as one JSON object (by a language model's tool call, or typed in Run Function's
// JSON box), checked and converted as Run Function checks and converts what a person types in its
// box per variable. No vscode import: tested on its own.
import { article, coerceInput, parsePythonLiteral } from '../api/pythonValues';
import { FunctionVariable, hasDefault } from '../api/types';

export type ToolVariables = { ok: true; variables: Record<string, unknown> } | { ok: false; message: string };

/**
 * A model sends JSON values, so a value whose JSON type already fits passes as it is; a string for a
 * typed parameter is read as if typed into Run Function's input box ("42" for an `int`), and any other
 * value is read from its JSON text the same way, so 4.5 for an `int` is refused with the box's message.
 * Parameters left out take their default when it is a literal, as Run Function sends them; a parameter
 * without a default must be given. Every problem is listed, with the function's signature, so the model
 * can correct all of them in one more call.
 */
export function convertToolVariables(parameters: readonly FunctionVariable[], input: unknown): ToolVariables {
  if (input === undefined || input === null) input = {};
  if (typeof input !== 'object' || Array.isArray(input)) {
    return { ok: false, message: `"variables" must be a JSON object of parameter names to values, like {"url": "https://example.com"}.\n${signature(parameters)}` };
  }
  const given = input as Record<string, unknown>;
  const known = new Set(parameters.map((p) => p.name));
  const problems: string[] = [];
  const unknown = Object.keys(given).filter((name) => !known.has(name));
  if (unknown.length && parameters.length) problems.push(`Unknown variable${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')} (expected ${[...known].join(', ')}).`);
  else if (unknown.length) problems.push(`This function takes no variables; remove ${unknown.join(', ')}.`);

  const variables: Record<string, unknown> = {};
  for (const parameter of parameters) {
    const type = parameter.type ?? undefined;
    if (!(parameter.name in given) || given[parameter.name] === undefined) {
      const fallback = parsePythonLiteral(parameter.default);
      if (!hasDefault(parameter)) problems.push(`${parameter.name}${type ? ` (${type})` : ''} has no default: give a value.`);
      // A default that is not a plain literal (an expression) is left to Python to evaluate.
      else if (fallback.ok) variables[parameter.name] = fallback.value;
      continue;
    }
    const value = given[parameter.name];
    const converted = convertOne(value, parameter);
    if (converted.ok) variables[parameter.name] = converted.value;
    else problems.push(`${parameter.name}${type ? ` (${type})` : ''}: ${converted.message}; got ${describeValue(value)}.`);
  }
  if (problems.length) return { ok: false, message: `${problems.join('\n')}\n${signature(parameters)}` };
  return { ok: true, variables };
}

/**
 * A set's values (a saved set, a CSV row) checked and converted for run(...) as convertToolVariables does,
 * keeping to the names the set gives (run()'s defaults for the rest): what Run Batch and the set runner send.
 */
export function convertSet(parameters: readonly FunctionVariable[], set: Record<string, unknown>): ToolVariables {
  const checked = convertToolVariables(parameters, set);
  return checked.ok ? { ok: true, variables: Object.fromEntries(Object.keys(set).map((name) => [name, checked.variables[name]])) } : checked;
}

/**
 * The text of Run Function's JSON box, read: valid JSON, an object, and each variable as its box would
 * take it (a missing required one, a "three" for an int are refused; "3" for an int becomes 3).
 */
export function readJsonVariables(text: string, parameters: readonly FunctionVariable[]): ToolVariables {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${(error as Error).message}` };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: false, message: 'Variables must be a JSON object, like {"url": "https://example.com"}' };
  // Without known parameters (a function that did not say), the object goes as it is.
  if (parameters.length === 0) return { ok: true, variables: parsed as Record<string, unknown> };
  const converted = convertToolVariables(parameters, parsed);
  // The box shows one line: the problems, not the signature its prompt already gives.
  return converted.ok ? converted : { ok: false, message: problemsOnly(converted.message) };
}

/** A refusal of convertToolVariables on one line, without the signature it ends with. */
export function problemsOnly(message: string): string {
  return message.split('\n').slice(0, -1).join(' ');
}

function convertOne(value: unknown, parameter: FunctionVariable): { ok: true; value: unknown } | { ok: false; message: string } {
  const type = parameter.type ?? undefined;
  const kind = (type ?? '').replace(/\s+/g, '');
  // JSON's null is Python's None: taken where run(...) defaults to None or the annotation allows it
  // (Optional, a class), refused where it would have been sent as the text "null" (a plain str).
  if (value === null && kind !== '' && parameter.default !== 'None') {
    const read = coerceInput('null', type);
    return read.ok && read.value === null ? read : { ok: false, message: `None (null) is not ${article(kind)}` };
  }
  if (value === null) return { ok: true, value: null };
  // An untyped parameter takes any JSON value as it is, as Run Function with JSON Variables sends it.
  if (kind === '') return { ok: true, value };
  return coerceInput(typeof value === 'string' ? value : JSON.stringify(value), type);
}

/** `run(name: str, count: int = 2)`, for error messages. */
export function signature(parameters: readonly FunctionVariable[]): string {
  const parts = parameters.map((p) => `${p.name}${p.type ? `: ${p.type}` : ''}${hasDefault(p) ? ` = ${p.default}` : ''}`);
  return `The function's parameters: run(${parts.join(', ')}).`;
}

function describeValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** The Python type a JSON value arrives as in `run(...)`. */
export function pythonTypeOf(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}
