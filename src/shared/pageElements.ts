// The page's elements as observe lists them, read for the browser panel and the agents' tools: each one's role, label and box, the
// selector Pick Element writes for it (the server's own preference order: `#id`, `tag[name=…]`,
// `[data-testid=…]`, Playwright's role selector, else the CSS path, marked fragile), and which element a
// selector in the code names. An action's selector comes from the server's export (workflow/code);
// these rules are for what was not acted on. No vscode import: unit-tested.
import type { ElementBox, InteractionAction, NodeSelectors, Observation } from '../api/sessionTypes';

export interface PageElement {
  id: string;
  /** The action observe offers: click, fill, select_dropdown_option (check for check boxes and radios). */
  action: string;
  role: string;
  label: string;
  tag: string;
  /** Attributes of the element's last CSS step (id, name, type, aria-label, placeholder, role). */
  attributes: Record<string, string>;
  css: string;
  box?: { x: number; y: number; width: number; height: number };
  /** For a check box: whether it was checked when observed. */
  checked?: boolean;
  /** For a <select>: the options' texts, as far as observe tells them. */
  options?: string[];
  /** A link's address. */
  href?: string;
  /** Clicking it submits a form (a submit button inside a form). */
  submits?: boolean;
}

export interface ProposedSelector {
  selector: string;
  fragile: boolean;
}

const ATTRIBUTE = /\[([\w-]+)="((?:[^"\\]|\\.)*)"\]/g;

function lastStep(css: string): string {
  const steps = css.split(' > ');
  return steps[steps.length - 1] ?? '';
}

function attributesOf(step: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of step.matchAll(ATTRIBUTE)) out[match[1]] = match[2].replace(/\\(.)/g, '$1');
  return out;
}

function descriptionAttribute(description: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}="([^"]*)"`).exec(description);
  return match?.[1];
}

function roleOf(tag: string, attributes: Record<string, string>, action: InteractionAction): string {
  if (attributes.role) return attributes.role.split(/\s+/)[0];
  const type = (attributes.type ?? '').toLowerCase();
  if (tag === 'a') return 'link';
  if (tag === 'button' || tag === 'summary') return 'button';
  if (tag === 'select') return 'combobox';
  if (tag === 'option') return 'option';
  if (tag === 'textarea') return 'textbox';
  if (tag === 'input') {
    if (type === 'checkbox' || type === 'radio') return type;
    if (['button', 'submit', 'reset', 'image'].includes(type)) return 'button';
    if (type === 'number') return 'spinbutton';
    if (type === 'range') return 'slider';
    return 'textbox';
  }
  return action.id.startsWith('L') ? 'link' : action.id.startsWith('B') ? 'button' : 'generic';
}

/** The elements of an observation, each with its box when observe gave one. */
export function pageElements(observation: Observation): PageElement[] {
  const boxes = new Map<string, ElementBox>((observation.screenshot?.bboxes ?? []).map((box) => [box.notte_id, box]));
  return observation.space.interaction_actions.map((action) => {
    const selectors = typeof action.selector === 'object' && action.selector ? (action.selector as NodeSelectors) : undefined;
    const css = selectors?.css_selector ?? (typeof action.selector === 'string' ? action.selector : '');
    const description = action.description ?? '';
    const tag = /^<([a-zA-Z][\w-]*)/.exec(description)?.[1].toLowerCase() ?? /^([a-z][\w-]*)/.exec(lastStep(css))?.[1] ?? '';
    const attributes = attributesOf(lastStep(css));
    for (const name of ['data-testid', 'data_testid']) {
      const value = descriptionAttribute(description, name);
      if (value !== undefined) attributes['data-testid'] = value;
    }
    const role = roleOf(tag, attributes, action);
    const box = boxes.get(action.id);
    const element: PageElement = {
      id: action.id,
      action: role === 'checkbox' || role === 'radio' || role === 'switch' ? 'check' : action.type,
      role,
      label: (action.text_label ?? '').trim(),
      tag,
      attributes,
      css,
      box: box ? { x: box.x, y: box.y, width: box.width, height: box.height } : undefined,
    };
    const href = descriptionAttribute(description, 'href');
    if (tag === 'a' && href !== undefined) element.href = href;
    const type = (attributes.type ?? '').toLowerCase();
    const submitter = (tag === 'button' && (type === '' || type === 'submit')) || (tag === 'input' && (type === 'submit' || type === 'image'));
    if (submitter && /(^|\s>\s)form(?=[[:\s]|$)/.test(css)) element.submits = true;
    if (element.action === 'check') element.checked = /\schecked(=|\s|\/|>)/.test(description);
    if (tag === 'select') element.options = element.label ? element.label.split(/\s+/) : [];
    return element;
  });
}

const quote = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** A selector for `element` unique among the observed elements, else its CSS path: what Pick Element and the recorder write when the server cannot name it (the local server names it as its export does, unique on the whole page). */
export function proposedSelector(element: PageElement, all: readonly PageElement[]): ProposedSelector {
  const others = all.filter((e) => e !== element && e.id !== element.id);
  const id = element.attributes.id;
  if (id && /^[A-Za-z][\w-]*$/.test(id) && !others.some((e) => e.attributes.id === id)) return { selector: `#${id}`, fragile: false };
  const name = element.attributes.name;
  if (name && !others.some((e) => e.tag === element.tag && e.attributes.name === name)) return { selector: `${element.tag}[name="${quote(name)}"]`, fragile: false };
  const testId = element.attributes['data-testid'];
  if (testId && !others.some((e) => e.attributes['data-testid'] === testId)) return { selector: `[data-testid="${quote(testId)}"]`, fragile: false };
  const named = ['link', 'button', 'option', 'tab', 'menuitem'].includes(element.role) && element.label && element.label.length <= 80;
  if (named && !others.some((e) => e.role === element.role && e.label === element.label)) {
    // Playwright's public role engine (getByRole's own is internal:role, a name it does not document).
    return { selector: `role=${element.role}[name="${quote(element.label)}"s]`, fragile: false };
  }
  return { selector: `css=${element.css}`, fragile: true };
}

/** Whether the server's export fell back to the full CSS path (no stable selector). */
export function isFragileSelector(selector: string): boolean {
  return /^css=.*>/.test(selector) || /^html\s*>/.test(selector) || /^xpath=\/html/.test(selector);
}

/** The observed element a selector of the code names, when it can be told from the observation alone. */
export function elementForSelector(selector: string, elements: readonly PageElement[]): PageElement | undefined {
  const text = selector.trim();
  const unquote = (value: string) => value.replace(/\\(.)/g, '$1');
  let match: RegExpExecArray | null;
  if ((match = /^#([A-Za-z][\w-]*)$/.exec(text))) return elements.find((e) => e.attributes.id === match![1]);
  if ((match = /^([a-z][\w-]*)\[name="((?:[^"\\]|\\.)*)"\]$/.exec(text))) {
    const [, tag, name] = match;
    return elements.find((e) => e.tag === tag && e.attributes.name === unquote(name));
  }
  if ((match = /^\[data-testid="((?:[^"\\]|\\.)*)"\]$/.exec(text))) return elements.find((e) => e.attributes['data-testid'] === unquote(match![1]));
  if ((match = /^(internal:)?role=([\w-]+)\[name="((?:[^"\\]|\\.)*)"([siSI]?)\]$/.exec(text))) {
    const [, internal, role, name, flag] = match;
    const squash = (value: string) => value.replace(/\s+/g, ' ').trim();
    const wanted = squash(unquote(name));
    // As Playwright matches: the whole name as written, unless "i": then in any case, and for
    // internal:role (getByRole's) a part of it.
    const same = (label: string) => {
      const shown = squash(label);
      if (flag.toLowerCase() !== 'i') return shown === wanted;
      return internal ? shown.toLowerCase().includes(wanted.toLowerCase()) : shown.toLowerCase() === wanted.toLowerCase();
    };
    return elements.find((e) => e.role === role && same(e.label));
  }
  const css = text.replace(/^css=/, '');
  return elements.find((e) => e.css === css);
}

/** Whether clicking the element leaves the page (a link elsewhere) or submits a form: an agent asks the user first. */
export function leavesOrSubmits(element: PageElement): boolean {
  if (element.submits) return true;
  return element.role === 'link' && element.href !== undefined && !element.href.startsWith('#') && !/^javascript:/i.test(element.href);
}
