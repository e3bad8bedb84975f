// The browser panel's own script, bundled for the browser into media/recorder/build/recorder.js. It
// shows what the extension relays (frames as bytes, the page's elements, the steps as code) and asks for
// actions by checked messages (../protocol.ts). It never gets a URL of the server, nor the key.
import { checkRecorderHostMessage, HostMessage, PanelMode, SessionState } from '../protocol';
import { byId, clearNotice, showNotice } from '../../../shared/webviewDom';
import { ElementsView } from './elementsView';
import { FrameView } from './frameView';
import { send } from './host';
import { layout } from './layout';
import { renderSteps } from './stepsView';

/** What the notice said when the panel last became busy, cleared once it is not. */
let busyText: string | undefined;

const app = byId('app');
app.replaceChildren(...layout());
app.removeAttribute('aria-busy');

let mode: PanelMode = 'record';
let session: SessionState = { state: 'starting', text: 'Starting…' };

const frames = new FrameView((element) => {
  if (!element) return;
  elements.select(element.id, true);
  if (mode === 'pick') send({ v: 1, type: 'pick', elementId: element.id });
});
const elements = new ElementsView({
  hover: (element) => frames.outline('hover-box', element),
  selected: (element) => frames.outline('select-box', element),
  act: (element, value) =>
    send(value === undefined ? { v: 1, type: 'act', elementId: element.id, action: element.action } : { v: 1, type: 'act', elementId: element.id, action: element.action, value }),
  pick: (element) => send({ v: 1, type: 'pick', elementId: element.id }),
});

function click(id: string, action: () => void): void {
  byId(id).addEventListener('click', action);
}

click('back', () => send({ v: 1, type: 'history', kind: 'go_back' }));
click('forward', () => send({ v: 1, type: 'history', kind: 'go_forward' }));
click('reload', () => send({ v: 1, type: 'history', kind: 'reload' }));
click('observe', () => send({ v: 1, type: 'observe' }));
click('scrape', () => send({ v: 1, type: 'scrape' }));
click('stop-session', () => send({ v: 1, type: 'stopSession' }));
click('new-session', () => send({ v: 1, type: 'newSession' }));
click('continue', () => send({ v: 1, type: 'debug', command: 'continue' }));
click('stop-run', () => send({ v: 1, type: 'debug', command: 'stop' }));
click('export-new', () => send({ v: 1, type: 'export', target: 'newFile' }));
click('export-cursor', () => send({ v: 1, type: 'export', target: 'cursor' }));
click('export-notte', () => send({ v: 1, type: 'export', target: 'notte' }));
// What the user types in the address bar stays until it is sent: an observation landing meanwhile (the
// first one, while the panel opens) would otherwise put the page's old URL back under their Enter. Nor
// is the bar written while the user is in it: a URL set between their click (which selects it all) and
// their typing puts the caret at its end, and what they type is added to the old URL. Text typed and
// left without Enter stays until the page goes elsewhere; a bar left untouched shows the page's URL again.
const address = byId<HTMLInputElement>('address');
/** The page's URL, as the last observation gave it. */
let pageUrl = '';
/** The page's URL when the user began typing (undefined: they have not typed since their last Enter). */
let editedOver: string | undefined;
/** Enter was pressed since the bar was focused: the page's URL may replace what was sent. */
let addressSent = false;
address.addEventListener('input', () => (editedOver ??= pageUrl));
address.addEventListener('focus', () => (addressSent = false));
address.addEventListener('blur', () => editedOver === undefined && (address.value = pageUrl));
const inAddress = (): boolean => document.hasFocus() && document.activeElement === address;
function showPageUrl(url: string): void {
  pageUrl = url;
  if (editedOver !== undefined && editedOver !== url && !inAddress()) editedOver = undefined;
  // A blank tab leaves the bar empty, so its suggestion shows.
  if (editedOver === undefined && (addressSent || !inAddress())) address.value = url === 'about:blank' ? '' : url;
}
byId<HTMLFormElement>('toolbar').addEventListener('submit', (event) => {
  event.preventDefault();
  editedOver = undefined;
  addressSent = true;
  send({ v: 1, type: 'navigate', url: address.value });
});
byId<HTMLFormElement>('typed-pane').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byId<HTMLInputElement>('typed');
  if (!input.value.trim()) return;
  send({ v: 1, type: 'typed', text: input.value });
  input.value = '';
});

function showMode(next: PanelMode, target: string | undefined, debugging: boolean): void {
  mode = next;
  const text: Record<PanelMode, string> = {
    record: 'Recording a new function',
    cursor: `Recording into ${target ?? 'the file'} at the cursor`,
    pick: `Pick Element: click an element on the page, its selector goes into ${target ?? 'the file'}`,
    fromHere: `Recording from the debugger's stop in ${target ?? 'the file'}`,
  };
  byId('mode-text').textContent = text[next];
  document.body.dataset.mode = next;
  elements.setPicking(next === 'pick');
  byId('continue').hidden = !debugging;
  byId('stop-run').hidden = !debugging;
  byId('export-cursor').classList.toggle('secondary', next === 'record');
  byId('export-new').classList.toggle('secondary', next !== 'record');
}

function remaining(): string {
  const deadlines = [session.endsAt, session.idleEndsAt].filter((t): t is number => typeof t === 'number');
  if (session.state !== 'live' || deadlines.length === 0) return '';
  const left = Math.max(0, Math.min(...deadlines) - Date.now());
  const minutes = Math.floor(left / 60_000);
  const seconds = Math.floor((left % 60_000) / 1000);
  const idle = session.idleEndsAt !== undefined && session.idleEndsAt === Math.min(...deadlines);
  return `ends in ${minutes}:${String(seconds).padStart(2, '0')}${idle ? ' if idle' : ''}`;
}

function showSession(next: SessionState): void {
  session = next;
  const state = byId('state');
  state.textContent = next.text;
  state.className = `state state-${next.state}`;
  document.body.dataset.session = next.state;
  byId('remaining').textContent = remaining();
  const ended = next.state === 'ended';
  byId('new-session').hidden = !ended;
  byId('stop-session').hidden = ended;
  for (const id of ['back', 'forward', 'reload', 'go', 'observe', 'scrape', 'typed-run', 'detail-act']) byId<HTMLButtonElement>(id).disabled = ended;
}
setInterval(() => (byId('remaining').textContent = remaining()), 1000);

function handle(message: HostMessage): void {
  switch (message.type) {
    case 'init':
      document.body.dataset.sessionId = message.sessionId;
      // On the local server, an empty address bar suggests the server's own shop: a page to record on at once.
      if (message.tryUrl) address.placeholder = `https://…  or the local server's shop: ${message.tryUrl}`;
      return showMode(message.mode, message.target, message.debugging);
    case 'mode':
      return showMode(message.mode, message.target, message.debugging);
    case 'frame':
      return frames.frame(message.jpeg);
    case 'session':
      return showSession(message.session);
    case 'observation':
      showPageUrl(message.url);
      frames.setElements(message.elements, message.viewport);
      elements.show(message.elements);
      frames.outline('select-box', elements.selected);
      return;
    case 'steps':
      return renderSteps(message.steps);
    case 'scraped':
      byId('markdown').textContent = message.markdown;
      return;
    case 'busy':
      document.body.dataset.busy = message.what ? 'true' : 'false';
      if (message.what) showNotice('info', (busyText = `${message.what}…`));
      else if (busyText) clearNotice(busyText);
      return;
    case 'notice':
      return showNotice(message.level, message.text);
    case 'highlight':
      return frames.outline('highlight-box', message.elementId ? elements.byId(message.elementId) : undefined);
  }
}

window.addEventListener('message', (event: MessageEvent) => {
  // Only what the extension posts (VS Code's webview host delivers it from this page's own origin).
  if (event.origin !== window.origin) return;
  const checked = checkRecorderHostMessage(event.data);
  if (!checked.ok) {
    console.warn(`Notte browser panel: dropped a message (${checked.reason})`);
    return;
  }
  handle(checked.message);
});

send({ v: 1, type: 'ready' });
