// The function page's elements for one function's form: what the extension writes into the page's
// HTML and what the page's script draws, the same markup either way (markup.ts). Behaviour is not
// here: the page's script finds these elements by their ids and wires them (webview/main.ts).
import { isSecretName } from '../../api/redact';
import type { FieldSpec } from '../../shared/variables';
import { h, Markup } from './markup';
import { FormTexts, HostMessage, RERUN_WINDOWS } from './protocol';

type InitMessage = Extract<HostMessage, { type: 'init' }>;

/** Whether two inits draw the same form (texts aside). */
export function sameForm(a: InitMessage, b: InitMessage): boolean {
  return a.functionName === b.functionName && a.description === b.description && JSON.stringify(a.fields) === JSON.stringify(b.fields);
}

/** The run pane's status before any run is shown (the markup, and the pane once History has none). */
export const NO_RUN_YET = 'No run yet.';
export const NO_LINKED_FILE = "Debug needs this function's file in this workspace: link it (Deploy or Link to Function… from the file) first.";

/**
 * The ids of one field's parts (the page's script looks them up). A parameter's name is a Python
 * identifier, which holds no `-`: `field-count` and `field-count-error` cannot meet another field's.
 * Any other name a server might send is spelled by its code points, so it neither meets another id
 * nor puts a space into aria-describedby.
 */
export function fieldIds(spec: FieldSpec): { input: string; error: string; hint: string; badge: string; reset: string } {
  const name = /^[A-Za-z_][A-Za-z0-9_]*$/.test(spec.name) ? spec.name : `~${[...spec.name].map((ch) => ch.codePointAt(0)!.toString(16)).join('.')}`;
  const input = `field-${name}`;
  return { input, error: `${input}-error`, hint: `${input}-hint`, badge: `${input}-badge`, reset: `${input}-reset` };
}

/** What a field shows for a text (null: its default). */
export function shownText(spec: FieldSpec, text: string | null): string {
  return text ?? spec.defaultText ?? '';
}

/** A multi-line field grows with its text, up to 12 rows. */
export function textRows(text: string): number {
  return Math.min(12, Math.max(1, text.split('\n').length));
}

/** The "default" badge of a field left at its default (a required field has none). */
export function badgeState(spec: FieldSpec, atDefault: boolean): { text: string; className: string } {
  return atDefault && !spec.required ? { text: 'default', className: 'badge is-default' } : { text: '', className: 'badge' };
}

function fieldMarkup(spec: FieldSpec, text: string | null): Markup {
  const ids = fieldIds(spec);
  const shown = shownText(spec, text);
  const common = { id: ids.input, name: spec.name, 'aria-describedby': `${ids.error} ${ids.hint}`, 'aria-required': spec.required ? 'true' : undefined };
  let input: Markup;
  if (spec.kind === 'text' || spec.kind === 'json' || spec.kind === 'literal') {
    if (spec.kind === 'text' && isSecretName(spec.name)) input = h('input', { type: 'password', autocomplete: 'off', ...common, value: shown });
    else input = h('textarea', { rows: String(textRows(shown)), spellcheck: spec.kind === 'text' ? 'true' : 'false', class: spec.kind === 'text' ? '' : 'code', ...common }, shown);
  } else if (spec.kind === 'bool') {
    input = h('input', { type: 'checkbox', ...common, checked: shown === 'true' || shown === 'True' });
  } else {
    input = h('input', { type: 'number', step: spec.kind === 'int' ? '1' : 'any', inputmode: spec.kind === 'int' ? 'numeric' : 'decimal', ...common, value: shown });
  }
  const hint = spec.defaultText !== undefined ? `default: ${spec.defaultText}` : spec.defaultSource ? `default: ${spec.defaultSource} (evaluated by Python)` : '';
  const badge = badgeState(spec, text === null);
  return h(
    'div',
    { class: `field kind-${spec.kind}` },
    h(
      'label',
      { for: ids.input },
      h('span', { class: 'name' }, spec.name),
      spec.type ? h('span', { class: 'type' }, spec.type) : h('span', { class: 'type muted' }, 'no annotation'),
      spec.required ? h('span', { class: 'required' }, 'required') : undefined,
      h('span', { id: ids.badge, class: badge.className }, badge.text),
    ),
    h(
      'div',
      { class: 'control' },
      input,
      h(
        'button',
        {
          type: 'button',
          id: ids.reset,
          class: 'icon reset',
          title: `Reset ${spec.name} to its default`,
          'aria-label': `Reset ${spec.name} to its default`,
          hidden: spec.required,
        },
        '↺',
      ),
    ),
    h('div', { id: ids.hint, class: 'hint muted' }, hint),
    h('div', { id: ids.error, class: 'error', role: 'alert' }),
  );
}

function button(id: string, label: string, attrs: Record<string, string | boolean | undefined> = {}): Markup {
  return h('button', { type: 'button', id, ...attrs }, label);
}

const SNIPPETS: [string, string][] = [
  ['curl', 'cURL'],
  ['javascript', 'JavaScript'],
  ['python', 'Python'],
  ['http', 'HTTP'],
];

/** The whole page for a function's form, with `texts` (null: a field's default) in its fields. */
export function pageMarkup(init: InitMessage, texts: FormTexts = init.texts): Markup[] {
  const header = h(
    'header',
    { class: 'page-header' },
    h('h1', {}, init.functionName),
    init.functionName === init.functionId ? undefined : h('span', { class: 'function-id' }, init.functionId),
    init.description ? h('p', { class: 'description' }, init.description) : undefined,
  );
  const notice = h('div', { id: 'notice', class: 'notice', role: 'status', 'aria-live': 'polite' });
  return [header, notice, h('div', { class: 'columns' }, formPane(init, texts), runPane(), sessionPane()), historyPane()];
}

function formPane(init: InitMessage, texts: FormTexts): Markup {
  const form = h(
    'form',
    { id: 'form', class: 'form', 'aria-label': 'Variables', novalidate: true },
    ...(init.fields.length === 0 ? [h('p', { class: 'muted' }, 'This function takes no variables.')] : init.fields.map((spec, i) => fieldMarkup(spec, texts[i] ?? null))),
  );
  const setsBar = h(
    'div',
    { class: 'sets', role: 'group', 'aria-label': 'Saved variable sets' },
    h('label', { for: 'set-select' }, 'Saved set'),
    h('select', { id: 'set-select' }),
    button('set-load', 'Load'),
    h('label', { for: 'set-name', class: 'visually-hidden' }, 'Name of the set'),
    h('input', { id: 'set-name', type: 'text', placeholder: 'name of a set' }),
    button('set-save', 'Save as'),
    button('set-rename', 'Rename'),
    button('set-delete', 'Delete'),
    button('set-open', 'Open file'),
    h('div', { id: 'sets-message', class: 'sets-message', role: 'status' }),
  );
  const actions = h(
    'div',
    { class: 'actions', role: 'toolbar', 'aria-label': 'Run actions' },
    button('run', 'Run', { class: 'primary' }),
    button('stop', 'Stop', { disabled: true }),
    button('run-locally', 'Run Locally', { class: 'secondary' }),
    button('debug', 'Debug', { class: 'secondary', disabled: true, title: NO_LINKED_FILE }),
    h('select', { id: 'snippet-kind', 'aria-label': 'Snippet format' }, ...SNIPPETS.map(([value, label]) => h('option', { value }, label))),
    button('copy-snippet', 'Copy as…', { class: 'secondary' }),
  );
  // Run right under the form (the saved sets after it), held at the foot of the view while the form scrolls.
  return h('section', { class: 'pane form-pane', 'aria-labelledby': 'form-title' }, h('h2', { id: 'form-title' }, 'Variables'), form, actions, setsBar);
}

function runPane(): Markup {
  const logTools = h(
    'div',
    { class: 'log-tools' },
    h('label', { for: 'log-filter' }, 'Filter'),
    h('input', { id: 'log-filter', type: 'search', placeholder: 'text in the lines' }),
    h('label', { class: 'check' }, h('input', { id: 'log-follow', type: 'checkbox', checked: true }), 'Follow'),
    button('show-output', 'Show all lines', { class: 'secondary' }),
    h('span', { id: 'log-count', class: 'muted', 'aria-live': 'off' }),
  );
  const status = h(
    'div',
    { id: 'run-status', class: 'run-status', role: 'status', 'aria-live': 'polite' },
    h('span', { id: 'status-text' }, NO_RUN_YET),
    h('span', { id: 'elapsed', class: 'muted' }),
  );
  const logList = h('div', {
    id: 'logs',
    class: 'logs',
    role: 'log',
    tabindex: '0',
    'aria-label': 'Log lines (the arrow keys move from line to line; Enter seeks the replay to a line)',
  });
  const resultBox = h(
    'div',
    { id: 'result-box', class: 'result-box', hidden: true },
    h('div', { class: 'result-head' }, h('h3', {}, 'Result'), button('copy-result', 'Copy', { class: 'secondary' })),
    // Disclosures (details and summary), not an ARIA tree: a tree promises arrow keys, these take Enter and Space as they are.
    h('div', { id: 'result', class: 'json-tree', role: 'group', 'aria-label': 'Result' }),
  );
  const failureBox = h(
    'div',
    { id: 'failure-box', class: 'failure', hidden: true, role: 'alert' },
    h('h3', { id: 'failure-title' }, 'Failed'),
    h('p', { id: 'failure-message' }),
    h('details', {}, h('summary', {}, 'Traceback'), h('pre', { id: 'traceback' })),
  );
  return h(
    'section',
    { class: 'pane run-pane', 'aria-labelledby': 'run-title' },
    h('h2', { id: 'run-title' }, 'Run'),
    status,
    logTools,
    logList,
    button('log-resume', 'Paused: jump to the end', { class: 'resume', hidden: true }),
    failureBox,
    resultBox,
  );
}

function sessionPane(): Markup {
  return h(
    'section',
    { id: 'session-pane', class: 'pane session-pane', 'aria-labelledby': 'session-title' },
    h(
      'div',
      { class: 'session-head' },
      h('h2', { id: 'session-title' }, 'Browser session'),
      button('session-open', 'Open outside', { class: 'secondary', hidden: true, title: 'Open the viewer or the replay in your browser' }),
    ),
    h('p', { id: 'session-text', class: 'session-text muted', role: 'status', 'aria-live': 'polite' }, 'Run the function: the browser session of the run shows here.'),
    h('div', { id: 'session-view', class: 'session-view' }),
  );
}

function historyPane(): Markup {
  return h(
    'section',
    { class: 'pane history-pane', 'aria-labelledby': 'history-title' },
    h('h2', { id: 'history-title' }, 'History'),
    h('div', { id: 'history-error', class: 'error', role: 'alert' }),
    h('ul', { id: 'history', class: 'history', 'aria-label': 'Runs, newest first' }),
    h(
      'div',
      { class: 'history-tools' },
      button('history-prev', 'Newer', { class: 'secondary', disabled: true }),
      h('span', { id: 'history-page', class: 'muted' }),
      button('history-next', 'Older', { class: 'secondary', disabled: true }),
      button('rerun', 'Use these variables', { disabled: true, title: "Puts this run's variables in the form, to change and Run again" }),
      button('compare', 'Compare with…', { class: 'secondary', disabled: true }),
    ),
    h(
      'div',
      { class: 'history-tools' },
      button('rerun-failed', 'Rerun failed runs since', { class: 'secondary', title: "Runs each failed run's variables again, then sums them up" }),
      h(
        'select',
        { id: 'rerun-failed-since', 'aria-label': 'Failed runs since' },
        ...RERUN_WINDOWS.map(([hours, label]) => h('option', { value: String(hours), selected: hours === 24 || undefined }, label)),
      ),
    ),
  );
}
