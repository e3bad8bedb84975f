// Where a Python file defines its top-level run(...): read from the text alone (no Python, no
// request), so CodeLenses cost a scan of the document. No vscode import.

export interface RunDefinition {
  /** 0-based line of the `def` (or `async def`). */
  line: number;
  /** Column where `def` / `async` starts (always 0: only top-level definitions count). */
  character: number;
  async: boolean;
}

const TOP_LEVEL_RUN = /^(async[ \t]+)?def[ \t]+run[ \t]*\(/;

/**
 * Every top-level `def run(` / `async def run(`. A nested definition is indented, so only column 0
 * counts; lines inside triple-quoted strings (a docstring that shows an example) are skipped.
 */
export function findRunDefinitions(text: string): RunDefinition[] {
  const found: RunDefinition[] = [];
  if (!/def[ \t]+run/.test(text)) return found;
  let openQuote: '"""' | "'''" | undefined;
  let start = 0;
  for (let line = 0; start <= text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const content = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    if (!openQuote) {
      const match = TOP_LEVEL_RUN.exec(content);
      if (match) found.push({ line, character: 0, async: match[1] !== undefined });
    }
    if (content.includes('"""') || content.includes("'''")) openQuote = quoteStateAfter(content, openQuote);
    start = end + 1;
  }
  return found;
}

/** Whether a triple-quoted string is still open after this line; comments and short strings are skipped. */
function quoteStateAfter(line: string, open: '"""' | "'''" | undefined): '"""' | "'''" | undefined {
  let i = 0;
  while (i < line.length) {
    if (open) {
      const close = line.indexOf(open, i);
      if (close < 0) return open;
      i = close + 3;
      open = undefined;
      continue;
    }
    const ch = line[i];
    if (ch === '#') return undefined;
    if (line.startsWith('"""', i) || line.startsWith("'''", i)) {
      open = line.slice(i, i + 3) as '"""' | "'''";
      i += 3;
      continue;
    }
    if (ch === '"' || ch === "'") {
      // A one-line string: skip to its end so a triple quote inside it does not count.
      let j = i + 1;
      while (j < line.length && line[j] !== ch) j += line[j] === '\\' ? 2 : 1;
      i = j + 1;
      continue;
    }
    i++;
  }
  return open;
}
