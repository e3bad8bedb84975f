/* eslint-disable max-lines, max-lines-per-function -- the page's script in one file for now; to split into form, logs, result and history modules. */
// The function page's own script, bundled for the browser into media/page/build/page.js. The page's
// form and panes are the markup of ../pageView.ts, which the extension may already have written into
// the HTML (escaped); everything drawn afterwards (log lines, results, history) is built with
// createElement and textContent: no HTML from a function, a log or a result is ever parsed here. It
// talks to the extension only by checked messages.
import { isSecretName } from '../../../api/redact';
import { formatDuration } from '../../../shared/time';
import { FieldSpec, validateText } from '../../../shared/variables';
import {
  checkHostMessage,
  FormTexts,
  INIT_BLOCK_ID,
  HostMessage,
  LogEntry,
  PageMessage,
  PageState,
  RunEnd,
  RunSummaryView,
  SavedSetView,
  SessionView,
  SnippetChoice,
} from '../protocol';
import { badgeState, fieldIds, NO_LINKED_FILE, pageMarkup, shownText, textRows } from '../pageView';
import { toDom } from './dom';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const send = (message: PageMessage) => vscode.postMessage(message);

// ---------- small DOM helpers (text only) ----------
type Attrs = Record<string, string | boolean | undefined>;
function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | undefined)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child !== undefined) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}
function button(label: string, onClick: () => void, attrs: Attrs = {}): HTMLButtonElement {
  const b = el('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}
function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

// ---------- state ----------
interface Field {
  spec: FieldSpec;
  input: HTMLInputElement | HTMLTextAreaElement;
  atDefault: boolean;
  badge: HTMLElement;
  error: HTMLElement;
}
let built = false;
let functionId = '';
let functionName = '';
let fields: Field[] = [];
let logCap = 2000;
let sets: SavedSetView[] = [];
let logs: LogEntry[] = [];
let hiddenEarlier = 0;
let following = true;
let running = false;
let runStartedAt = 0;
let elapsedTimer: number | undefined;
let historyPage = 1;
let selectedRun: string | undefined;
/** Lines kept in memory for the filter: a few times what is drawn. */
const KEEP_FACTOR = 10;

// ---------- page skeleton ----------
/**
 * Draws the page for `init`, or (`fromHtml`) takes the page the extension wrote into the HTML from
 * the same markup, which is already on screen: either way the elements are then wired by their ids.
 */
function build(init: Extract<HostMessage, { type: 'init' }>, fromHtml = false): void {
  built = true;
  functionId = init.functionId;
  functionName = init.functionName;
  logCap = init.logCap;
  const app = byId<HTMLDivElement>('app');
  // What was typed stays: in the fields drawn before (the function changed since), or in the HTML's
  // fields before this script had loaded.
  const typed = fromHtml ? typedInHtml(init) : new Map(fields.filter((field) => !field.atDefault).map((field) => [fieldKey(field.spec), fieldText(field)]));
  if (!fromHtml) app.replaceChildren(...pageMarkup(init).map(toDom));
  app.removeAttribute('aria-busy');
  wire();
  fields = init.fields.map((spec) => wireField(spec));
  fields.forEach((field, i) =>
    setFieldText(field, fromHtml ? (typed.get(fieldKey(field.spec)) ?? init.texts[i] ?? null) : (init.texts[i] ?? typed.get(fieldKey(field.spec)) ?? null)),
  );
  saveState();
}

/** The page's fixed controls: their handlers, by id. */
function wire(): void {
  byId<HTMLFormElement>('form').addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  const onClick = (id: string, action: () => void) => byId(id).addEventListener('click', action);
  onClick('set-load', () => loadSelectedSet());
  onClick('set-save', () => saveSet());
  onClick('set-rename', () => renameSet());
  onClick('set-delete', () => deleteSet());
  onClick('set-open', () => send({ v: 1, type: 'openSetsFile' }));
  onClick('run', () => run());
  onClick('stop', () => send({ v: 1, type: 'stop' }));
  onClick('run-locally', () => withTexts((texts) => send({ v: 1, type: 'runLocally', texts })));
  onClick('debug', () => withTexts((texts) => send({ v: 1, type: 'debug', texts })));
  onClick('copy-snippet', () => withTexts((texts) => send({ v: 1, type: 'copySnippet', kind: byId<HTMLSelectElement>('snippet-kind').value as SnippetChoice, texts })));
  onClick('show-output', () => send({ v: 1, type: 'showOutput' }));
  onClick('log-resume', () => resumeFollow());
  onClick('copy-result', () => send({ v: 1, type: 'copyResult' }));
  onClick('session-open', () => send({ v: 1, type: 'openSession' }));
  onClick('history-prev', () => send({ v: 1, type: 'history', page: historyPage - 1 }));
  onClick('history-next', () => send({ v: 1, type: 'history', page: historyPage + 1 }));
  onClick('rerun', () => selectedRun && send({ v: 1, type: 'rerun', runId: selectedRun }));
  onClick('compare', () => selectedRun && send({ v: 1, type: 'compare', runId: selectedRun }));

  byId<HTMLInputElement>('log-filter').addEventListener('input', () => renderLogs());
  byId<HTMLInputElement>('log-follow').addEventListener('change', (event) => (following = (event.target as HTMLInputElement).checked) && scrollToEnd());
  const logList = byId('logs');
  logList.addEventListener('click', (event) => {
    const line = (event.target as HTMLElement).closest('.line');
    if (line) seekTo(line);
  });
  logList.addEventListener('keydown', (event) => moveOrSeek(event));
  logList.addEventListener('scroll', () => {
    const atEnd = logList.scrollTop + logList.clientHeight >= logList.scrollHeight - 4;
    if (atEnd !== following) setFollowing(atEnd);
  });
}

function fieldKey(spec: FieldSpec): string {
  return `${spec.kind} ${spec.name}`;
}

/** Fields of the HTML's form someone changed before the page's script ran. */
function typedInHtml(init: Extract<HostMessage, { type: 'init' }>): Map<string, string> {
  const typed = new Map<string, string>();
  init.fields.forEach((spec, i) => {
    const input = document.getElementById(fieldIds(spec).input) as HTMLInputElement | HTMLTextAreaElement | null;
    if (!input) return;
    const written = shownText(spec, init.texts[i] ?? null);
    if (input instanceof HTMLInputElement && input.type === 'checkbox') {
      if (input.checked !== (written === 'true' || written === 'True')) typed.set(fieldKey(spec), input.checked ? 'true' : 'false');
      return;
    }
    // What the HTML's text became in such an element (a number field empties a text that is no number).
    const probe = document.createElement(input.tagName.toLowerCase()) as HTMLInputElement | HTMLTextAreaElement;
    if (probe instanceof HTMLInputElement) probe.type = input.type;
    probe.value = written;
    if (input.value !== probe.value) typed.set(fieldKey(spec), input.value);
  });
  return typed;
}

/**
 * The first form, written into the page's HTML twice: as elements (on screen before this script ran)
 * and as a JSON data block, checked like any message, that says what they are. Without a block the
 * page waits for the extension's init.
 */
function drawFromHtml(): boolean {
  const block = document.getElementById(INIT_BLOCK_ID);
  if (!block?.textContent) return false;
  let data: unknown;
  try {
    data = JSON.parse(block.textContent);
  } catch {
    return false;
  }
  const checked = checkHostMessage(data);
  if (!checked.ok || checked.message.type !== 'init') return false;
  // The elements are the extension's only if they are all there (a page of an older build had none).
  const drawn = document.getElementById('form') !== null && checked.message.fields.every((spec) => document.getElementById(fieldIds(spec).input));
  build(checked.message, drawn);
  return true;
}

function wireField(spec: FieldSpec): Field {
  const ids = fieldIds(spec);
  const input = byId<HTMLInputElement | HTMLTextAreaElement>(ids.input);
  const field: Field = { spec, input, atDefault: true, badge: byId(ids.badge), error: byId(ids.error) };
  byId(ids.reset).addEventListener('click', () => resetField(field));
  input.addEventListener('input', () => {
    field.atDefault = false;
    autoGrow(field);
    validate(field);
    saveState();
  });
  return field;
}

function autoGrow(field: Field): void {
  if (field.input instanceof HTMLTextAreaElement) field.input.rows = textRows(field.input.value);
}

function fieldText(field: Field): string {
  if (field.input instanceof HTMLInputElement && field.input.type === 'checkbox') return field.input.checked ? 'true' : 'false';
  return field.input.value;
}

function setFieldText(field: Field, text: string | null): void {
  field.atDefault = text === null;
  const shown = shownText(field.spec, text);
  if (field.input instanceof HTMLInputElement && field.input.type === 'checkbox') field.input.checked = shown === 'true' || shown === 'True';
  else field.input.value = shown;
  autoGrow(field);
  validate(field);
}

function resetField(field: Field): void {
  setFieldText(field, null);
  field.input.focus();
  saveState();
}

/**
 * Checks a field with the same conversion Run Function uses; answers whether it can be sent. An empty
 * required field is only called out once someone tries to send the form (`strict`), not on opening.
 */
function validate(field: Field, strict = false): boolean {
  const badge = badgeState(field.spec, field.atDefault);
  field.badge.textContent = badge.text;
  field.badge.className = badge.className;
  let message: string | undefined;
  if (field.input instanceof HTMLInputElement && field.input.type === 'number' && field.input.validity.badInput)
    message = field.spec.kind === 'int' ? 'Enter a whole number (int), like 42' : 'Enter a number (float), like 0.5';
  else if (!field.atDefault) message = validateText({ name: field.spec.name, type: field.spec.type, default: field.spec.required ? null : 'default' }, fieldText(field));
  else if (field.spec.required && strict) message = validateText({ name: field.spec.name, type: field.spec.type, default: null }, fieldText(field));
  field.error.textContent = message ?? '';
  field.input.setAttribute('aria-invalid', message ? 'true' : 'false');
  return !message;
}

function currentTexts(): FormTexts {
  return fields.map((field) => (field.atDefault ? null : fieldText(field)));
}

function withTexts(action: (texts: FormTexts) => void): void {
  const bad = fields.filter((field) => !validate(field, true));
  if (bad.length) {
    bad[0].input.focus();
    showNotice('error', `Check ${bad.map((f) => f.spec.name).join(', ')}.`);
    return;
  }
  action(currentTexts());
}

function run(): void {
  if (running) return;
  withTexts((texts) => send({ v: 1, type: 'run', texts }));
}

function saveState(): void {
  // Secret-looking fields are not kept: VS Code stores a page's state in plain text.
  const texts = fields.map((field) => (isSecretName(field.spec.name) ? null : field.atDefault ? null : fieldText(field)));
  const state: PageState = { v: 1, functionId, functionName, texts };
  vscode.setState(state);
}

// ---------- saved sets ----------
function renderSets(message: Extract<HostMessage, { type: 'sets' }>): void {
  sets = message.sets;
  const select = byId<HTMLSelectElement>('set-select');
  const previous = select.value;
  select.replaceChildren();
  if (!sets.length) select.append(el('option', { value: '', text: '(no saved sets)' }));
  sets.forEach((set, i) => select.append(el('option', { value: String(i), text: set.name === '' ? 'Last values' : set.name })));
  const again = sets.findIndex((s, i) => String(i) === previous);
  if (again >= 0) select.value = previous;
  const box = byId<HTMLDivElement>('sets-message');
  box.textContent = message.error ?? (message.file ? `Kept in ${message.file}` : '');
  box.className = message.error ? 'sets-message error' : 'sets-message muted';
}

function selectedSet(): SavedSetView | undefined {
  const value = byId<HTMLSelectElement>('set-select').value;
  return value === '' ? undefined : sets[Number(value)];
}

function loadSelectedSet(): void {
  const set = selectedSet();
  if (!set) return;
  set.texts.forEach((text, i) => fields[i] && setFieldText(fields[i], text));
  byId<HTMLInputElement>('set-name').value = set.name;
  saveState();
  showNotice('info', set.name ? `Loaded the set "${set.name}".` : 'Loaded the last values.');
}

function setName(): string | undefined {
  const name = byId<HTMLInputElement>('set-name').value.trim();
  if (!name) {
    showNotice('error', 'Type a name for the set first.');
    byId<HTMLInputElement>('set-name').focus();
    return undefined;
  }
  return name;
}

function saveSet(): void {
  const name = setName();
  if (name) withTexts((texts) => send({ v: 1, type: 'saveSet', name, texts }));
}

function renameSet(): void {
  const set = selectedSet();
  const name = setName();
  if (set && set.name && name) send({ v: 1, type: 'renameSet', from: set.name, to: name });
}

function deleteSet(): void {
  const set = selectedSet();
  if (set && set.name) send({ v: 1, type: 'deleteSet', name: set.name });
}

// ---------- run and logs ----------
function setRunning(value: boolean): void {
  running = value;
  byId<HTMLButtonElement>('run').disabled = value;
  byId<HTMLButtonElement>('stop').disabled = !value;
  document.body.classList.toggle('is-running', value);
  if (elapsedTimer !== undefined) window.clearInterval(elapsedTimer);
  elapsedTimer = undefined;
  if (value) {
    const tick = () => (byId('elapsed').textContent = formatDuration(Date.now() - runStartedAt));
    tick();
    elapsedTimer = window.setInterval(tick, 250);
  }
}

function clearRunView(): void {
  logs = [];
  hiddenEarlier = 0;
  byId('logs').replaceChildren();
  byId('result-box').hidden = true;
  byId('failure-box').hidden = true;
  byId('result').replaceChildren();
  setFollowing(true);
  updateCount();
}

function setStatus(text: string, kind: string): void {
  const status = byId('status-text');
  status.textContent = text;
  status.className = `status status-${kind}`;
}

function lineNode(entry: LogEntry): HTMLElement {
  const level = (entry.level ?? '').toLowerCase();
  const kind = level.startsWith('warn') ? 'warning' : level === 'error' || level === 'critical' ? 'error' : level === 'debug' || level === 'trace' ? 'debug' : 'info';
  return el(
    'div',
    { class: `line level-${kind}`, 'data-at': entry.at === undefined ? undefined : String(entry.at) },
    el('span', { class: 'time', text: shortTime(entry.time) }),
    el('span', { class: 'text', text: entry.text }),
  );
}

function shortTime(time: string): string {
  const match = /(\d\d:\d\d:\d\d(?:\.\d+)?)/.exec(time);
  return match ? match[1].slice(0, 12) : time;
}

function matches(entry: LogEntry, filter: string): boolean {
  return !filter || entry.text.toLowerCase().includes(filter);
}

function filterText(): string {
  return byId<HTMLInputElement>('log-filter').value.trim().toLowerCase();
}

function appendLogs(lines: LogEntry[]): void {
  logs.push(...lines);
  const keep = logCap * KEEP_FACTOR;
  if (logs.length > keep) {
    hiddenEarlier += logs.length - keep;
    logs.splice(0, logs.length - keep);
  }
  const filter = filterText();
  const list = byId('logs');
  const fragment = document.createDocumentFragment();
  const fresh = lines.length > logCap ? lines.slice(-logCap) : lines;
  for (const entry of fresh) if (matches(entry, filter)) fragment.append(lineNode(entry));
  list.append(fragment);
  // A capped list: the page stays smooth however long the run; the Output channel has every line.
  while (list.childElementCount > logCap) list.firstElementChild!.remove();
  updateCount();
  if (following) scrollToEnd();
}

function renderLogs(): void {
  const filter = filterText();
  const list = byId('logs');
  const shown = logs.filter((entry) => matches(entry, filter)).slice(-logCap);
  const fragment = document.createDocumentFragment();
  for (const entry of shown) fragment.append(lineNode(entry));
  list.replaceChildren(fragment);
  updateCount();
  if (following) scrollToEnd();
}

function updateCount(): void {
  const drawn = byId('logs').childElementCount;
  const total = logs.length + hiddenEarlier;
  byId('log-count').textContent = total > drawn ? `${drawn} of ${total} lines shown` : `${total} line${total === 1 ? '' : 's'}`;
}

function setFollowing(value: boolean): void {
  following = value;
  byId<HTMLInputElement>('log-follow').checked = value;
  byId('log-resume').hidden = value;
}

function resumeFollow(): void {
  setFollowing(true);
  scrollToEnd();
}

function scrollToEnd(): void {
  const list = byId('logs');
  list.scrollTop = list.scrollHeight;
}

function showEnd(end: RunEnd): void {
  const kind = end.status === 'closed' ? 'closed' : end.status === 'failed' || end.status === 'error' ? 'failed' : 'stopped';
  setStatus(`${end.status}${end.runId ? ` · run ${end.runId}` : ''}`, kind);
  byId('elapsed').textContent = `took ${formatDuration(end.durationMs)}`;
  if (end.error !== undefined && end.status !== 'closed') {
    // A stop is no failure: the box says so in the page's plain colours.
    byId('failure-box').hidden = false;
    byId('failure-box').classList.toggle('is-stopped', kind === 'stopped');
    byId('failure-title').textContent = kind === 'stopped' ? 'Stopped' : 'Failed';
    byId('failure-message').textContent = end.error;
    byId('traceback').textContent = end.traceback ?? '';
    (byId('traceback').parentElement as HTMLDetailsElement).hidden = !end.traceback;
  }
  if ('result' in end && end.status !== 'failed') {
    byId('result-box').hidden = false;
    byId('result').replaceChildren(jsonTree(end.result, undefined, 0));
  }
}

/** A collapsible tree of a JSON value, every key and value as text. */
function jsonTree(value: unknown, key: string | undefined, depth: number): HTMLElement {
  const keyNode = key === undefined ? undefined : el('span', { class: 'key', text: `${key}: ` });
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
    const label = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
    const details = el('details', { open: depth < 2, role: 'treeitem' }, el('summary', {}, keyNode, el('span', { class: 'muted', text: label })));
    const children = el('div', { class: 'children', role: 'group' });
    for (const [k, v] of entries) children.append(jsonTree(v, k, depth + 1));
    details.append(children);
    return details;
  }
  const type = value === null ? 'null' : typeof value;
  return el(
    'div',
    { class: 'leaf', role: 'treeitem' },
    keyNode,
    el('span', { class: `value value-${type}`, text: typeof value === 'string' ? JSON.stringify(value) : String(value) }),
  );
}

// ---------- history ----------
const STATUS_ICONS: Record<string, string> = { closed: '✓', failed: '✗', stopped: '■', active: '●', created: '○' };

function renderHistory(message: Extract<HostMessage, { type: 'history' }>): void {
  historyPage = message.page;
  const list = byId('history');
  list.replaceChildren();
  byId('history-error').textContent = message.error ?? '';
  if (!message.runs.length && !message.error) list.append(el('li', { class: 'muted', text: 'No runs yet.' }));
  for (const run of message.runs) list.append(historyItem(run));
  byId<HTMLButtonElement>('history-prev').disabled = message.page <= 1;
  byId<HTMLButtonElement>('history-next').disabled = !message.hasNext;
  byId('history-page').textContent = `page ${message.page}`;
}

function historyItem(run: RunSummaryView): HTMLElement {
  const started = new Date(run.startedAt);
  const when = Number.isNaN(started.getTime()) ? run.startedAt : started.toLocaleString();
  const item = button(
    '',
    () => {
      selectedRun = run.runId;
      document.querySelectorAll('.history .run').forEach((other) => other.setAttribute('aria-pressed', 'false'));
      item.setAttribute('aria-pressed', 'true');
      byId<HTMLButtonElement>('rerun').disabled = false;
      byId<HTMLButtonElement>('compare').disabled = false;
      send({ v: 1, type: 'selectRun', runId: run.runId });
    },
    { class: `run status-${run.status}`, 'aria-pressed': run.runId === selectedRun ? 'true' : 'false', 'data-run-id': run.runId },
  );
  item.append(
    el('span', { class: 'icon', 'aria-hidden': 'true', text: STATUS_ICONS[run.status] ?? '•' }),
    el('span', { class: 'status', text: run.status }),
    el('span', { class: 'when', text: when }),
    el('span', { class: 'duration', text: run.durationMs === undefined ? '' : formatDuration(run.durationMs) }),
    el('span', { class: 'summary', text: run.variables }),
  );
  if (run.local) item.append(el('span', { class: 'muted', text: 'local' }));
  return el('li', {}, item);
}

function showRunDetail(message: Extract<HostMessage, { type: 'runDetail' }>): void {
  if (running) {
    showNotice('info', 'A run is going: its logs stay in view. Stop it or wait to look at past runs.');
    return;
  }
  clearRunView();
  hiddenEarlier = message.hiddenLines;
  setStatus(
    `${message.summary.status} · run ${message.summary.runId}`,
    message.summary.status === 'closed' ? 'closed' : message.summary.status === 'failed' ? 'failed' : 'stopped',
  );
  byId('elapsed').textContent = '';
  appendLogs(message.logs);
  if (message.end) showEnd(message.end);
}

// ---------- debug ----------
function showLinkedFile(file: string | undefined): void {
  const debug = byId<HTMLButtonElement>('debug');
  debug.disabled = !file;
  debug.title = file ? `Debug ${file} on this machine with the form's values, stopping at breakpoints` : NO_LINKED_FILE;
}

// ---------- browser session ----------
/** The replay's first frame (ms since 1970), while a replay is shown: clicking a line seeks to it. */
let replayStartsAt: number | undefined;

function renderSession(view: SessionView): void {
  const box = byId('session-view');
  byId('session-text').textContent = view.text;
  byId('session-open').hidden = !view.canOpen;
  byId('session-pane').dataset.state = view.state;
  replayStartsAt = undefined;
  document.body.classList.remove('has-replay');
  if (view.state === 'live' && view.url) {
    const current = box.querySelector('iframe');
    // The same viewer stays as it is (a redraw would reload it).
    if (current?.getAttribute('src') === view.url) return;
    box.replaceChildren(
      el('iframe', {
        id: 'session-live',
        src: view.url,
        title: `Live view of browser session ${view.sessionId ?? ''}`,
        sandbox: 'allow-scripts allow-same-origin allow-forms',
        referrerpolicy: 'no-referrer',
      }),
    );
  } else if (view.state === 'replay' && view.url) {
    replayStartsAt = view.videoStartsAt;
    document.body.classList.add('has-replay');
    const current = box.querySelector('video');
    if (current?.getAttribute('src') === view.url) return;
    box.replaceChildren(el('video', { id: 'session-replay', src: view.url, controls: true, preload: 'auto', 'aria-label': `Replay of browser session ${view.sessionId ?? ''}` }));
  } else {
    box.replaceChildren();
  }
}

/** A click on a log line (or Enter on it), while a replay is shown: the video jumps to the moment of that line. */
function seekTo(line: Element): void {
  const video = document.getElementById('session-replay') as HTMLVideoElement | null;
  const at = Number(line.getAttribute('data-at'));
  if (!video || replayStartsAt === undefined || !Number.isFinite(at)) return;
  const seconds = Math.max(0, (at - replayStartsAt) / 1000);
  video.currentTime = Number.isFinite(video.duration) ? Math.min(seconds, video.duration) : seconds;
  document.querySelectorAll('#logs .line.is-seeked').forEach((other) => other.classList.remove('is-seeked'));
  line.classList.add('is-seeked');
}

/**
 * The log list by keyboard: the arrows, Home and End move the focus from line to line (each line
 * focusable in turn, so a screen reader reads it), Enter or Space seeks the replay to the focused line.
 */
function moveOrSeek(event: KeyboardEvent): void {
  const list = byId('logs');
  const current = document.activeElement instanceof HTMLElement && document.activeElement.parentElement === list ? document.activeElement : undefined;
  let next: Element | null;
  switch (event.key) {
    case 'ArrowDown':
      next = current ? current.nextElementSibling : list.firstElementChild;
      break;
    case 'ArrowUp':
      next = current ? current.previousElementSibling : list.lastElementChild;
      break;
    case 'Home':
      next = list.firstElementChild;
      break;
    case 'End':
      next = list.lastElementChild;
      break;
    case 'Enter':
    case ' ':
      if (!current) return;
      event.preventDefault();
      seekTo(current);
      return;
    default:
      return;
  }
  event.preventDefault();
  if (next instanceof HTMLElement) {
    next.tabIndex = -1;
    next.focus();
  }
}

// ---------- notices ----------
function showNotice(level: 'info' | 'error', text: string): void {
  const box = byId('notice');
  if (!box) return;
  box.textContent = text;
  box.className = `notice notice-${level}`;
}

// ---------- messages ----------
window.addEventListener('message', (event: MessageEvent) => {
  // Only what the extension posts: VS Code's webview host delivers it from the frame around this page.
  // The session pane's framed viewer (a page of the server's) can post here too, and is not listened to.
  if (event.source !== window.parent) return;
  const checked = checkHostMessage(event.data);
  if (!checked.ok) {
    console.warn(`Notte page: dropped a message (${checked.reason})`);
    return;
  }
  const message = checked.message;
  if (!built && message.type !== 'init' && message.type !== 'notice') return;
  switch (message.type) {
    case 'init':
      build(message);
      break;
    case 'fill':
      message.texts.forEach((text, i) => fields[i] && setFieldText(fields[i], text));
      saveState();
      showNotice('info', `Loaded ${message.source} into the form.`);
      fields[0]?.input.focus();
      break;
    case 'sets':
      renderSets(message);
      break;
    case 'runStarted':
      clearRunView();
      runStartedAt = message.startedAt;
      selectedRun = undefined;
      setStatus('active · starting…', 'active');
      setRunning(true);
      showNotice('info', '');
      break;
    case 'runId':
      setStatus(`active · run ${message.runId}`, 'active');
      break;
    case 'logs':
      hiddenEarlier += typeof message.skipped === 'number' && message.skipped > 0 ? message.skipped : 0;
      appendLogs(message.lines);
      break;
    case 'runEnded':
      setRunning(false);
      showEnd(message.end);
      break;
    case 'invalid':
      for (const field of fields) {
        const problem = message.problems[field.spec.name];
        if (problem) field.error.textContent = problem;
      }
      showNotice('error', `Check ${Object.keys(message.problems).join(', ')}.`);
      break;
    case 'history':
      renderHistory(message);
      break;
    case 'runDetail':
      showRunDetail(message);
      break;
    case 'session':
      renderSession(message.session);
      break;
    case 'linkedFile':
      showLinkedFile(message.file);
      break;
    case 'notice':
      if (!document.getElementById('notice')) {
        const app = byId('app');
        app.removeAttribute('aria-busy');
        app.replaceChildren(el('div', { id: 'notice', class: 'notice', role: 'status' }));
      }
      showNotice(message.level, message.text);
      break;
  }
});

// Restore what the form held before the page was hidden or the window reloaded (the extension resends it too).
send({ v: 1, type: 'ready', drewFromHtml: drawFromHtml() });
