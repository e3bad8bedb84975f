// The form_fill action without an LLM: each key of its value is matched to a visible field by the field's
// autocomplete, name, id, type, label or placeholder (exactly first, then as a part), and filled. The
// action waits for its fields within one budget (its timeout): Playwright's own default is 30 s per call,
// so two fields that never became editable outlasted the session's operation limit and the function read
// a 500 instead of which field failed. A field known to be locked is reported at once.
import type { ElementHandle, Page } from 'playwright-core';
import { optionNamed } from './optionNamed';

export interface FormFillOutcome {
  filled: string[];
  /** Each key that matched a field that could not be filled, with why. */
  refused: string[];
}

/** Fills a form by the meaning of its fields, waiting for them `timeoutMs` in all. */
export async function formFill(page: Page, values: Record<string, unknown>, timeoutMs: number): Promise<FormFillOutcome> {
  const deadline = Date.now() + timeoutMs;
  const outcome: FormFillOutcome = { filled: [], refused: [] };
  for (const [key, raw] of Object.entries(values)) {
    if (raw === undefined || raw === null || raw === '') continue;
    const element = (await findField(page, key)).asElement();
    if (!element) continue;
    const state = await element.evaluate((el) => ({
      tag: el.tagName.toLowerCase(),
      // :disabled also covers a field of a disabled fieldset.
      locked: el.matches(':disabled') ? 'disabled' : (el as HTMLInputElement).readOnly ? 'read-only' : '',
    }));
    const left = deadline - Date.now();
    if (state.locked || left <= 0) {
      outcome.refused.push(`${key} (${state.locked ? `the field is ${state.locked}` : "not tried: the action's timeout was spent"})`);
      continue;
    }
    try {
      await fillField(element, state.tag, String(raw), left);
      outcome.filled.push(key);
    } catch (error) {
      outcome.refused.push(`${key} (${whyNotFilled(error as Error, timeoutMs)})`);
    }
  }
  return outcome;
}

function whyNotFilled(error: Error, timeoutMs: number): string {
  if (error.name === 'TimeoutError') return `it could not be filled within ${timeoutMs / 1000} s`;
  return error.message
    .split('\n')[0]
    .replace(/^[\w.]+: /, '')
    .replace(/^Error: /, '')
    .replace(/\.$/, '');
}

async function fillField(element: ElementHandle, tag: string, value: string, timeout: number): Promise<void> {
  if (tag !== 'select') {
    await element.fill(value, { timeout });
    return;
  }
  const option = await element.evaluate(optionNamed, value);
  if (!option) throw new Error(`it has no option "${value}"`);
  if (option.disabled) throw new Error(`its option "${value}" is disabled`);
  await element.selectOption({ value: option.value }, { timeout });
}

/** What a form_fill did: the keys filled, then the ones that matched a field it could not fill, and why. */
export function formFillMessage(outcome: FormFillOutcome, values: Record<string, unknown>): string {
  const refused = outcome.refused.length ? `could not fill ${outcome.refused.join(', ')}` : '';
  if (outcome.filled.length) return `Filled ${outcome.filled.join(', ')}${refused && `; ${refused}`}`;
  if (refused) return `Filled nothing: ${refused}.`;
  return `No field of the form matched ${Object.keys(values).join(', ') || 'the values'}: fill them one by one with fill actions.`;
}

/** The field a key names: a visible one whose description is the key's words, else contains them. */
function findField(page: Page, key: string) {
  const words = key
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return page.evaluateHandle((wanted) => {
    const squash = (t: string | null | undefined) =>
      (t ?? '')
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .trim();
    const fields = Array.from(document.querySelectorAll('input:not([type=hidden]):not([type=submit]):not([type=button]), textarea, select')) as HTMLInputElement[];
    const describe = (el: HTMLInputElement) =>
      [el.autocomplete, el.name, el.id, el.type, el.placeholder, el.getAttribute('aria-label'), ...Array.from(el.labels ?? [], (l) => l.textContent)].map(squash);
    return (
      fields.find((el) => el.checkVisibility() && describe(el).some((d) => d === wanted)) ??
      fields.find((el) => el.checkVisibility() && describe(el).some((d) => d.includes(wanted))) ??
      null
    );
  }, words);
}
