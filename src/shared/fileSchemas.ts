// The JSON Schemas of our own files (media/schemas/, which package.json maps for the editor), used by
// the extension's readers too, so that the editor's squiggle and the extension's message agree.
// No vscode import.
import type { ErrorObject, ValidateFunction } from 'ajv';
import savedSetsSchema from '../../media/schemas/saved-sets.schema.json';
import linkFileSchema from '../../media/schemas/functions.schema.json';
import { newSchemaValidator } from './jsonSchema';

export type SchemaFile = 'savedSets' | 'linkFile';

const SCHEMAS: Record<SchemaFile, object> = { savedSets: savedSetsSchema, linkFile: linkFileSchema };

/**
 * The compiled validators, made on first use and kept: compiling costs tens of milliseconds, the
 * files are read on every page and batch, and these two schemas never change while running.
 */
const compiled: Partial<Record<SchemaFile, ValidateFunction>> = {};

function validatorOf(file: SchemaFile): ValidateFunction {
  // allErrors off: the first broken set is the one told, as a person fixes them in order.
  const make = () => newSchemaValidator({ allErrors: false, annotations: ['markdownDescription'] }).compile(SCHEMAS[file]);
  return (compiled[file] ??= make());
}

/**
 * The error to tell about `value` against its file's schema, or undefined when it matches: the
 * deepest one (a branch of "one link or a list of links" that got furthest says the most).
 */
export function fileSchemaError(file: SchemaFile, value: unknown): ErrorObject | undefined {
  const validate = validatorOf(file);
  if (validate(value)) return undefined;
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf');
  return errors.reduce<ErrorObject | undefined>((best, e) => (!best || depth(e.instancePath) > depth(best.instancePath) ? e : best), undefined);
}

function depth(pointer: string): number {
  return pointer === '' ? 0 : pointer.split('/').length;
}
