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
  if (!isObject(value)) return { ok: false, line: 1, column: 1, message: 'expected a JSON object like {"functions": {…}}' };
  const { functions, ...extra } = value;
  const links = new Map<string, FunctionLink[]>();
  if (functions !== undefined) {
    if (!isObject(functions)) return { ok: false, ...keyPosition(source, 'functions'), message: '"functions" must be an object mapping file paths to links' };
    for (const [file, entry] of Object.entries(functions)) {
      const entries = Array.isArray(entry) ? entry : [entry];
      const parsed: FunctionLink[] = [];
      for (const item of entries) {
        if (!isObject(item) || typeof item.functionId !== 'string' || !item.functionId || typeof item.apiUrl !== 'string' || !item.apiUrl) {
          return { ok: false, ...keyPosition(source, file), message: `the link of "${file}" needs a "functionId" and an "apiUrl" (strings)` };
        }
        const link: FunctionLink = { functionId: item.functionId, apiUrl: normalizeApiUrl(item.apiUrl) };
        if (typeof item.name === 'string') link.name = item.name;
        if (typeof item.version === 'string') link.version = item.version;
        parsed.push(link);
      }
      links.set(normalizePath(file), parsed);
    }
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

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

function keyPosition(text: string, key: string): { line: number; column: number } {
  const at = text.indexOf(JSON.stringify(key));
  return lineAndColumn(text, at < 0 ? 0 : at);
}

export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * Where JSON.parse gave up, found by a small scanner of our own: the engine's messages do not
 * always carry a position, and the user needs the line.
 */
// eslint-disable-next-line max-lines-per-function -- one small recursive-descent scanner; its parts share the cursor
export function findJsonError(text: string): { offset: number; message: string } | undefined {
  let i = 0;
  const fail = (message: string): never => {
    throw { offset: i, message };
  };
  const space = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail('unexpected text (a value must be an object, list, string, number, true, false or null)');
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const code = text.charCodeAt(i);
      if (code < 0x20) fail('a line break or control character inside a string');
      if (text[i] === '\\') {
        const next = text[i + 1];
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('a bad \\u escape');
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else fail('a bad escape in a string');
      } else i++;
    }
    if (i >= text.length) fail('a string that is never closed');
    i++;
  };
  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!match) fail('a malformed number');
    i += match![0].length;
  };
  // eslint-disable-next-line max-lines-per-function -- the JSON grammar in one place
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{') {
      i++;
      space();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail(text[i] === '}' ? 'a comma before "}"' : 'expected a "quoted" property name');
        string();
        space();
        if (text[i] !== ':') fail('expected ":" after the property name');
        i++;
        value();
        space();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return;
        }
        fail('expected "," or "}"');
      }
    }
    if (ch === '[') {
      i++;
      space();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === ',') {
          i++;
          space();
          if (text[i] === ']') fail('a comma before "]"');
          continue;
        }
        if (text[i] === ']') {
          i++;
          return;
        }
        fail('expected "," or "]"');
      }
    }
    if (ch === '"') return string();
    if (ch === '-' || (ch >= '0' && ch <= '9')) return number();
    if (ch === 't') return literal('true');
    if (ch === 'f') return literal('false');
    if (ch === 'n') return literal('null');
    if (ch === undefined) fail('the text ends before the value does');
    fail('unexpected text (a value must be an object, list, string, number, true, false or null)');
  };
  try {
    value();
    space();
    if (i < text.length) fail('more text after the end of the JSON value');
    return undefined;
  } catch (error) {
    if (error && typeof error === 'object' && 'offset' in error) return error as { offset: number; message: string };
    throw error;
  }
}
