// The recorded steps and the Python each becomes, as Notte documents functions: one
// `session.execute(type=…, selector=…, value=…)` per action on a stable selector (never an observe id),
// `session.scrape()` for a scrape (the last one is the function's result), and values marked variable
// as parameters of run(). No vscode import: the exact text is unit-tested.
import { isSecretName } from '../../api/redact';

/** One step of a recording. */
export interface RecordedStep {
  /** The action's type: goto, click, fill, select_dropdown_option, check, press_key, go_back, go_forward, reload, scroll_down, scroll_up, wait, scrape. */
  type: string;
  /** The element's selector as the export writes it (the server's stable one, else a CSS path). */
  selector?: string;
  /** No stable selector was found: the CSS path is kept, with a comment saying so. */
  fragile?: boolean;
  /** fill / select_dropdown_option / check's value, press_key's key. */
  value?: string | boolean;
  url?: string;
  time_ms?: number;
  /** The value is a parameter of run() with this name (its recorded value is the default). */
  variable?: string;
  /** What the element is called on the page (its label), to name a variable after. */
  label?: string;
  /** Typed into a password field: always a variable, its value never written into the code. */
  secret?: boolean;
  /** Which Record at Cursor it was taken under (recording.ts): Insert at Cursor writes the last one's. */
  part?: number;
}

/** Actions on an element (they carry a selector). */
export const ELEMENT_ACTIONS: ReadonlySet<string> = new Set(['click', 'fill', 'select_dropdown_option', 'check']);
/** Actions whose value can become a variable. */
export const VALUE_ACTIONS: ReadonlySet<string> = new Set(['fill', 'select_dropdown_option', 'check', 'goto']);

export const FRAGILE_COMMENT = '# fragile selector: no stable one was found, this CSS path breaks when the page changes';

/** A Python string literal: double quotes, or single ones when the text holds double quotes only. */
export function pyString(text: string): string {
  const json = JSON.stringify(text);
  if (text.includes('"') && !text.includes("'")) return `'${json.slice(1, -1).replace(/\\"/g, '"')}'`;
  return json;
}

export function pyValue(value: string | boolean | number): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'number') return String(value);
  return pyString(value);
}

/** The Python type of a step's value: what its variable is annotated with. */
export function variableType(step: RecordedStep): 'str' | 'bool' {
  return typeof step.value === 'boolean' ? 'bool' : 'str';
}

/** The value a variable step records (goto's is its url). */
export function recordedValue(step: RecordedStep): string | boolean | undefined {
  return step.type === 'goto' ? step.url : step.value;
}

/** A Python identifier made from a label ("E-mail address" → e_mail_address), never a keyword. */
export function variableName(label: string | undefined, taken: ReadonlySet<string>): string {
  let name = (label ?? '')
    .normalize('NFKD')
    .replace(/[^\w\s-]/g, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_')
    .replace(/^(\d)/, '_$1')
    .slice(0, 40);
  if (!/^[a-z_]\w*$/.test(name) || PYTHON_KEYWORDS.has(name) || RESERVED_NAMES.has(name)) name = name && /^[a-z_]\w*$/.test(name) ? `${name}_value` : 'value';
  let unique = name;
  for (let n = 2; taken.has(unique); n++) unique = `${name}_${n}`;
  return unique;
}

/** Whether `name` can be a parameter of run(). */
export function isVariableName(name: string): boolean {
  return /^[A-Za-z_]\w{0,59}$/.test(name) && !PYTHON_KEYWORDS.has(name) && !RESERVED_NAMES.has(name);
}

const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);
/** Names the generated code uses itself. */
const RESERVED_NAMES = new Set(['client', 'session', 'result', 'run', 'NotteClient']);

/** The Python lines of one step, on the session named `session`; `isLastScrape` assigns the result. */
export function stepLines(step: RecordedStep, session: string, isLastScrape: boolean): string[] {
  if (step.type === 'scrape') return [isLastScrape ? `result = ${session}.scrape()` : `${session}.scrape()`];
  const args = [`type=${pyString(step.type)}`];
  if (step.type === 'goto') args.push(`url=${step.variable ? step.variable : pyString(step.url ?? '')}`);
  if (step.selector !== undefined) args.push(`selector=${pyString(step.selector)}`);
  if (step.type === 'wait') args.push(`time_ms=${step.time_ms ?? 1000}`);
  if (step.type === 'press_key') args.push(`key=${pyString(String(step.value ?? ''))}`);
  else if (step.value !== undefined && step.type !== 'goto') args.push(`value=${step.variable ? step.variable : pyValue(step.value)}`);
  const line = `${session}.execute(${args.join(', ')})`;
  return step.fragile ? [FRAGILE_COMMENT, line] : [line];
}

/** Every step's lines, the last scrape assigning `result`. */
export function stepsLines(steps: readonly RecordedStep[], session: string): string[] {
  const lastScrape = lastIndexOf(steps, (s) => s.type === 'scrape');
  return steps.flatMap((step, i) => stepLines(step, session, i === lastScrape));
}

export function hasScrape(steps: readonly RecordedStep[]): boolean {
  return steps.some((s) => s.type === 'scrape');
}

/** The variables of the steps, in step order, once each, with the value recorded for each. */
export function stepVariables(steps: readonly RecordedStep[]): { step: RecordedStep; name: string; value: string | boolean }[] {
  const seen = new Set<string>();
  const variables: { step: RecordedStep; name: string; value: string | boolean }[] = [];
  for (const step of steps) {
    const value = recordedValue(step);
    if (!step.variable || seen.has(step.variable) || value === undefined) continue;
    seen.add(step.variable);
    variables.push({ step, name: step.variable, value });
  }
  return variables;
}

/** A parameter of run() for a variable: `email: str = "ada@example.com"`; a password's has no default (`password: str`). */
export function parameterText(variable: { step: RecordedStep; name: string; value: string | boolean }): string {
  return variable.step.secret ? `${variable.name}: str` : `${variable.name}: ${variableType(variable.step)} = ${pyValue(variable.value)}`;
}

/** The parameters of run() the variables make: the passwords first (a parameter without a default goes before those with one). */
export function runParameters(steps: readonly RecordedStep[]): string[] {
  const variables = stepVariables(steps);
  return [...variables.filter((v) => v.step.secret), ...variables.filter((v) => !v.step.secret)].map(parameterText);
}

/** Whether an element takes a secret: a password field, or one its label, name or id calls a secret (api/redact.ts's rule, as for variables). */
export function isSecretField(element: { attributes?: Record<string, string>; label?: string } | undefined): boolean {
  if (!element) return false;
  const attributes = element.attributes ?? {};
  if ((attributes.type ?? '').toLowerCase() === 'password') return true;
  return [element.label, attributes.name, attributes.id].some((text) => text && isSecretName(text));
}

/** A new function file: Notte's documented shape, with the steps, the variables and the last scrape returned. */
export function functionFileText(steps: readonly RecordedStep[], description: string): string {
  // Steps without a scrape return the page they reached: a function's result is what its saved sets'
  // tests check (not empty by default), and a run that returns nothing tells nothing of where it got.
  const reached = steps.length && !hasScrape(steps) ? ['# The page the steps reached, as the result: scrape only what you need instead.', 'result = session.scrape()'] : [];
  const body = steps.length ? [...stepsLines(steps, 'session'), ...reached] : ['pass'];
  const returns = steps.length > 0;
  return [
    `"""${description.replace(/\\/g, '\\\\').replace(/"""/g, '\\"\\"\\"')}"""`,
    'from notte_sdk import NotteClient',
    '',
    '',
    `def run(${runParameters(steps).join(', ')}):`,
    '    client = NotteClient()',
    '    with client.Session() as session:',
    ...body.map((line) => `        ${line}`),
    ...(returns ? ['    return result'] : []),
    '',
  ].join('\n');
}

function lastIndexOf<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i])) return i;
  return -1;
}

/** The step an action done on the page becomes; `selector` is the server's export of it when it has one. */
export function stepOf(action: { type: string; [field: string]: unknown }, selector: string | undefined, fragile: boolean, label?: string): RecordedStep {
  const step: RecordedStep = { type: action.type };
  if (ELEMENT_ACTIONS.has(action.type) && selector) {
    step.selector = selector;
    if (fragile) step.fragile = true;
  }
  if (action.type === 'goto' || action.type === 'goto_new_tab') step.url = String(action.url ?? action.value ?? '');
  if (action.type === 'fill' || action.type === 'select_dropdown_option') step.value = String(action.value ?? '');
  if (action.type === 'check') step.value = action.value !== false;
  if (action.type === 'press_key') step.value = String(action.key ?? action.value ?? '');
  if (action.type === 'wait') step.time_ms = typeof action.time_ms === 'number' ? action.time_ms : 1000;
  if (label) step.label = label;
  return step;
}
