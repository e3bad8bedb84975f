// The form_fill action without an LLM: each key of its value (Notte's keys: first_name, address1, cc_exp…,
// or any other words) is matched to a visible field not filled yet: by the HTML autocomplete token the key
// stands for (what forms are marked with for browsers' own autofill), else by the field's name, id, type,
// label or placeholder holding the key's words or a usual other wording (exactly first, then as a part). The
// action waits for its fields within one budget (its timeout): Playwright's own default is 30 s per call,
// so two fields that never became editable outlasted the session's operation limit and the function read
// a 500 instead of which field failed. A field known to be locked is reported at once.
import type { ElementHandle, Page } from 'playwright-core';
import { optionNamed } from './optionNamed';

export interface FormFillOutcome {
  filled: string[];
  /** Each key that matched a field that could not be filled, with why. */
  refused: string[];
  /** The keys no field matched. */
  unmatched: string[];
}

/**
 * Notte's form_fill keys: the autocomplete tokens of their fields (the HTML standard's names) and the
 * other words pages label them with (`exact`: only as a field's whole description, as "address" is part of
 * "email address"). Other keys are matched by their own words only.
 */
const KNOWN_KEYS: Record<string, { tokens: string[]; words?: string[]; exact?: string[] }> = {
  title: { tokens: ['honorific-prefix'], words: ['salutation'] },
  first_name: { tokens: ['given-name'], words: ['firstname', 'given name', 'forename'] },
  middle_name: { tokens: ['additional-name'], words: ['middlename'] },
  last_name: { tokens: ['family-name'], words: ['lastname', 'family name', 'surname'] },
  full_name: { tokens: ['name'], words: ['fullname', 'your name'], exact: ['name'] },
  email: { tokens: ['email'], words: ['e mail'], exact: ['mail'] },
  company: { tokens: ['organization'], words: ['organization', 'organisation'] },
  address1: { tokens: ['address-line1', 'street-address'], words: ['address line 1', 'street'], exact: ['address'] },
  address2: { tokens: ['address-line2'], words: ['address line 2', 'apartment', 'suite'], exact: ['apt'] },
  address3: { tokens: ['address-line3'], words: ['address line 3'] },
  city: { tokens: ['address-level2'], words: ['town'] },
  state: { tokens: ['address-level1'], words: ['province', 'region'] },
  postal_code: { tokens: ['postal-code'], words: ['zip', 'postcode', 'zip code'] },
  country: { tokens: ['country', 'country-name'] },
  phone: { tokens: ['tel'], words: ['telephone', 'mobile'], exact: ['tel'] },
  cc_name: { tokens: ['cc-name'], words: ['name on card', 'cardholder'] },
  cc_number: { tokens: ['cc-number'], words: ['card number'] },
  cc_exp_month: { tokens: ['cc-exp-month'], words: ['expiry month', 'exp month'] },
  cc_exp_year: { tokens: ['cc-exp-year'], words: ['expiry year', 'exp year'] },
  cc_exp: { tokens: ['cc-exp'], words: ['expiry', 'expiration', 'mm yy'] },
  cc_cvv: { tokens: ['cc-csc'], words: ['cvv', 'cvc', 'security code'] },
  username: { tokens: ['username'], words: ['user name', 'login'] },
  password: { tokens: ['current-password'], words: ['password'] },
  current_password: { tokens: ['current-password'], words: ['password'] },
  new_password: { tokens: ['new-password'], words: ['new password'] },
  totp: { tokens: ['one-time-code'], words: ['one time code', 'verification code'], exact: ['otp', 'code'] },
};

/** Fills a form by the meaning of its fields, waiting for them `timeoutMs` in all. */
export async function formFill(page: Page, values: Record<string, unknown>, timeoutMs: number): Promise<FormFillOutcome> {
  const deadline = Date.now() + timeoutMs;
  const outcome: FormFillOutcome = { filled: [], refused: [], unmatched: [] };
  // A field takes one key: full_name is not typed over the first_name a key before filled.
  const taken: ElementHandle[] = [];
  try {
    for (const [key, raw] of Object.entries(values)) {
      if (raw === undefined || raw === null || raw === '') continue;
      const found = await findField(page, key, taken);
      const element = found.asElement();
      if (!element) {
        await found.dispose();
        outcome.unmatched.push(key);
        continue;
      }
      taken.push(element);
      await fillKey(element as ElementHandle<Element>, key, raw, deadline, timeoutMs, outcome);
    }
  } finally {
    await Promise.all(taken.map((handle) => handle.dispose().catch(() => undefined)));
  }
  return outcome;
}

/** Fills the field `element` a key matched, or says why not. */
async function fillKey(element: ElementHandle<Element>, key: string, raw: unknown, deadline: number, timeoutMs: number, outcome: FormFillOutcome): Promise<void> {
  const state = await element.evaluate((el) => ({
    tag: el.tagName.toLowerCase(),
    // :disabled also covers a field of a disabled fieldset.
    locked: el.matches(':disabled') ? 'disabled' : (el as HTMLInputElement).readOnly ? 'read-only' : '',
  }));
  const left = deadline - Date.now();
  if (state.locked || left <= 0) {
    outcome.refused.push(`${key} (${state.locked ? `the field is ${state.locked}` : "not tried: the action's timeout was spent"})`);
    return;
  }
  try {
    await fillField(element, state.tag, String(raw), left);
    outcome.filled.push(key);
  } catch (error) {
    outcome.refused.push(`${key} (${whyNotFilled(error as Error, timeoutMs)})`);
  }
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
  const unmatched = outcome.unmatched.length ? `no field matched ${outcome.unmatched.join(', ')}` : '';
  const notFilled = [refused, unmatched].filter(Boolean).join('; ');
  if (outcome.filled.length) return `Filled ${outcome.filled.join(', ')}${notFilled && `; ${notFilled}`}`;
  if (refused) return `Filled nothing: ${notFilled}.`;
  return `No field of the form matched ${Object.keys(values).join(', ') || 'the values'}: fill them one by one with fill actions.`;
}

/** The field a key names, among the visible ones not `taken`: by its autocomplete token, else by its description holding the key's words. */
function findField(page: Page, key: string, taken: ElementHandle[]) {
  const squashed = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
  const known = KNOWN_KEYS[key.toLowerCase()];
  const wordings = [squashed(key), ...(known?.words ?? [])];
  const exact = [...wordings, ...(known?.exact ?? [])];
  return page.evaluateHandle(
    ({ tokens, exact, wordings, taken }) => {
      const squash = (t: string | null | undefined) =>
        (t ?? '')
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, ' ')
          .trim();
      const fields = (Array.from(document.querySelectorAll('input:not([type=hidden]):not([type=submit]):not([type=button]), textarea, select')) as HTMLInputElement[]).filter(
        (el) => !taken.includes(el) && el.checkVisibility(),
      );
      // "shipping address-line1", "section-a cc-exp": the field's token is the last one.
      const token = (el: HTMLInputElement) => (el.getAttribute('autocomplete') ?? '').trim().toLowerCase().split(/\s+/).pop() ?? '';
      const describe = (el: HTMLInputElement) =>
        [el.name, el.id, el.type, el.placeholder, el.getAttribute('aria-label'), ...Array.from(el.labels ?? [], (l) => l.textContent)].map(squash);
      return (
        fields.find((el) => tokens.includes(token(el))) ??
        fields.find((el) => describe(el).some((d) => exact.includes(d))) ??
        fields.find((el) => describe(el).some((d) => wordings.some((w) => d.includes(w)))) ??
        null
      );
    },
    { tokens: known?.tokens ?? [squashed(key).replace(/ /g, '-')], exact, wordings, taken },
  );
}
