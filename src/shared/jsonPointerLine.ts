// The line of a JSON Pointer in the text it was parsed from, so that a problem a validator finds in
// the value ("/0/expect/maxSeconds") is told at its line of the file, where the editor squiggles it.
// No vscode import.
import { lineAndColumn } from './jsonWithLines';
import { pointerSegments } from './jsonPath';

/**
 * The line of what `pointer` names in `text` (valid JSON): an object member's key, a list element's
 * start. A pointer that goes further than the text (a missing key) answers its deepest existing part.
 */
export function pointerLine(text: string, pointer: string): number {
  return lineAndColumn(text, pointerOffset(text, pointer)).line;
}

/** The offset of what `pointer` names (see pointerLine). */
export function pointerOffset(text: string, pointer: string): number {
  let i = skipSpace(text, 0);
  let found = i;
  for (const segment of pointerSegments(pointer)) {
    const next = text[i] === '{' ? memberValue(text, i, segment) : text[i] === '[' ? elementStart(text, i, segment) : undefined;
    if (!next) break;
    found = next.at;
    i = next.value;
  }
  return found;
}

/** In the object at `open`, the member named `key`: where its key stands and where its value starts. */
function memberValue(text: string, open: number, key: string): { at: number; value: number } | undefined {
  let i = skipSpace(text, open + 1);
  while (text[i] === '"') {
    const keyEnd = stringEnd(text, i);
    const name = JSON.parse(text.slice(i, keyEnd)) as string;
    const value = skipSpace(text, skipSpace(text, keyEnd) + 1);
    if (name === key) return { at: i, value };
    i = skipSpace(text, valueEnd(text, value));
    if (text[i] !== ',') return undefined;
    i = skipSpace(text, i + 1);
  }
  return undefined;
}

/** In the list at `open`, where element number `segment` starts. */
function elementStart(text: string, open: number, segment: string): { at: number; value: number } | undefined {
  if (!/^\d+$/.test(segment)) return undefined;
  let i = skipSpace(text, open + 1);
  for (let index = 0; i < text.length && text[i] !== ']'; index++) {
    if (index === Number(segment)) return { at: i, value: i };
    i = skipSpace(text, valueEnd(text, i));
    if (text[i] !== ',') return undefined;
    i = skipSpace(text, i + 1);
  }
  return undefined;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && ' \t\r\n\ufeff'.includes(text[i])) i++;
  return i;
}

/** The offset just after the string that opens at `i`. */
function stringEnd(text: string, i: number): number {
  for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
  return i + 1;
}

/** The offset just after the value that starts at `i` (strings respected, brackets counted). */
function valueEnd(text: string, i: number): number {
  if (text[i] === '"') return stringEnd(text, i);
  if (text[i] !== '{' && text[i] !== '[') {
    while (i < text.length && !',}] \t\r\n'.includes(text[i])) i++;
    return i;
  }
  let depth = 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') i = stringEnd(text, i) - 1;
    else if (ch === '{' || ch === '[') depth++;
    else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return i;
}
