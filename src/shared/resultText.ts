// How a run's result reads in the Output channel and documents; no vscode import.

/** Results arrive as JSON text, as objects, or as plain error messages: show each readably. */
export function formatResult(result: unknown): string {
  if (result === null || result === undefined) return 'null';
  if (typeof result === 'string') {
    try {
      const parsed: unknown = JSON.parse(result);
      if (parsed !== null && typeof parsed === 'object') return JSON.stringify(parsed, null, 2);
      return typeof parsed === 'string' ? parsed : JSON.stringify(parsed);
    } catch {
      return result;
    }
  }
  return JSON.stringify(result, null, 2);
}

/**
 * A result as a JSON value. A run's result is text: JSON for what a function returned, except a string,
 * which is kept as it is (as the SDK stores it); so text that parses is read as JSON, and other text is a string.
 */
export function resultValue(result: unknown): unknown {
  if (typeof result !== 'string') return result ?? null;
  try {
    return JSON.parse(result);
  } catch {
    return result;
  }
}
