// Between the Python source text the API gives for parameters (`ast.unparse` of annotations and
// defaults) and the JSON values a run is started with.

export type Parsed = { ok: true; value: unknown } | { ok: false };
export type Coerced = { ok: true; value: unknown } | { ok: false; message: string };

/**
 * Reads a Python literal as ast.unparse writes it: strings in either quote, numbers, True/False/None,
 * lists, tuples, dicts and sets of those. Anything else (a call, a name) is not a literal: { ok: false }.
 */
export function parsePythonLiteral(source: string | null | undefined): Parsed {
  if (source === null || source === undefined) return { ok: false };
  const reader = new LiteralReader(source);
  try {
    const value = reader.value();
    reader.skipSpace();
    return reader.done() ? { ok: true, value } : { ok: false };
  } catch {
    return { ok: false };
  }
}

class LiteralReader {
  private pos = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  value(): unknown {
    this.skipSpace();
    const ch = this.text[this.pos];
    if (ch === "'" || ch === '"') return this.string();
    if (ch === '[') return this.sequence('[', ']');
    if (ch === '(') return this.sequence('(', ')');
    if (ch === '{') return this.mapping();
    const word = /^(True|False|None)\b/.exec(this.text.slice(this.pos));
    if (word) {
      this.pos += word[0].length;
      return word[0] === 'True' ? true : word[0] === 'False' ? false : null;
    }
    const number = /^[-+]?(\d[\d_]*\.?[\d_]*([eE][-+]?\d+)?|\.\d+([eE][-+]?\d+)?)/.exec(this.text.slice(this.pos));
    if (number) {
      this.pos += number[0].length;
      const value = Number(number[0].replace(/_/g, ''));
      if (!Number.isFinite(value)) throw new Error('number');
      return value;
    }
    throw new Error(`not a literal at ${this.pos}`);
  }

  private string(): string {
    const quote = this.text[this.pos++];
    let out = '';
    while (this.pos < this.text.length) {
      const ch = this.text[this.pos++];
      if (ch === quote) return out;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const next = this.text[this.pos++];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };
      if (next in simple) out += simple[next];
      else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8;
        const hex = this.text.slice(this.pos, this.pos + length);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) throw new Error('escape');
        out += String.fromCodePoint(parseInt(hex, 16));
        this.pos += length;
      } else out += `\\${next}`;
    }
    throw new Error('unterminated string');
  }

  private sequence(open: string, close: string): unknown[] {
    this.pos++;
    const items: unknown[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === close) {
        this.pos++;
        return items;
      }
      items.push(this.value());
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== close) throw new Error(`expected ${close}`);
    }
  }

  private mapping(): unknown {
    this.pos++;
    const entries: [string, unknown][] = [];
    const setItems: unknown[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] === '}') {
        this.pos++;
        return setItems.length ? setItems : Object.fromEntries(entries);
      }
      const key = this.value();
      this.skipSpace();
      if (this.text[this.pos] === ':') {
        this.pos++;
        entries.push([typeof key === 'string' ? key : JSON.stringify(key), this.value()]);
      } else setItems.push(key);
      this.skipSpace();
      if (this.text[this.pos] === ',') this.pos++;
      else if (this.text[this.pos] !== '}') throw new Error('expected }');
    }
  }
}

/**
 * Turns what a person typed into a value of the parameter's type. `X | None` and `Optional[X]`
 * accept `None`/`null`; unknown or missing annotations take JSON when it parses, else the text.
 */
export function coerceInput(text: string, pythonType: string | null | undefined): Coerced {
  const type = (pythonType ?? '').replace(/\s+/g, '');
  const { base, optional } = unwrapOptional(type);
  if (optional && /^(None|null)$/.test(text.trim())) return { ok: true, value: null };
  const kind = base
    .replace(/^typing\./, '')
    .split('[')[0]
    .toLowerCase();
  switch (kind) {
    case 'str':
      return { ok: true, value: text };
    case 'int': {
      const trimmed = text.trim().replace(/_/g, '');
      if (!/^[-+]?\d+$/.test(trimmed)) return { ok: false, message: `Enter a whole number (int), like 42` };
      const value = Number(trimmed);
      return Number.isSafeInteger(value) ? { ok: true, value } : { ok: false, message: 'That number is too large to send exactly' };
    }
    case 'float': {
      const trimmed = text.trim().replace(/_/g, '');
      const value = Number(trimmed);
      if (trimmed === '' || Number.isNaN(value)) return { ok: false, message: 'Enter a number (float), like 0.5' };
      // Python reads 1e999 as inf, which JSON cannot carry.
      if (!Number.isFinite(value)) return { ok: false, message: TOO_LARGE };
      return { ok: true, value };
    }
    case 'bool': {
      const lower = text.trim().toLowerCase();
      if (['true', '1', 'yes', 'y', 'on'].includes(lower)) return { ok: true, value: true };
      if (['false', '0', 'no', 'n', 'off'].includes(lower)) return { ok: true, value: false };
      return { ok: false, message: 'Enter true or false (bool)' };
    }
    case 'list':
    case 'tuple':
    case 'set':
    case 'sequence':
      return structured(text, base, 'array', `Enter a JSON array (${base}), like ["a", "b"]`);
    case 'dict':
    case 'mapping':
      return structured(text, base, 'object', `Enter a JSON object (${base}), like {"key": "value"}`);
    default:
      return { ok: true, value: jsonOrText(text) };
  }
}

const TOO_LARGE = 'That number is too large to send: JSON has no infinity';

/** 1e999 read from JSON text is Infinity, which JSON.stringify sends as null. */
function holdsInfinity(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value);
  return value !== null && typeof value === 'object' && Object.values(value).some(holdsInfinity);
}

function structured(text: string, type: string, want: 'array' | 'object', message: string): Coerced {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const literal = parsePythonLiteral(text);
    if (!literal.ok) return { ok: false, message };
    value = literal.value;
  }
  const isArray = Array.isArray(value);
  if (want === 'array' ? !isArray : isArray || value === null || typeof value !== 'object') return { ok: false, message };
  if (holdsInfinity(value)) return { ok: false, message: TOO_LARGE };
  const misfit = misfitItem(value, type);
  return misfit ? { ok: false, message: `${message}: ${misfit}` } : { ok: true, value };
}

/**
 * The first item of a list, tuple, set or dict value that its annotation's item type refuses
 * (`list[str]` given `["a", 2]`: "item 2 is 2, not a str"), or undefined. Types it does not know
 * (a class, `Any`) take anything, as the box does for such a parameter.
 */
function misfitItem(value: unknown, type: string): string | undefined {
  const args = typeArguments(type);
  if (!args.length) return undefined;
  if (!Array.isArray(value)) {
    const valueType = args.length === 2 ? args[1] : undefined;
    const entry = Object.entries(value as Record<string, unknown>).find(([, item]) => valueType && !fitsType(item, valueType));
    return entry && valueType ? `the value of "${entry[0]}" is ${JSON.stringify(entry[1])}, not ${article(valueType)}` : undefined;
  }
  // tuple[int, str] holds exactly those (tuple[()] none); tuple[int, ...] and the others any number of one type.
  const fixed = /^(?:typing\.)?tuple\[/i.test(type) && !args.includes('...') ? (args[0] === '()' ? [] : args) : undefined;
  if (fixed && value.length !== fixed.length) return `it holds ${fixed.length} item${fixed.length === 1 ? '' : 's'} (${type}), not ${value.length}`;
  const itemType = (i: number) => (fixed ? fixed[i] : args[0]);
  const index = value.findIndex((item, i) => !fitsType(item, itemType(i)));
  return index < 0 ? undefined : `item ${index + 1} is ${JSON.stringify(value[index])}, not ${article(itemType(index))}`;
}

const KNOWN_KINDS = new Set(['str', 'int', 'float', 'bool', 'list', 'tuple', 'set', 'sequence', 'dict', 'mapping']);

/** Whether a JSON value is what a Python annotation names; unknown names (a class, `Any`) take anything, None too. */
function fitsType(value: unknown, type: string): boolean {
  const { base, optional } = unwrapOptional(type.replace(/\s+/g, ''));
  const kind = base
    .replace(/^typing\./, '')
    .split('[')[0]
    .toLowerCase();
  if (value === null) return optional || !KNOWN_KINDS.has(kind);
  if (kind === 'str') return typeof value === 'string';
  if (kind === 'int') return typeof value === 'number' && Number.isSafeInteger(value);
  if (kind === 'float') return typeof value === 'number' && Number.isFinite(value);
  if (kind === 'bool') return typeof value === 'boolean';
  if (['list', 'tuple', 'set', 'sequence'].includes(kind)) return Array.isArray(value) && !misfitItem(value, base);
  if (['dict', 'mapping'].includes(kind)) return typeof value === 'object' && !Array.isArray(value) && !misfitItem(value, base);
  return true;
}

/** `dict[str, int]` → ["str", "int"]; `list` → []. */
function typeArguments(type: string): string[] {
  const open = type.indexOf('[');
  return open < 0 || !type.endsWith(']') ? [] : splitTopLevel(type.slice(open + 1, -1), ',');
}

/** "a str", "an int": a type named in a sentence. */
export function article(type: string): string {
  return `${/^[aeiou]/i.test(type) ? 'an' : 'a'} ${type}`;
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function unwrapOptional(type: string): { base: string; optional: boolean } {
  const optionalMatch = /^(?:typing\.)?Optional\[(.*)\]$/.exec(type);
  if (optionalMatch) return { base: optionalMatch[1], optional: true };
  const parts = splitTopLevel(type, '|');
  if (parts.length > 1 && parts.includes('None')) {
    const rest = parts.filter((p) => p !== 'None');
    return { base: rest.length === 1 ? rest[0] : '', optional: true };
  }
  const unionMatch = /^(?:typing\.)?Union\[(.*)\]$/.exec(type);
  if (unionMatch) {
    const members = splitTopLevel(unionMatch[1], ',');
    const rest = members.filter((p) => p !== 'None');
    return { base: rest.length === 1 ? rest[0] : '', optional: members.includes('None') };
  }
  return { base: parts.length > 1 ? '' : type, optional: false };
}

function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (ch === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts.filter((p) => p !== '');
}
