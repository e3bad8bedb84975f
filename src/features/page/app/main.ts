// The function page's own script, bundled for the browser into media/page/build/page.js. The page's
// form and panes are the markup of ../pageView.ts, which the extension may already have written into
// the HTML (escaped); everything drawn afterwards (log lines, results, history) is built with
// createElement and textContent: no HTML from a function, a log or a result is ever parsed here. It
// talks to the extension only by checked messages (../protocol.ts). Each pane is a module of this folder.
import { checkHostMessage, HostMessage, INIT_BLOCK_ID, SnippetChoice } from '../protocol';
import { fieldIds, NO_LINKED_FILE, pageMarkup } from '../pageView';
import { byId, el, onClick, showNotice, toDom } from './dom';
import { Form, showLoaded } from './form';
import { HistoryPane } from './history';
import { saveState, send } from './host';
import { LogList } from './logList';
import { RunPane } from './runPane';
import { SessionPane } from './sessionView';
import { SetsBar } from './sets';

type InitMessage = Extract<HostMessage, { type: 'init' }>;

/** The page once drawn for a function: its panes, wired to their elements. */
class Page {
  readonly form: Form;
  readonly sets: SetsBar;
  readonly run = new RunPane();
  readonly logs: LogList;
  readonly history = new HistoryPane();
  readonly session = new SessionPane();

  constructor(private readonly init: InitMessage) {
    this.form = new Form(() => this.keep());
    this.sets = new SetsBar(this.form);
    this.logs = new LogList(init.logCap, (line) => this.session.seekTo(line));
    byId<HTMLFormElement>('form').addEventListener('submit', (event) => {
      event.preventDefault();
      this.start();
    });
    onClick('run', () => this.start());
    onClick('stop', () => send({ v: 1, type: 'stop' }));
    onClick('run-locally', () => this.form.withTexts((texts) => send({ v: 1, type: 'runLocally', texts })));
    onClick('debug', () => this.form.withTexts((texts) => send({ v: 1, type: 'debug', texts })));
    onClick('copy-snippet', () => this.form.withTexts((texts) => send({ v: 1, type: 'copySnippet', kind: byId<HTMLSelectElement>('snippet-kind').value as SnippetChoice, texts })));
    onClick('show-output', () => send({ v: 1, type: 'showOutput' }));
    onClick('copy-result', () => send({ v: 1, type: 'copyResult' }));
  }

  /** Run, once: a second press (or a double click) while the first is on its way starts nothing. */
  start(): void {
    if (this.run.busy) return;
    this.form.withTexts((texts) => {
      this.run.asking();
      send({ v: 1, type: 'run', texts });
    });
  }

  keep(): void {
    saveState({ v: 1, functionId: this.init.functionId, functionName: this.init.functionName, texts: this.form.keptTexts() });
  }

  handle(message: HostMessage): void {
    switch (message.type) {
      case 'fill':
        showLoaded(`${message.source} into the form`, this.form.fill(message.texts));
        this.form.focusFirst();
        return;
      case 'sets':
        return this.sets.render(message);
      case 'runStarted':
        this.logs.clear();
        this.run.clearEnd();
        this.history.unselect();
        this.run.started(message.startedAt);
        showNotice('info', '');
        return;
      case 'runId':
        return this.run.setStatus(`active · run ${message.runId}`, 'active');
      case 'logs':
        this.logs.skipped(typeof message.skipped === 'number' ? message.skipped : 0);
        return this.logs.append(message.lines);
      case 'runEnded':
        this.run.answered();
        this.run.setRunning(false);
        return this.run.showEnd(message.end);
      case 'invalid':
        this.run.answered();
        return this.form.showProblems(message.problems);
      case 'history':
        this.history.render(message);
        this.run.tookAsListed(message.runs);
        return this.run.showNone(message.runs.length > 0 || message.page > 1);
      case 'runDetail':
        return this.showPastRun(message);
      case 'session':
        return this.session.render(message.session);
      case 'linkedFile': {
        const debug = byId<HTMLButtonElement>('debug');
        debug.disabled = !message.file;
        debug.title = message.file ? `Debug ${message.file} on this machine with the form's values, stopping at breakpoints` : NO_LINKED_FILE;
        return;
      }
      case 'notice':
        // A refusal of the run (no key, a run still going) comes as a notice: Run can be pressed again.
        this.run.answered();
        return showNotice(message.level, message.text);
      case 'press':
        return this.press(message.button);
      case 'init':
        return;
    }
  }

  /** A run picked in History: its lines and end, unless a run of the page is going. */
  private showPastRun(message: Extract<HostMessage, { type: 'runDetail' }>): void {
    if (this.run.busy) {
      showNotice('info', 'A run is going: its logs stay in view. Stop it or wait to look at past runs.');
      return;
    }
    this.logs.clear(message.hiddenLines);
    this.run.clearEnd();
    this.run.setStatus(`${message.summary.status} · run ${message.summary.runId}`, statusKind(message.summary.status));
    byId('elapsed').textContent = '';
    this.logs.append(message.logs);
    if (message.end) this.run.showEnd(message.end);
  }

  /** What a click on the button does; a disabled button does nothing, as it would for a click. */
  private press(button: 'run' | 'runLocally' | 'debug' | 'stop'): void {
    const ids = { run: 'run', runLocally: 'run-locally', debug: 'debug', stop: 'stop' } as const;
    byId<HTMLButtonElement>(ids[button]).click();
  }
}

function statusKind(status: string): 'closed' | 'failed' | 'stopped' | 'active' {
  return status === 'closed' ? 'closed' : status === 'failed' ? 'failed' : status === 'active' || status === 'created' ? 'active' : 'stopped';
}

let page: Page | undefined;

// Ctrl+Enter (Cmd+Enter) runs from anywhere on the page; Enter in a one-line field of the form too.
document.addEventListener('keydown', (event) => {
  if (!page || event.key !== 'Enter' || event.isComposing) return;
  const inOneLineField = event.target instanceof HTMLInputElement && event.target.closest('#form') !== null && event.target.type !== 'checkbox';
  if (event.ctrlKey || event.metaKey || inOneLineField) {
    event.preventDefault();
    page.start();
  }
});

/**
 * Draws the page for `init`, or (`fromHtml`) takes the page the extension wrote into the HTML from
 * the same markup, which is already on screen: either way the elements are then wired by their ids,
 * and what was typed stays.
 */
function draw(init: InitMessage, fromHtml = false): void {
  const typed = fromHtml ? Form.typedInHtml(init) : (page?.form.typed() ?? new Map<string, string>());
  const app = byId<HTMLDivElement>('app');
  if (!fromHtml) app.replaceChildren(...pageMarkup(init).map(toDom));
  app.removeAttribute('aria-busy');
  page = new Page(init);
  page.form.take(init, typed, fromHtml);
  page.keep();
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
  draw(checked.message, drawn);
  return true;
}

window.addEventListener('message', (event: MessageEvent) => {
  // Only what the extension posts: VS Code's webview host delivers it from its own origin, which is
  // this page's. The session pane's framed viewer (a page of the server's origin) can post here too,
  // and is not listened to.
  if (event.origin !== window.origin) {
    console.warn(`Notte page: ignored a message from ${event.origin}`);
    return;
  }
  const checked = checkHostMessage(event.data);
  if (!checked.ok) {
    console.warn(`Notte page: dropped a message (${checked.reason})`);
    return;
  }
  const message = checked.message;
  if (message.type === 'init') draw(message);
  else if (page) page.handle(message);
  else if (message.type === 'notice') {
    // Before any form (the function could not be loaded): the notice alone.
    const app = byId('app');
    app.removeAttribute('aria-busy');
    app.replaceChildren(el('div', { id: 'notice', class: 'notice', role: 'status' }));
    showNotice(message.level, message.text);
  }
});

// Restore what the form held before the page was hidden or the window reloaded (the extension resends it too).
send({ v: 1, type: 'ready', drewFromHtml: drawFromHtml() });
