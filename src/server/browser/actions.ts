// page/execute: every action type of notte_core's actions, on the session's active tab. An element
// is named by `id` (from the last observe) or by `selector` (CSS, XPath or Playwright, as a string or
// the SDK's NodeSelectors). A failed action is an answer, not an error: `200 {success: false, message,
// exception}`, the SDK raising on `exception`.
import fs = require('fs');
import path = require('path');
import type { Locator, Page } from 'playwright-core';
import type { ObservedElement } from './observe';
import { downloadByClick } from './download';
import { downloadRawFile, rawFileKind, WHOLE_PAGE_TARGETS } from './rawFile';
import { evaluateJs, notteResultText } from './evaluateJs';
import { Action, ActionEnv, ActionFailed, failedExecution, Outcome, str, succeededExecution } from './actionTypes';
import { formFill, formFillMessage } from './formFill';
import { optionNamed } from './optionNamed';
import { selectInWidget } from './listedOption';
import { pressKey, scroll } from './scrolling';
import { uploadFile } from './upload';
import { caretToEnd } from './caretToEnd';
import { navigationAction } from './navigation';
import { followingNavigation } from './followNavigation';
import { followingNewTab } from './newTab';
import { scrape, ScrapeError } from './scrape';
import { exportSelectorOf, observedPath, playwrightSelector, throughFrames } from './selectors';
import { PageCrashed, type Session } from './session';
import { actionTimeoutMs, askedOwnTimeout, timeoutText } from './timeoutText';
import { within } from '../../api/wait';

/** The longest a wait action waits. */
export const MAX_WAIT_MS = 30_000;

const NOT_LOCAL = "is not available on the local server (it needs Notte's cloud)";

interface Target {
  locator: Locator;
  /** What the export names it by: for an id, its short selector, asked of the page just before the action. */
  exportSelector: Promise<string>;
  observed?: ObservedElement;
}

function target(session: Session, page: Page, action: Action): Target {
  const id = str(action, 'id') ?? '';
  const selector = action.selector;
  if (selector !== undefined && selector !== null && selector !== '') {
    // Strict, as Notte's locator is: a selector naming several elements fails there, so it fails here too.
    if (typeof selector === 'string') return { locator: page.locator(playwrightSelector(selector)), exportSelector: Promise.resolve(selector) };
    const s = selector as Record<string, unknown>;
    // The node selectors an observe of this tab gave (the SDK hands them back whole): acted on as its id is.
    const given = typeof s.notte_selector === 'string' && session.observedPage === page ? session.observed.get(s.notte_selector) : undefined;
    if (given && given.css === s.css_selector) return observedTarget(page, given);
    const frames = Array.isArray(s.iframe_parent_css_selectors) ? (s.iframe_parent_css_selectors as string[]) : [];
    const chosen =
      (typeof s.playwright_selector === 'string' && s.playwright_selector) ||
      (typeof s.css_selector === 'string' && s.css_selector ? `css=${s.css_selector}` : '') ||
      (typeof s.xpath_selector === 'string' && s.xpath_selector ? `xpath=${s.xpath_selector}` : '');
    if (!chosen) throw new ActionFailed('The selector names no element: give a css_selector, xpath_selector or playwright_selector.');
    // Named through its frames in the export too (the frames' paths alone left it naming nothing on replay).
    const full = throughFrames(frames, chosen);
    return { locator: page.locator(full), exportSelector: Promise.resolve(full) };
  }
  if (!id) throw new ActionFailed(`A ${action.type} action needs an id (from observe) or a selector.`);
  const observed = session.observedPage === page ? session.observed.get(id) : undefined;
  if (!observed) throw new ActionFailed(`There is no element ${id} on this page: call observe() and use an id it lists (ids last until the page changes).`);
  return observedTarget(page, observed);
}

function observedTarget(page: Page, observed: ObservedElement): Target {
  // By its CSS path only: `or` with the XPath would make Playwright look the element up twice on every action.
  const locator = page.locator(throughFrames(observed.iframeCss, observedPath(observed))).first();
  return { locator, exportSelector: exportSelectorOf(page, observed), observed };
}

/** Selects the option; answers a note for the message when it could only type the value. */
async function selectOption(t: Target, value: string, timeout: number, page: Page): Promise<string | void> {
  const tag = await t.locator.evaluate((el) => el.tagName.toLowerCase(), undefined, { timeout });
  if (tag === 'select') {
    const choice = await t.locator.evaluate(optionNamed, value);
    if (!choice) throw new ActionFailed(`That list has no option "${value}" (by value or text).`);
    await t.locator.selectOption([{ value: choice.value }], { timeout, noWaitAfter: true });
    return;
  }
  if (tag === 'option') {
    const optionValue = await t.locator.evaluate((el) => (el as HTMLOptionElement).value);
    await t.locator.locator('xpath=ancestor::select[1]').selectOption([{ value: optionValue }], { timeout, noWaitAfter: true });
    return;
  }
  if (t.observed?.prefix === 'O' || (await t.locator.getAttribute('role')) === 'option') {
    await t.locator.click({ timeout, noWaitAfter: true });
    return;
  }
  return selectInWidget(t.locator, page, value, timeout);
}

async function fill(t: Target, action: Action, timeout: number, page: Page): Promise<void> {
  const value = String(action.value ?? '');
  if (action.clear_before_fill === false) {
    // Kept and added to: the text goes after what the field holds (focus alone left the caret at its start).
    await t.locator.focus({ timeout });
    if (!(await t.locator.evaluate(caretToEnd, undefined, { timeout }))) await page.keyboard.press('End');
    await page.keyboard.insertText(value);
  } else await t.locator.fill(value, { timeout });
}

/** The other actions that name no element; undefined when `type` is not one of them. */
async function pageAction(session: Session, page: Page, action: Action, env: ActionEnv): Promise<Outcome | undefined> {
  const type = action.type as string;
  switch (type) {
    case 'wait': {
      const ms = typeof action.time_ms === 'number' ? Math.min(MAX_WAIT_MS, Math.max(0, action.time_ms)) : 1000;
      await page.waitForTimeout(ms);
      return { message: `Waited ${ms} ms` };
    }
    case 'press_key': {
      const key = str(action, 'key');
      if (!key) throw new ActionFailed('press_key needs a key, e.g. "Enter".');
      await pressKey(page, key);
      return { message: `Pressed ${key}` };
    }
    case 'scroll_up':
    case 'scroll_down': {
      const amount = typeof action.amount === 'number' ? action.amount : null;
      return { message: await scroll(page, type === 'scroll_down', amount) };
    }
    case 'form_fill': {
      const values = action.value && typeof action.value === 'object' ? (action.value as Record<string, unknown>) : {};
      const outcome = await formFill(page, values, actionTimeoutMs(action));
      if (!outcome.filled.length) throw new ActionFailed(formFillMessage(outcome, values));
      return { message: formFillMessage(outcome, values) };
    }
    case 'scrape':
      try {
        return { message: 'Scraped the page', data: await scrape(session, action, env.markdown, true) };
      } catch (error) {
        throw error instanceof ScrapeError ? new ActionFailed(error.message) : error;
      }
    case 'evaluate_js': {
      const code = str(action, 'code');
      if (!code) throw new ActionFailed('evaluate_js needs code.');
      const text = notteResultText(await evaluateJs(page, code, env.evaluateTimeoutMs).catch((error: Error) => stuckAfter(session, page, error)));
      return { message: `Evaluated the code: ${text.slice(0, 500)}`, data: { markdown: text } };
    }
  }
  return undefined;
}

/**
 * Code that timed out and still holds the page (it never yields) would make every next action wait on
 * it: the tab is replaced by a blank one now, and the failure says so.
 */
async function stuckAfter(session: Session, page: Page, error: Error): Promise<never> {
  if (/^JavaScript evaluation timed out after \d+ms$/.test(error.message) && (await session.replaceIfUnresponsive(page)))
    throw new ActionFailed(`${error.message}: the page no longer answered (the code never yields), so its tab was replaced by a blank one.`);
  throw error;
}

/** How long an id observed on another page than the tab's is looked for. */
const STALE_ID_MS = 2000;

/** The actions that may send the tab to another page (a link, a submit, Enter in a form, a change that submits). */
const NAVIGATING = new Set(['click', 'press_key', 'fill', 'check', 'select_dropdown_option']);

const ELEMENT_ACTIONS = new Set(['click', 'fill', 'multi_factor_fill', 'fallback_fill', 'check', 'select_dropdown_option', 'upload_file', 'download_file']);

/** The actions on an element (by id or selector). */
async function interaction(session: Session, page: Page, action: Action, env: ActionEnv): Promise<Outcome> {
  // Before the element is looked for: a misspelt type must not be answered as a missing id.
  if (!ELEMENT_ACTIONS.has(String(action.type))) throw new ActionFailed(`Unknown action type "${action.type}".`);
  if (action.type === 'download_file' && namesWholePage(action)) return downloadWholePage(session, page, action);
  const t = target(session, page, action);
  // An id observed on another page is looked for briefly: the same element may be there (a site's menu),
  // but most often it is not, and the whole timeout (15 s) would be spent to say so.
  // After a change of the #fragment only (an anchor, or a hash router's route), only when it is gone; never
  // when the call asked for its own timeout.
  const withoutFragment = (url: string | undefined) => url?.split('#')[0];
  const movedPage = withoutFragment(session.observedUrl) !== withoutFragment(page.url());
  const gone = async () => session.observedUrl !== page.url() && (await within(t.locator.count(), 1000, 1).catch(() => 1)) === 0;
  const elsewhere = t.observed !== undefined && !askedOwnTimeout(action) && (movedPage || (await gone()));
  const timeout = elsewhere ? Math.min(STALE_ID_MS, actionTimeoutMs(action)) : actionTimeoutMs(action);
  return actOn(session, page, action, env, t, timeout).catch(async (error: unknown) => {
    // Bounded: a tab stuck in a script never answers the selector's evaluate, and the message must not wait for it.
    const selector = typeof action.selector === 'string' ? action.selector : await within(t.exportSelector, 1000, t.observed ? observedPath(t.observed) : '');
    const many = /strict mode violation: .* resolved to (\d+) elements/.exec((error as Error)?.message ?? '');
    if (many)
      throw new ActionFailed(
        `The ${action.type} action failed: the selector ${JSON.stringify(selector)} matches ${many[1]} elements on ${page.url()}, and an action takes one (as on Notte): name one, e.g. ${JSON.stringify(firstOf(selector))} for the first.`,
      );
    const text = await timeoutText(error, { ...t, selector, observedUrl: session.observedUrl }, page, String(action.type), timeout);
    throw text ? new ActionFailed(text) : error;
  });
}

/** `selector` narrowed to its first match, as Notte reads it too (`~text` is one text, so its chain is written with text=). */
function firstOf(selector: string): string {
  return `${selector.startsWith('~') ? `text=${selector.slice(1).trim()}` : selector} >> nth=0`;
}

/** Whether the action's id or selector is the whole page's (I0, html, body), as a string or as the SDK's NodeSelectors. */
function namesWholePage(action: Action): boolean {
  const selector = action.selector as string | Record<string, unknown> | null | undefined;
  const named = typeof selector === 'string' ? [selector] : selector ? [selector.playwright_selector, selector.css_selector] : [];
  return [str(action, 'id'), ...named].some((name) => typeof name === 'string' && WHOLE_PAGE_TARGETS.has(name.replace(/^css=/, '')));
}

/** download_file on the whole page (I0, "html", "body"): the file the tab shows, when it shows one. */
async function downloadWholePage(session: Session, page: Page, action: Action): Promise<Outcome> {
  if (rawFileKind(page) === undefined) {
    throw new ActionFailed(`download_file on the whole page saves a page that is a file (a PDF, a CSV…): ${page.url()} is a web page; name the link or button that downloads.`);
  }
  const { name, file } = await downloadRawFile(page, session.files.downloads, actionTimeoutMs(action));
  // Exported on "html", which Notte's download_file takes for the whole page too.
  session.steps.push({ action, selector: Promise.resolve('html') });
  return { message: `Downloaded ${name} to ${file}` };
}

async function actOn(session: Session, page: Page, action: Action, env: ActionEnv, t: Target, timeout: number): Promise<Outcome> {
  const type = action.type as string;
  let note = '';
  switch (type) {
    case 'click':
      await t.locator.click({ timeout, noWaitAfter: true });
      break;
    case 'fill':
    case 'multi_factor_fill':
    case 'fallback_fill':
      await fill(t, action, timeout, page);
      break;
    case 'check':
      await t.locator.setChecked(action.value !== false, { timeout, noWaitAfter: true });
      break;
    case 'select_dropdown_option':
      note = (await selectOption(t, String(action.value ?? ''), timeout, page)) ?? '';
      break;
    case 'upload_file': {
      const given = str(action, 'file_path') ?? '';
      const file = path.resolve(session.files.folder, given);
      const where = path.isAbsolute(given) ? '' : ` (read from ${session.files.folder})`;
      if (!given || !fs.statSync(file, { throwIfNoEntry: false })?.isFile())
        throw new ActionFailed(given ? `There is no file ${given}${where} to upload.` : 'upload_file needs a file_path.');
      await uploadFile(page, t.locator, file, timeout);
      break;
    }
    case 'download_file': {
      const { name, file, inTab } = await downloadByClick(page, t.locator, timeout, session.files.downloads);
      session.steps.push({ action, selector: t.exportSelector });
      return { message: `Downloaded ${name} to ${file}${inTab ? `; the link opened it in the tab, which shows it now (${page.url()})` : ''}` };
    }
    default:
      throw new ActionFailed(`Unknown action type "${type}".`);
  }
  if (action.press_enter === true) await t.locator.press('Enter', { timeout, noWaitAfter: true });
  session.steps.push({ action, selector: t.exportSelector });
  return { message: `${type} on ${t.observed?.id ?? (typeof action.selector === 'string' ? action.selector : 'the element')} succeeded${note}` };
}

/** Runs one action; answers its message and data, or throws ActionFailed. Records the step on success. */
async function run(session: Session, action: Action, env: ActionEnv): Promise<Outcome> {
  const type = action.type as string;
  if (['captcha_solve', 'email_read', 'sms_read'].includes(type)) throw new ActionFailed(`${type} ${NOT_LOCAL}.`);
  if (type === 'help') return { message: String(action.reason ?? '') };
  if (type === 'completion') return { message: String(action.answer ?? '') };
  const page = await session.page();
  const perform = async () => {
    const done = (await navigationAction(session, page, action, env)) ?? (await pageAction(session, page, action, env));
    if (!done) return interaction(session, page, action, env);
    session.steps.push({ action });
    return done;
  };
  if (!NAVIGATING.has(type)) return perform();
  return followingNewTab(session, page, () => followingNavigation(session, page, env, type, perform));
}

/** The ExecutionResult of one action. */
export async function execute(session: Session, action: Action, env: ActionEnv): Promise<Record<string, unknown>> {
  const startedAt = new Date().toISOString();
  const mark = session.crashes.mark;
  try {
    const { message, data } = await run(session, action, env);
    return succeededExecution(action, startedAt, message, data);
  } catch (error) {
    // A tab's crash is told as one, not in Playwright's words ("page.reload: Page crashed"); its tab is being replaced.
    if (await session.crashes.since(mark, error)) return failedExecution(action, startedAt, `The ${action.type} action failed: ${new PageCrashed().message}`);
    return failedExecution(action, startedAt, error instanceof ActionFailed ? error.message : `The ${action.type} action failed: ${(error as Error).message.split('\n')[0]}`);
  }
}
