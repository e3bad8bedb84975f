// JSON a person edits by hand (.notte/functions.json, .notte/variables/*.json, a batch's variable
// sets): where it is broken, by line, so that every message can name the file and the line. JSON.parse
// says why but not always where, so a small scanner of our own finds the spot. No vscode import.

/** JSON.parse, or why it refused the text (the engine's words) and on which line. */
export function parseJsonWithLine(text: string): { ok: true; value: unknown } | { ok: false; line: number; reason: string } {
  try {
    // A byte-order mark (Windows editors, PowerShell write one) is no part of the JSON.
    return { ok: true, value: JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) };
  } catch (error) {
    const message = (error as Error).message;
    // Our scanner's plain sentence and line ("expected \",\" or \"]\""), else the engine's words.
    const found = findJsonError(text);
    if (found) return { ok: false, line: lineAndColumn(text, found.offset).line, reason: found.message };
    return { ok: false, line: jsonErrorLine(text, message), reason: cleanJsonMessage(message) };
  }
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

/** The line of the first syntax error: the engine's own line when its message has one, else the scanner's. */
function jsonErrorLine(text: string, message: string): number {
  const lineMatch = /line (\d+)/.exec(message);
  if (lineMatch) return Number(lineMatch[1]);
  return lineAndColumn(text, jsonErrorOffset(text)).line;
}

/** Offset of the first JSON syntax error (the end of the text when the scanner finds none). */
export function jsonErrorOffset(text: string): number {
  return findJsonError(text)?.offset ?? text.length;
}

/** JSON.parse's message without the position it sometimes adds (the line is said apart). */
function cleanJsonMessage(message: string): string {
  return message
    .replace(/^JSON\.parse: /, '')
    .replace(/ in JSON at position \d+.*$/, '')
    .replace(/\s*\(line \d+ column \d+\)$/, '');
}

/** The line where each top-level array element starts, found by a small scan that respects strings. */
export function elementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expectElement = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\n') line++;
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
      continue;
    }
    if (expectElement && !/\s/.test(ch) && ch !== ']') {
      lines.push(line);
      expectElement = false;
    }
    if (ch === '"') inString = true;
    else if (ch === '[' || ch === '{') {
      depth++;
      if (depth === 1 && ch === '[') expectElement = true;
    } else if (ch === ']' || ch === '}') depth--;
    else if (ch === ',' && depth === 1) expectElement = true;
  }
  return lines;
}

// Sticky, so that a number is matched where it stands without copying the rest of the text.
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

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
    NUMBER.lastIndex = i;
    if (!NUMBER.test(text)) fail('a malformed number');
    i = NUMBER.lastIndex;
  };
  // The items of an object or a list (the cursor on its opening bracket), up to its closing one.
  const sequence = (close: '}' | ']', item: () => void) => {
    i++;
    space();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      space();
      if (text[i] === ',') {
        i++;
        space();
        if (text[i] === close) fail(`a comma before "${close}"`);
        continue;
      }
      if (text[i] === close) {
        i++;
        return;
      }
      fail(`expected "," or "${close}"`);
    }
  };
  const member = () => {
    space();
    if (text[i] !== '"') fail('expected a "quoted" property name');
    string();
    space();
    if (text[i] !== ':') fail('expected ":" after the property name');
    i++;
    value();
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === '{') return sequence('}', member);
    if (ch === '[') return sequence(']', value);
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
    // Nested deeper than the stack: the scanner cannot say where, the caller still says why.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
