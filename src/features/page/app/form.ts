// The form of `run()`'s parameters: its fields (drawn from the markup of ../pageView.ts, or taken over
// from the page's HTML), what they hold, and the same checks Run Function makes before sending.
import { isSecretName } from '../../../api/redact';
import { coerceInput } from '../../../api/pythonValues';
import { FieldSpec, validateText } from '../../../shared/variables';
import { badgeState, fieldIds, shownText, textRows } from '../pageView';
import type { FormTexts, HostMessage } from '../protocol';
import { byId, showNotice } from './dom';

type InitMessage = Extract<HostMessage, { type: 'init' }>;

interface Field {
  spec: FieldSpec;
  input: HTMLInputElement | HTMLTextAreaElement;
  atDefault: boolean;
  badge: HTMLElement;
  error: HTMLElement;
  /** A text put in by a set that a number box could not hold (it shows empty): kept to say so, until the person types. */
  refused?: string;
}

export class Form {
  private fields: Field[] = [];

  /** `changed`: a field's text changed (the page saves its state). */
  constructor(private readonly changed: () => void) {}

  /**
   * Wires the form of `init` (its elements are on the page), keeping what was typed: in the fields
   * drawn before (the function changed since), or in the HTML's fields before this script ran.
   */
  take(init: InitMessage, typed: Map<string, string>, fromHtml: boolean): void {
    this.fields = init.fields.map((spec) => this.wireField(spec));
    this.fields.forEach((field, i) => {
      const kept = typed.get(fieldKey(field.spec));
      this.setText(field, fromHtml ? (kept ?? init.texts[i] ?? null) : (init.texts[i] ?? kept ?? null));
    });
  }

  /** What was typed in the fields drawn now, to keep across a redraw. */
  typed(): Map<string, string> {
    return new Map(this.fields.filter((field) => !field.atDefault).map((field) => [fieldKey(field.spec), fieldText(field)]));
  }

  /** Fields of the HTML's form someone changed before the page's script ran. */
  static typedInHtml(init: InitMessage): Map<string, string> {
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

  /** One text per parameter, null where the field is left at its default. */
  texts(): FormTexts {
    return this.fields.map((field) => (field.atDefault ? null : fieldText(field)));
  }

  /** The texts VS Code may keep for a reload: secret-looking fields are not kept (the state is plain text). */
  keptTexts(): FormTexts {
    return this.fields.map((field) => (isSecretName(field.spec.name) || field.atDefault ? null : fieldText(field)));
  }

  /** Puts the texts in the fields; answers the names of those whose text a number box could not hold. */
  fill(texts: FormTexts): string[] {
    texts.forEach((text, i) => this.fields[i] && this.setText(this.fields[i], text));
    this.changed();
    return this.fields.filter((field) => field.refused !== undefined).map((field) => field.spec.name);
  }

  focusFirst(): void {
    this.fields[0]?.input.focus();
  }

  /** Runs `action` with the form's texts when every field can be sent; else points at the first that cannot. */
  withTexts(action: (texts: FormTexts) => void): void {
    const bad = this.fields.filter((field) => !validate(field, true));
    if (bad.length) {
      bad[0].input.focus();
      showNotice('error', `Check ${bad.map((f) => f.spec.name).join(', ')}.`);
      return;
    }
    action(this.texts());
  }

  /** The extension refused some values (its own checks): each field says why. */
  showProblems(problems: Record<string, string>): void {
    for (const field of this.fields) {
      const problem = problems[field.spec.name];
      if (problem) field.error.textContent = problem;
    }
    showNotice('error', `Check ${Object.keys(problems).join(', ')}.`);
  }

  private wireField(spec: FieldSpec): Field {
    const ids = fieldIds(spec);
    const input = byId<HTMLInputElement | HTMLTextAreaElement>(ids.input);
    const field: Field = { spec, input, atDefault: true, badge: byId(ids.badge), error: byId(ids.error) };
    byId(ids.reset).addEventListener('click', () => {
      this.setText(field, null);
      field.input.focus();
      this.changed();
    });
    input.addEventListener('input', () => {
      field.atDefault = false;
      field.refused = undefined;
      autoGrow(field);
      validate(field);
      this.changed();
    });
    return field;
  }

  private setText(field: Field, text: string | null): void {
    field.atDefault = text === null;
    const shown = shownText(field.spec, text);
    // A check box reads a text as Run Function reads a bool ("yes", "1", "False"); a number box drops a text
    // that is not a number ("three"): a text the field cannot hold is kept to say so.
    const bool = field.input.type === 'checkbox' ? coerceInput(shown, 'bool') : undefined;
    if (bool) (field.input as HTMLInputElement).checked = bool.ok && bool.value === true;
    else field.input.value = shown;
    const holds = bool ? bool.ok : field.input.type !== 'number' || field.input.value !== '';
    field.refused = text !== null && text.trim() !== '' && !holds ? text : undefined;
    autoGrow(field);
    validate(field);
  }
}

function fieldKey(spec: FieldSpec): string {
  return `${spec.kind} ${spec.name}`;
}

function autoGrow(field: Field): void {
  if (field.input instanceof HTMLTextAreaElement) field.input.rows = textRows(field.input.value);
}

function fieldText(field: Field): string {
  if (field.input instanceof HTMLInputElement && field.input.type === 'checkbox') return field.input.checked ? 'true' : 'false';
  return field.input.value;
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
  const numberHint = field.spec.kind === 'int' ? 'Enter a whole number (int), like 42' : 'Enter a number (float), like 0.5';
  if (field.refused !== undefined) message = `${field.spec.kind === 'bool' ? 'Check or uncheck it (bool)' : numberHint}; the set gave ${JSON.stringify(field.refused)}`;
  else if (field.input instanceof HTMLInputElement && field.input.type === 'number' && field.input.validity.badInput) message = numberHint;
  else if (!field.atDefault) message = validateText({ name: field.spec.name, type: field.spec.type, default: field.spec.required ? null : 'default' }, fieldText(field));
  else if (field.spec.required && strict) message = validateText({ name: field.spec.name, type: field.spec.type, default: null }, fieldText(field));
  field.error.textContent = message ?? '';
  field.input.setAttribute('aria-invalid', message ? 'true' : 'false');
  return !message;
}

/** Says what was loaded into the form (a set, a past run's variables), naming the fields that could not take their value. */
export function showLoaded(what: string, misfits: readonly string[]): void {
  if (!misfits.length) return showNotice('info', `Loaded ${what}.`);
  const many = misfits.length > 1;
  showNotice('error', `Loaded ${what}, but ${misfits.join(', ')} ${many ? 'do' : 'does'} not fit run(...): check ${many ? 'them' : 'it'}.`);
}
