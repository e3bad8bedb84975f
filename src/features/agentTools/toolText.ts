// What the language-model tools answer, as short text: masked, cut to size, with what to do next when
// something went wrong. No vscode import: tested on its own.
import { isNotteApiError, messageOf } from '../../api/errors';
import { pythonLiteral } from '../../api/snippets';
import { isSecretName, MASK, maskUrlSecrets, redactSecrets, stripControlCharacters } from '../../api/redact';
import { pythonTypeOf } from '../../shared/variableValues';

/** Past this many characters a run's result is cut, and the answer says so. */
export const RESULT_LIMIT = 4000;
/** Log lines an answer ends with, unless the model asks for another number. */
export const DEFAULT_LOG_LINES = 20;
export const MAX_LOG_LINES = 200;
const LOG_LINE_LIMIT = 300;

/**
 * Everything a tool answers goes through here: terminal escapes and control bytes out (as in the
 * Output channel), the key and any other secret given out, signed URLs' tokens out.
 */
export function sanitize(text: string, secrets: readonly (string | undefined)[]): string {
  return maskUrlSecrets(redactSecrets(stripControlCharacters(text), secrets));
}

export interface Cut {
  text: string;
  truncated: boolean;
  total: number;
}

export function cut(text: string, limit: number): Cut {
  if (text.length <= limit) return { text, truncated: false, total: text.length };
  return { text: text.slice(0, limit), truncated: true, total: text.length };
}

/** A result block: the (pretty-printed) result, and a line saying it was cut when it was. */
export function resultBlock(formatted: string, limit = RESULT_LIMIT): string {
  const { text, truncated, total } = cut(formatted, limit);
  if (!truncated) return `Result:\n${text}`;
  return `Result (truncated: the first ${limit} of ${total} characters; the whole result is in the run's document, "Notte: Open Run"):\n${text}…`;
}

/**
 * The last `count` lines, each cut to a readable length, under a heading that says how many the run
 * printed (`total`, when only the last ones were kept).
 */
export function logBlock(lines: readonly string[], count: number, total = lines.length): string {
  const plural = (n: number) => `${n} line${n === 1 ? '' : 's'}`;
  if (total === 0) return 'Logs: none.';
  const shown = count <= 0 ? [] : lines.slice(-count);
  if (shown.length === 0) return `Logs: ${plural(total)} (none asked for).`;
  const heading = shown.length === total ? `Logs (${plural(total)}):` : `Last ${shown.length} of ${total} log lines:`;
  return [heading, ...shown.map((line) => (line.length > LOG_LINE_LIMIT ? `${line.slice(0, LOG_LINE_LIMIT)}…` : line))].join('\n');
}

/** One line per variable: its name, the value as Python reads it, and its Python type; secret-looking names masked. */
export function variablesBlock(variables: Record<string, unknown>, heading = 'Variables'): string {
  const entries = Object.entries(variables);
  if (entries.length === 0) return `${heading}: none.`;
  return [
    `${heading}:`,
    ...entries.map(([name, value]) =>
      isSecretName(name) ? `  ${name} = ${MASK} (masked: secret-looking name)` : `  ${name} = ${clip(pythonLiteral(value), 300)} (${pythonTypeOf(value)})`,
    ),
  ].join('\n');
}

/** The model-facing message for a failure of a request: what happened, then what to do. */
export function errorText(error: unknown, context: { where: string; functionId?: string; runId?: string }): string {
  // The error's own message: the advice below is the model's, not the UI's.
  const what = messageOf(error);
  if (!isNotteApiError(error)) return `Error: ${what}`;
  switch (error.kind) {
    case 'auth':
      return `Error: ${what}\nAsk the user to set a valid key with "Notte: Set API Key", then try again.`;
    case 'not_found':
      return context.runId
        ? `Error: ${what}\nCheck the function id and run id (notte_run_function and notte_list_functions answer them).`
        : `Error: ${what}\nCall notte_list_functions to see the ids of the functions on ${context.where}.`;
    case 'rate_limited': {
      const wait = error.retryAfterMs !== undefined ? `Wait ${Math.max(1, Math.ceil(error.retryAfterMs / 1000))} s` : 'Wait a little';
      return `Error: ${what}\n${wait}, then try again; do not start several runs at once.`;
    }
    case 'network':
      return `Error: ${what}\nThe server at ${context.where} does not answer. Ask the user to check it is running (for the local server: "Notte: Start Local Functions Server") or to check notte.apiUrl, then try again.`;
    case 'timeout':
      return `Error: ${what}\nTry again later, or ask the user to raise notte.runTimeoutSeconds / notte.requestTimeoutSeconds.`;
    case 'validation':
      return `Error: ${what}\nCorrect the request (the variables' names and types are listed by notte_list_functions) and try again.`;
    case 'server':
      return `Error: ${what}\nThe server failed; try again in a moment.`;
    case 'cancelled':
      return `Cancelled: ${what}`;
    default:
      return `Error: ${what}`;
  }
}

export const NO_KEY_TEXT =
  'Error: no Notte API key is set, so nothing was sent. Ask the user to run "Notte: Set API Key" (or to set NOTTE_API_KEY), or to start the offline server with "Notte: Start Local Functions Server", then try again.';

function clip(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}

/** A Markdown code fence longer than any run of backticks inside, so hostile text cannot close it. */
export function fenced(text: string, language = ''): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}
