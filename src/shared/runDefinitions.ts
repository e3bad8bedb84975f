// Where a Python file defines its top-level run(...): read from the text alone (no Python, no
// request), so CodeLenses cost a scan of the document. No vscode import.

export interface RunDefinition {
  /** 0-based line of the `def` (or `async def`). */
  line: number;
  /** Column where `def` / `async` starts (always 0: only top-level definitions count). */
  character: number;
  async: boolean;
}

const TOP_LEVEL_RUN = /^(async[ \t]+)?def[ \t]+run[ \t]*\(/gm;
const TRIPLE_QUOTE = /"""|'''/g;

/**
 * Every top-level `def run(` / `async def run(`. A nested definition is indented, so only column 0
 * counts; a definition inside a triple-quoted string (a docstring that shows an example) is skipped.
 * Only the candidate lines and the lines holding triple quotes are looked at, so a long file costs
 * two regex scans.
 */
export function findRunDefinitions(text: string): RunDefinition[] {
  const candidates: { offset: number; async: boolean }[] = [];
  TOP_LEVEL_RUN.lastIndex = 0;
  for (let m = TOP_LEVEL_RUN.exec(text); m; m = TOP_LEVEL_RUN.exec(text)) candidates.push({ offset: m.index, async: m[1] !== undefined });
  if (candidates.length === 0) return [];

  // Whether a triple-quoted string is open after each line that holds triple quotes.
  const changes: { lineStart: number; openAfter: boolean }[] = [];
  let open: '"""' | "'''" | undefined;
  TRIPLE_QUOTE.lastIndex = 0;
  for (let m = TRIPLE_QUOTE.exec(text); m; m = TRIPLE_QUOTE.exec(text)) {
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    let lineEnd = text.indexOf('\n', m.index);
    if (lineEnd < 0) lineEnd = text.length;
    open = quoteStateAfter(text.slice(lineStart, lineEnd).replace(/\r$/, ''), open);
    changes.push({ lineStart, openAfter: open !== undefined });
    TRIPLE_QUOTE.lastIndex = lineEnd;
  }

  const found: RunDefinition[] = [];
  let line = 0;
  let counted = 0;
  let change = 0;
  let inString = false;
  for (const candidate of candidates) {
    for (let nl = text.indexOf('\n', counted); nl >= 0 && nl < candidate.offset; nl = text.indexOf('\n', nl + 1)) {
      line++;
      counted = nl + 1;
    }
    while (change < changes.length && changes[change].lineStart < candidate.offset) inString = changes[change++].openAfter;
    if (!inString) found.push({ line, character: 0, async: candidate.async });
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

/** The files a local Functions server serves from its folder: `.py`, not private (`_x.py`) or hidden. */
export function isFunctionFileName(name: string): boolean {
  return name.toLowerCase().endsWith('.py') && !name.startsWith('_') && !name.startsWith('.');
}

/** Whether the text defines a top-level `run(...)`: what makes a Python file a Notte Function. */
export function hasRunDefinition(text: string): boolean {
  return findRunDefinitions(text).length > 0;
}
