// The panel's skeleton: the session bar, the address bar, the live frame with its outlines, and the side
// with the elements, a step typed by hand, the steps and the page's Markdown.
import { el } from '../../../shared/webviewDom';

function sessionBar(): HTMLElement {
  return el(
    'header',
    { id: 'bar' },
    el('span', { id: 'state', class: 'state state-starting', role: 'status', text: 'Starting…' }),
    el('span', { id: 'remaining', class: 'muted' }),
    el('span', { id: 'mode-text', class: 'mode' }),
    el('span', { class: 'spacer' }),
    el('button', { type: 'button', id: 'continue', hidden: true, title: 'Continue the debug run from here' }, 'Continue'),
    el('button', { type: 'button', id: 'stop-run', hidden: true, title: 'Stop the debug run' }, 'Stop Run'),
    el('button', { type: 'button', id: 'stop-session', class: 'secondary', title: 'End the browser session' }, 'Stop Session'),
    el('button', { type: 'button', id: 'new-session', hidden: true }, 'New Session'),
  );
}

function addressBar(): HTMLElement {
  return el(
    'form',
    { id: 'toolbar' },
    el('button', { type: 'button', id: 'back', title: 'Back', 'aria-label': 'Back' }, '←'),
    el('button', { type: 'button', id: 'forward', title: 'Forward', 'aria-label': 'Forward' }, '→'),
    el('button', { type: 'button', id: 'reload', title: 'Reload', 'aria-label': 'Reload' }, '⟳'),
    el('input', { id: 'address', type: 'text', spellcheck: 'false', 'aria-label': 'Address', placeholder: 'https://…' }),
    el('button', { type: 'submit', id: 'go' }, 'Go'),
  );
}

function stage(): HTMLElement {
  return el(
    'section',
    { id: 'stage-wrap' },
    el(
      'div',
      { id: 'stage' },
      el('img', { id: 'frame', alt: 'The live page of the browser session', hidden: true }),
      el('div', { id: 'hover-box', class: 'box hover', hidden: true }),
      el('div', { id: 'select-box', class: 'box selected', hidden: true }),
      el('div', { id: 'highlight-box', class: 'box highlight', hidden: true }),
    ),
    el('p', { id: 'frame-wait', class: 'muted', text: 'Waiting for the first frame…' }),
  );
}

function elementsPane(): HTMLElement {
  return el(
    'section',
    { id: 'elements-pane' },
    el('h2', {}, 'Elements ', el('button', { type: 'button', id: 'observe', class: 'small' }, 'Observe')),
    el('input', { id: 'filter', type: 'search', placeholder: 'Filter elements', 'aria-label': 'Filter elements' }),
    // One tab stop: the arrow keys move the selection, Enter acts (aria-activedescendant names the row).
    el('ul', { id: 'elements', class: 'elements', role: 'listbox', tabindex: '0', 'aria-label': 'Elements of the page (arrow keys to choose, Enter to act)' }),
    el(
      'div',
      { id: 'detail', class: 'detail', hidden: true },
      el('span', { id: 'detail-title' }),
      el('input', { id: 'detail-value', type: 'text', 'aria-label': 'Value', list: 'detail-options' }),
      el('datalist', { id: 'detail-options' }),
      el('button', { type: 'button', id: 'detail-act' }, 'Act'),
      el('button', { type: 'button', id: 'detail-pick', hidden: true }, 'Use in Code'),
    ),
  );
}

function stepsPane(): HTMLElement[] {
  return [
    el(
      'form',
      { id: 'typed-pane' },
      el('input', { id: 'typed', type: 'text', spellcheck: 'false', placeholder: 'A step by hand: click B3 · fill I1 Ada · goto https://…', 'aria-label': 'A step typed by hand' }),
      el('button', { type: 'submit', id: 'typed-run' }, 'Run Step'),
    ),
    el(
      'section',
      { id: 'steps-pane' },
      el('h2', {}, 'Steps'),
      el('ol', { id: 'steps', class: 'steps' }),
      el('p', { id: 'no-steps', class: 'muted', text: 'Act on the page: each action becomes a line of Python here.' }),
      el(
        'div',
        { id: 'export-bar' },
        el('button', { type: 'button', id: 'export-new' }, 'Export as New Function…'),
        el('button', { type: 'button', id: 'export-cursor', class: 'secondary' }, 'Insert at Cursor'),
        el('button', { type: 'button', id: 'export-notte', class: 'secondary', title: "Notte's own export of the session (workflow/code)" }, "Insert Notte's Export"),
      ),
    ),
    el('section', { id: 'scrape-pane' }, el('h2', {}, 'Page ', el('button', { type: 'button', id: 'scrape', class: 'small' }, 'Scrape')), el('pre', { id: 'markdown' })),
  ];
}

export function layout(): HTMLElement[] {
  const side = el('aside', { id: 'side' }, elementsPane(), ...stepsPane());
  return [sessionBar(), el('div', { id: 'notice', class: 'notice', role: 'status' }), addressBar(), el('main', { id: 'main' }, stage(), side)];
}
