// The exact text of a field of a JSON object body. JavaScript reads every number as a double, so
// 123456789012345678 becomes …680, 2**70 a float and 1.0 the int 1; a run's variables go to Python,
// which reads JSON numbers exactly, as the text the client sent (the SDK sends exact JSON, and
// Notte hands run() the values untouched). Only for text JSON.parse already accepted.

/** The source text of the top-level `key`'s value in a JSON object text (the last one, as JSON.parse keeps), or undefined. */
export function fieldSource(text: string, key: string): string | undefined {
  let found: string | undefined;
  let i = skipSpace(text, 0);
  if (text[i] !== '{') return undefined;
  i = skipSpace(text, i + 1);
  while (i < text.length && text[i] !== '}') {
    const keyEnd = valueEnd(text, i);
    const name = JSON.parse(text.slice(i, keyEnd)) as string;
    const start = skipSpace(text, skipSpace(text, keyEnd) + 1); // past the colon
    const end = valueEnd(text, start);
    if (name === key) found = text.slice(start, end);
    i = skipSpace(text, end);
    if (text[i] === ',') i = skipSpace(text, i + 1);
  }
  return found;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

/** Where the value starting at `i` ends: a string, an object or array (strings inside skipped), or a literal. */
function valueEnd(text: string, i: number): number {
  const first = text[i];
  if (first === '"') {
    for (let j = i + 1; j < text.length; j++) {
      if (text[j] === '\\') j++;
      else if (text[j] === '"') return j + 1;
    }
    return text.length;
  }
  if (first === '{' || first === '[') {
    let depth = 0;
    for (let j = i; j < text.length; j++) {
      const c = text[j];
      if (c === '"') j = valueEnd(text, j) - 1;
      else if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && --depth === 0) return j + 1;
    }
    return text.length;
  }
  let j = i;
  while (j < text.length && !',}] \n\r\t'.includes(text[j])) j++;
  return j;
}
