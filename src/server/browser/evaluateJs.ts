// The evaluate_js action as Notte runs it (notte_browser/session.py), so a function reads the same
// `data.markdown` locally and in Notte's cloud: code with a bare `return` is wrapped in a function,
// an expression that is a function is called (Playwright for Python, which Notte uses, does so), and
// the result is written as Python's str() writes it: a string as it is, null and undefined as "null",
// true/false as "True"/"False", objects and arrays as JSON indented by 2.
import type { Page } from 'playwright-core';

/** Notte's test for code that already is a function or a grouped expression. */
const ALREADY_FUNCTION = /^(?:\(|function\b|async\s+(?:function\b|\())/;

/** The code Notte hands to Playwright. */
export function notteJsCode(code: string): string {
  const stripped = code.trim();
  const needsWrap = /\breturn\b/.test(stripped) && !ALREADY_FUNCTION.test(stripped);
  return needsWrap ? `(() => {\n${code}\n})()` : code;
}

/** A result as Notte writes it into `data.markdown`. */
export function notteResultText(result: unknown): string {
  if (result === null || result === undefined) return 'null';
  if (typeof result === 'string') return result;
  if (typeof result === 'boolean') return result ? 'True' : 'False';
  if (typeof result === 'object') return JSON.stringify(result, null, 2);
  return String(result);
}

/**
 * Evaluates `code` in the page: its value, or the value of calling it when it is a function (awaited
 * when it is a promise). Indirect eval runs it in the page's global scope, as Playwright's own string
 * evaluation does. Code still running after `timeoutMs` fails with Notte's message (its promise is left to the page).
 */
export async function evaluateJs(page: Page, code: string, timeoutMs: number): Promise<unknown> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`JavaScript evaluation timed out after ${timeoutMs}ms`)), timeoutMs);
  });
  // A function expression is put in parentheses first, as Playwright does with a string: alone, eval
  // reads `function () {…}` as a statement (a syntax error), and a named one as a declaration (no value).
  const source = notteJsCode(code).trim();
  const expression = /^(async)?\s*function(\s|\()/.test(source) ? `(${source})` : source;
  const evaluated = page.evaluate(async (text) => {
    const value: unknown = (0, eval)(text);
    return typeof value === 'function' ? await (value as () => unknown)() : await value;
  }, expression);
  evaluated.catch(() => undefined);
  try {
    return await Promise.race([evaluated, timedOut]);
  } finally {
    clearTimeout(timer);
  }
}
