// The option an ARIA combobox or menu button lists once it is opened, picked by its name. Its list may
// come late (fetched as it opens), so the options are waited for; but once they show and stay the same
// for a moment without the one asked, that is the answer: waiting the action's whole timeout (15 s) for
// an option the list does not have told the user nothing more.
import type { Frame, JSHandle, Locator, Page } from 'playwright-core';
import { ActionFailed } from './actionTypes';

/** How long the shown options must stay the same, without the one asked, before the pick fails. */
const SETTLED_MS = 1000;
const POLL_MS = 100;
/** How long a combobox typed into may take to list options; after that, what was typed stands. */
const NONE_LISTED_MS = 3000;
/** How many of the shown options a failure names. */
const NAMED = 8;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Where the options of an opened combobox are: the element its aria-controls (or aria-owns) names when
 * there is one, else its whole frame (a list drawn elsewhere in the page, as many libraries do).
 */
async function optionsScope(opened: Locator, page: Page): Promise<Frame | Locator> {
  // Some comboboxes put another element in their place once open: then their frame is taken as the page's.
  const handle = await opened.elementHandle({ timeout: 1000 }).catch(() => null);
  try {
    const frame = (await handle?.ownerFrame()) ?? page.mainFrame();
    const listId = await handle?.evaluate((el) => {
      const ids = `${el.getAttribute('aria-controls') ?? ''} ${el.getAttribute('aria-owns') ?? ''}`.split(/\s+/);
      return ids.find((id) => id && el.ownerDocument.getElementById(id)) ?? null;
    });
    return listId ? frame.locator(`[id="${listId.replace(/["\\]/g, '\\$&')}"]`) : frame;
  } finally {
    await handle?.dispose();
  }
}

/** What a select_dropdown_option target that is no <select> is. Runs in the page. */
function widgetKind(element: Element): string {
  // A list box is always open, its options inside it: a click on it would land on one (and toggle it).
  if (element.getAttribute('role') === 'listbox') return 'list';
  if (element.getAttribute('aria-expanded') === 'true') return 'open';
  const tag = element.tagName.toLowerCase();
  const type = element instanceof HTMLInputElement ? element.type : '';
  const typedInto = (tag === 'input' && ['text', 'search', 'email', 'tel', 'url', ''].includes(type)) || tag === 'textarea' || (element as HTMLElement).isContentEditable;
  if (!typedInto) return 'closed';
  // A combobox one types into (an autocomplete): its options show as it is typed into.
  if (element.getAttribute('role') === 'combobox' || element.hasAttribute('aria-autocomplete')) return 'typed';
  if (element.hasAttribute('list')) return 'datalist';
  return `<${tag}${type ? ` type="${type}"` : ''}>`;
}

/**
 * select_dropdown_option on an element that is no <select>: an ARIA combobox or a list. An open one's
 * option is picked at once (a click would close it); a closed one is opened first; one typed into gets
 * the value typed, then its option picked when it lists one; a plain text field is not a list.
 */
export async function selectInWidget(target: Locator, page: Page, value: string, timeout: number): Promise<string | void> {
  let kind = await target.evaluate(widgetKind, undefined, { timeout });
  // Said to be open, but showing no option (a page that never set aria-expanded back): opened again.
  if (kind === 'open' && (await listedOptions(await optionsScope(target, page)).count()) === 0) kind = 'closed';
  // The options other lists of the page already show (the frame is looked in when the combobox names no
  // list): only those its click, or the typing, brings count. (Not when it names its list: that list's
  // options are its own, whatever it showed before.)
  let before: JSHandle<Element[]> | undefined;
  if (kind === 'closed' || kind === 'typed') {
    const scope = await optionsScope(target, page);
    if ('childFrames' in scope) before = await scope.evaluateHandle(() => Array.from(document.querySelectorAll('[role="option"]')).filter((o) => o.checkVisibility()));
  }
  try {
    if (kind === 'closed') await target.click({ timeout, noWaitAfter: true });
    else if (kind === 'typed' || kind === 'datalist') await target.fill(value, { timeout });
    else if (kind !== 'open' && kind !== 'list') throw new ActionFailed(`select_dropdown_option needs a list, and the element is an ${kind}: fill types into it.`);
    if (kind !== 'datalist' && !(await pickListedOption(target, page, value, timeout, kind, before))) {
      return `: "${value}" was typed, and the field listed no option for it to pick`;
    }
  } finally {
    await before?.dispose();
  }
}

/**
 * The options (named `name`) a combobox or list box shows in `scope`: a <select>'s own are not among them
 * (a closed one's count as shown for Playwright's role selectors).
 */
function listedOptions(scope: Frame | Locator, name?: RegExp): Locator {
  return scope.getByRole('option', name ? { name } : {}).and(scope.locator(':not(select *)'));
}

/** Runs in the page: of `options`, those not shown `before`, each with its place among `options` and its name (an aria-label, else its text, as the role selector reads it). */
function newOptions(options: Element[], before: Element[] | undefined): { index: number; name: string }[] {
  return options
    .map((o, index) => ({ o, index, name: (o.getAttribute('aria-label') || (o as HTMLElement).innerText || '').replace(/\s+/g, ' ').trim() }))
    .filter(({ o }) => !before?.includes(o))
    .map(({ index, name }) => ({ index, name }));
}

/**
 * Clicks the shown `role=option` named `value` (its whole name, any case and spacing) of the combobox just
 * opened, or of the list box `opened` is, among those not shown `before`. Answers whether it picked one
 * (false: a combobox typed into that listed none keeps what was typed, free text).
 */
async function pickListedOption(opened: Locator, page: Page, value: string, timeout: number, kind: string, before?: JSHandle<Element[]>): Promise<boolean> {
  const scope = kind === 'list' ? opened : await optionsScope(opened, page);
  const noneIsFine = kind === 'typed';
  const words = value.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
  const wanted = listedOptions(scope, new RegExp(`^\\s*${words}\\s*$`, 'i'));
  const deadline = Date.now() + (noneIsFine ? Math.min(timeout, NONE_LISTED_MS) : timeout);
  let shown: string[] = [];
  let sameSince = Date.now();
  for (;;) {
    const [match] = await wanted.evaluateAll(newOptions, before);
    if (match) {
      const option = wanted.nth(match.index);
      // In a list box, an option already selected stays so (a click would take it out of a multiple selection).
      if (kind === 'list' && (await option.getAttribute('aria-selected')) === 'true') return true;
      await option.click({ timeout: Math.max(1000, deadline - Date.now()), noWaitAfter: true });
      return true;
    }
    const now = (await listedOptions(scope).evaluateAll(newOptions, before)).map((option) => option.name);
    if (now.join('\n') !== shown.join('\n')) [shown, sameSince] = [now, Date.now()];
    if (shown.length > 0 && Date.now() - sameSince >= SETTLED_MS) {
      const named = shown.slice(0, NAMED).map((text) => JSON.stringify(text));
      const more = shown.length > NAMED ? ` and ${shown.length - NAMED} more` : '';
      throw new ActionFailed(`The list has no option "${value}"; it shows ${named.join(', ')}${more}.`);
    }
    if (Date.now() >= deadline) {
      if (noneIsFine) return false;
      throw new ActionFailed(`Opening it showed no options (role "option") within ${Math.round(timeout / 1000)} s, so "${value}" could not be picked.`);
    }
    await page.waitForTimeout(POLL_MS);
  }
}
