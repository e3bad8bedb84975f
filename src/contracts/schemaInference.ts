// "Save as expected": a JSON Schema inferred from a result, for a person to read and loosen. It
// says what the result was made of (types, every key required, lists not empty, the elements'
// common shape) and nothing about values. No vscode import.
import type { JsonSchema } from '../shared/jsonSchema';
import { jsonType } from '../shared/jsonSchema';

type Schema = Record<string, unknown>;

/**
 * The schema of `value`: objects with their keys required, lists with `minItems: 1` and the shape
 * their elements share, numbers as "number" (a whole price today may have cents tomorrow).
 */
export function inferSchema(value: unknown): JsonSchema {
  if (Array.isArray(value)) {
    if (value.length === 0) return { type: 'array' };
    return { type: 'array', minItems: 1, items: value.map(inferSchema).reduce(merge) };
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    const properties = Object.fromEntries(keys.map((key) => [key, inferSchema((value as Record<string, unknown>)[key])]));
    return keys.length ? { type: 'object', properties, required: keys } : { type: 'object' };
  }
  const type = jsonType(value);
  return { type: type === 'integer' ? 'number' : type === 'undefined' ? 'null' : type };
}

/** One schema both elements match: objects keep the keys all had as required, differing types become a list of types. */
function merge(a: JsonSchema, b: JsonSchema): JsonSchema {
  const x = a as Schema;
  const y = b as Schema;
  if (typeof x.type === 'string' && x.type === y.type) {
    if (x.type === 'object') return mergeObjects(x, y);
    if (x.type === 'array') return mergeArrays(x, y);
    return x;
  }
  const shapes = [...variants(x), ...variants(y)];
  const unique = shapes.filter((s, i) => shapes.findIndex((t) => JSON.stringify(t) === JSON.stringify(s)) === i);
  // Plain types merge into one list of types; shapes (objects, lists) of mixed kinds stay apart.
  if (unique.every((s) => Object.keys(s).length === 1)) return { type: unique.map((s) => s.type as string) };
  return { anyOf: unique };
}

function variants(schema: Schema): Schema[] {
  if (Array.isArray(schema.anyOf)) return schema.anyOf as Schema[];
  if (Array.isArray(schema.type)) return (schema.type as string[]).map((type) => ({ type }));
  return [schema];
}

function mergeObjects(x: Schema, y: Schema): Schema {
  const px = (x.properties ?? {}) as Record<string, JsonSchema>;
  const py = (y.properties ?? {}) as Record<string, JsonSchema>;
  const keys = [...new Set([...Object.keys(px), ...Object.keys(py)])];
  if (keys.length === 0) return { type: 'object' };
  const properties = Object.fromEntries(keys.map((key) => [key, key in px && key in py ? merge(px[key], py[key]) : (px[key] ?? py[key])]));
  const required = ((x.required ?? []) as string[]).filter((key) => ((y.required ?? []) as string[]).includes(key));
  return required.length ? { type: 'object', properties, required } : { type: 'object', properties };
}

function mergeArrays(x: Schema, y: Schema): Schema {
  const items = x.items && y.items ? merge(x.items as JsonSchema, y.items as JsonSchema) : (x.items ?? y.items);
  const bothFilled = x.minItems === 1 && y.minItems === 1;
  return { type: 'array', ...(bothFilled ? { minItems: 1 } : {}), ...(items ? { items } : {}) };
}
