// JSON Schema validation, by Ajv (one validator for the files' schemas and the contracts' result
// schemas), and its errors told as plain sentences with the place they are about. No vscode import.
import type Ajv from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { pointerOf, pointerPath, pointerSegments } from './jsonPath';
import { packageBesideBundle } from '../api/packageBesideBundle';
import { isSecretName, MASK } from '../api/redact';

/** A JSON Schema as a person writes it (draft-07): an object, or true / false. */
export type JsonSchema = Record<string, unknown> | boolean;

/** One way a value does not match a schema: where (a pointer and its `$.` path) and why. */
export interface SchemaViolation {
  pointer: string;
  path: string;
  message: string;
}

export type CompiledSchema = { ok: true; validate: ValidateFunction } | { ok: false; message: string };

/**
 * A validator for schemas people write. Strict about keywords, so a typo ("requried") is refused
 * instead of silently checking nothing; lenient about what strict mode adds beyond that (types that
 * could be inferred, tuples), which hand-written and inferred schemas leave out. `format` is not
 * checked (it would need another package, and the docs say so). Every error is collected.
 * Each call makes a new one: Ajv keeps every schema it compiled, so a long-lived one would grow.
 */
export function newSchemaValidator(options: { allErrors?: boolean; annotations?: string[] } = {}): Ajv {
  const { default: AjvClass } = loadAjv();
  const ajv = new AjvClass({ allErrors: options.allErrors ?? true, strict: true, strictTypes: false, strictTuples: false, strictRequired: false, validateFormats: false });
  for (const keyword of options.annotations ?? []) ajv.addKeyword(keyword);
  return ajv;
}

/**
 * Ajv, read on first use (dist/ajv.js): it takes tens of milliseconds to load and is as big as the rest
 * of the window's code, and most commands never validate.
 */
function loadAjv(): typeof import('ajv') {
  return packageBesideBundle('ajv.js', 'ajv');
}

/** Compiles a schema, or says why it cannot be used (not valid JSON Schema, an unknown keyword, a bad $ref). */
export function compileSchema(ajv: Ajv, schema: unknown): CompiledSchema {
  if (typeof schema !== 'boolean' && (!schema || typeof schema !== 'object' || Array.isArray(schema))) {
    return { ok: false, message: 'a JSON Schema is an object (like {"type": "object"}) or true / false' };
  }
  try {
    return { ok: true, validate: ajv.compile(schema) };
  } catch (error) {
    return { ok: false, message: (error as Error).message.replace(/^strict mode: /, '') };
  }
}

/** What `value` breaks of the schema, each at its place (missing keys at the key's own path). */
export function violationsOf(validate: ValidateFunction, value: unknown): SchemaViolation[] {
  if (validate(value)) return [];
  const seen = new Set<string>();
  const found: SchemaViolation[] = [];
  for (const error of validate.errors ?? []) {
    // anyOf / oneOf only say that their branches failed: the branches' own errors say how.
    if (error.keyword === 'anyOf' || error.keyword === 'oneOf') continue;
    const pointer = errorPointer(error);
    const message = errorText(error, value);
    const key = `${pointer} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    found.push({ pointer, path: pointerPath(pointer, value), message });
  }
  return found;
}

/** The place an error is about: the missing or unknown key itself, else the value that failed. */
export function errorPointer(error: ErrorObject): string {
  const params = error.params as { missingProperty?: string; additionalProperty?: string };
  const key = error.keyword === 'required' ? params.missingProperty : error.keyword === 'additionalProperties' ? params.additionalProperty : undefined;
  return key === undefined ? error.instancePath : error.instancePath + pointerOf([key]);
}

/** The error as the end of a sentence whose subject is its place: "is missing", "must be a number, not a string". */
export function errorText(error: ErrorObject, value: unknown): string {
  const params = error.params as Record<string, unknown>;
  // What is there, for the checks of a value's own content: "must be >= 5, not 3" says what to change
  // (a value under a secret's name is masked).
  const not = (): string => `, not ${shownValue(value, error.instancePath)}`;
  switch (error.keyword) {
    case 'required':
      return 'is missing (required)';
    case 'additionalProperties':
      return 'is not allowed here (an unknown field)';
    case 'type':
      return `must be ${typeWords(String(params.type))}, not ${typeWords(jsonType(valueAt(value, error.instancePath)))}`;
    case 'enum':
      return `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}${not()}`;
    case 'const':
      return `must be ${JSON.stringify(params.allowedValue)}${not()}`;
    case 'minItems':
      return `must have at least ${params.limit} item${params.limit === 1 ? '' : 's'}, has ${(valueAt(value, error.instancePath) as unknown[]).length}`;
    case 'maxItems':
      return `must have at most ${params.limit} item${params.limit === 1 ? '' : 's'}`;
    case 'minLength':
      return params.limit === 1 ? 'must not be empty' : `must be at least ${params.limit} characters long${not()}`;
    case 'pattern':
      return params.pattern === '\\S' ? 'must not be blank' : `must match the pattern ${String(params.pattern)}${not()}`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'multipleOf':
    case 'format':
    case 'maxLength':
      return `${error.message ?? `fails "${error.keyword}"`}${not()}`;
    default:
      return error.message ?? `fails "${error.keyword}"`;
  }
}

/** The JSON type of a value, as schemas name them. */
export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeWords(type: string): string {
  const words: Record<string, string> = {
    object: 'an object',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    null: 'null',
  };
  return type
    .split(',')
    .map((t) => words[t] ?? t)
    .join(' or ');
}

/**
 * The value at `pointer` as a message shows it: JSON cut to a glance (a long one ends in "…"), masked
 * when any key on its path names a secret (api_keys/0, auth/value), and with the values of keys inside
 * it that do (an object holding a token).
 */
function shownValue(value: unknown, pointer: string): string {
  if (pointerSegments(pointer).some((segment) => isSecretName(segment))) return MASK;
  const text = JSON.stringify(valueAt(value, pointer), (key, inner: unknown) => (key && isSecretName(key) ? MASK : inner)) ?? 'nothing';
  // Cut on a whole character (a surrogate pair is not split).
  if (text.length <= 60) return text;
  const cut = text.slice(0, 59);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

function valueAt(value: unknown, pointer: string): unknown {
  let at = value;
  for (const s of pointerSegments(pointer)) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[s] : undefined;
  return at;
}
