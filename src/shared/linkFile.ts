// The link between a workspace's Python files and their Notte Functions, kept in
// `.notte/functions.json` so a team can commit it. Pure text in, text out; no vscode import.
//
//   {
//     "functions": {
//       "scrapers/prices.py": { "functionId": "fn_123", "apiUrl": "https://api.notte.cc", "name": "prices", "version": "3" }
//     }
//   }
//
// A file deployed to two servers (the cloud and a local Functions server) has a list of links.

import type { ErrorObject } from 'ajv';
import { fileSchemaError } from './fileSchemas';
import { pointerSegments } from './jsonPath';
import { pointerOffset } from './jsonPointerLine';
import { errorPointer, errorText } from './jsonSchema';
import { findJsonError, lineAndColumn } from './jsonWithLines';

export const LINK_FILE = '.notte/functions.json';

export interface FunctionLink {
  functionId: string;
  /** The API the function lives on, without a trailing slash. */
  apiUrl: string;
  /** The function's name when it was linked, to show without asking the server. */
  name?: string;
  /** The version last deployed or linked from here. */
  version?: string;
}

export interface LinkFileContent {
  /** Workspace-relative path (forward slashes) → its links, one per API URL. */
  links: Map<string, FunctionLink[]>;
  /** Top-level keys other than "functions", written back as they were. */
  extra: Record<string, unknown>;
}

export type LinkFileParse = { ok: true; content: LinkFileContent } | { ok: false; line: number; column: number; message: string };

export function emptyLinkFile(): LinkFileContent {
  return { links: new Map(), extra: {} };
}

export function normalizeApiUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** Reads the file's text; malformed JSON or a wrong shape answer where (1-based line and column) and why. */
export function parseLinkFile(text: string): LinkFileParse {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (source.trim() === '') return { ok: true, content: emptyLinkFile() };
  let value: unknown;
  try {
    value = JSON.parse(source);
  } catch (error) {
    const at = findJsonError(source);
    const { line, column } = lineAndColumn(source, at?.offset ?? 0);
    return { ok: false, line, column, message: at?.message ?? `not valid JSON (${(error as Error).message})` };
  }
  // The shape is the schema's (media/schemas/functions.schema.json), as the editor checks it.
  const error = fileSchemaError('linkFile', value);
  if (error) return { ok: false, ...lineAndColumn(source, pointerOffset(source, errorPointer(error))), message: schemaErrorText(error, value) };
  const { functions, ...extra } = value as { functions?: Record<string, FunctionLink | FunctionLink[]> };
  const links = new Map<string, FunctionLink[]>();
  for (const [file, entry] of Object.entries(functions ?? {})) {
    const parsed = (Array.isArray(entry) ? entry : [entry]).map((item) => {
      const link: FunctionLink = { functionId: item.functionId, apiUrl: normalizeApiUrl(item.apiUrl) };
      if (item.name !== undefined) link.name = item.name;
      if (item.version !== undefined) link.version = item.version;
      return link;
    });
    links.set(normalizePath(file), parsed);
  }
  return { ok: true, content: { links, extra } };
}

export function serializeLinkFile(content: LinkFileContent): string {
  const functions: Record<string, unknown> = {};
  for (const file of [...content.links.keys()].sort()) {
    const links = content.links.get(file)!;
    if (links.length === 0) continue;
    functions[file] = links.length === 1 ? links[0] : links;
  }
  return JSON.stringify({ ...content.extra, functions }, null, 2) + '\n';
}

/** The link of a file for one API, if any. */
export function findLink(content: LinkFileContent, file: string, apiUrl: string): FunctionLink | undefined {
  const wanted = normalizeApiUrl(apiUrl);
  return content.links.get(normalizePath(file))?.find((l) => l.apiUrl === wanted);
}

/** The files linked to a function on an API. */
export function filesOfFunction(content: LinkFileContent, functionId: string, apiUrl: string): string[] {
  const wanted = normalizeApiUrl(apiUrl);
  return [...content.links.entries()].filter(([, links]) => links.some((l) => l.functionId === functionId && l.apiUrl === wanted)).map(([file]) => file);
}

/** A copy with the file linked to `link` on its API (replacing that API's previous link of the file). */
export function withLink(content: LinkFileContent, file: string, link: FunctionLink): LinkFileContent {
  const key = normalizePath(file);
  const normalized = { ...link, apiUrl: normalizeApiUrl(link.apiUrl) };
  const links = new Map(content.links);
  links.set(key, [...(links.get(key) ?? []).filter((l) => l.apiUrl !== normalized.apiUrl), normalized]);
  return { links, extra: content.extra };
}

/** A copy without the file's link on that API (or all its links when no API is given). */
export function withoutLink(content: LinkFileContent, file: string, apiUrl?: string): LinkFileContent {
  const key = normalizePath(file);
  const links = new Map(content.links);
  const kept = apiUrl === undefined ? [] : (links.get(key) ?? []).filter((l) => l.apiUrl !== normalizeApiUrl(apiUrl));
  if (kept.length) links.set(key, kept);
  else links.delete(key);
  return { links, extra: content.extra };
}

export function normalizePath(file: string): string {
  return file.replace(/\\/g, '/').replace(/^\.\//, '');
}

/** The schema's complaint as a sentence about the link it is in. */
function schemaErrorText(error: ErrorObject, value: unknown): string {
  const [top, file, ...rest] = pointerSegments(errorPointer(error));
  if (top === undefined) return 'expected a JSON object like {"functions": {…}}';
  if (file === undefined) return '"functions" must be an object mapping file paths to links';
  const field = rest.filter((s) => !/^\d+$/.test(s));
  const which = rest.length > field.length ? `link ${Number(rest[0]) + 1} of "${file}"` : `the link of "${file}"`;
  if (field.length === 0) return `${which} needs a "functionId" and an "apiUrl" (strings)`;
  return `${which}: "${field.join('.')}" ${errorText(error, value)}`;
}
