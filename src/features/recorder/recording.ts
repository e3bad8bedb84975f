// The steps of one panel, as the person edits them before export: add, delete, move, edit a value or a
// selector, mark a value variable (a parameter of run(), named after its element). No vscode import.
import { isVariableName, RecordedStep, recordedValue, VALUE_ACTIONS, variableName } from './steps';

export type StepField = 'selector' | 'value' | 'url';

export class Recording {
  private list: RecordedStep[] = [];
  private part = 0;

  get steps(): readonly RecordedStep[] {
    return this.list;
  }

  /** The steps taken since Record at Cursor last started a part (all of them when it never did). */
  get lastPart(): readonly RecordedStep[] {
    return this.list.filter((step) => (step.part ?? 0) === this.part);
  }

  /** Steps from now on belong to a new part: Record at Cursor on a panel that has steps already. */
  startPart(): void {
    this.part++;
  }

  /** Adds a step; one typed into a password field is made a variable at once (its value stays out of the code). */
  add(step: RecordedStep): void {
    step.part = this.part;
    this.list.push(step);
    if (step.secret) this.setVariable(this.list.length - 1, undefined);
  }

  clear(): void {
    this.list = [];
  }

  remove(index: number): boolean {
    if (!this.has(index)) return false;
    this.list.splice(index, 1);
    return true;
  }

  /** Moves a step to `to` (the others keep their order). */
  move(index: number, to: number): boolean {
    if (!this.has(index) || !this.has(to) || index === to) return false;
    const [step] = this.list.splice(index, 1);
    this.list.splice(to, 0, step);
    return true;
  }

  /** Edits a field; answers why not when the field does not apply or the text cannot be one. */
  edit(index: number, field: StepField, text: string): string | undefined {
    const step = this.list[index];
    if (!step) return 'There is no such step.';
    if (field === 'url') {
      if (step.type !== 'goto') return 'Only a goto step has an address.';
      step.url = text.trim();
      return undefined;
    }
    if (field === 'selector') {
      if (step.selector === undefined) return 'This step acts on no element.';
      if (!text.trim()) return 'A selector cannot be empty.';
      step.selector = text.trim();
      delete step.fragile;
      return undefined;
    }
    if (step.value === undefined) return 'This step has no value.';
    step.value = typeof step.value === 'boolean' ? /^(true|yes|on|1)$/i.test(text.trim()) : text;
    return undefined;
  }

  /**
   * Marks the step's value variable (a name proposed from its element's label when none is given), or
   * makes it a constant again (`name` null). Answers why not, if it cannot.
   */
  setVariable(index: number, name: string | null | undefined): string | undefined {
    const step = this.list[index];
    if (!step) return 'There is no such step.';
    if (name === null) {
      if (step.secret) return 'A password stays a variable: what was typed is never written into the code.';
      delete step.variable;
      return undefined;
    }
    if (!VALUE_ACTIONS.has(step.type) || recordedValue(step) === undefined) return 'Only a value (filled, selected, checked) or an address can be a variable.';
    const taken = new Set(this.list.filter((s, i) => i !== index && s.variable).map((s) => s.variable!));
    if (name === undefined) {
      step.variable = variableName(suggestedName(step), taken);
      return undefined;
    }
    const trimmed = name.trim();
    if (!isVariableName(trimmed)) return `"${trimmed}" cannot be a parameter of run(): use letters, digits and _ (not a Python keyword, nor client, session, result or run).`;
    step.variable = trimmed;
    return undefined;
  }

  private has(index: number): boolean {
    return Number.isInteger(index) && index >= 0 && index < this.list.length;
  }
}

/**
 * What a step's variable is first named after: the element's label; for a list whose label is its options'
 * text (it has none of its own: "Notebook Pencil Backpack", holding the chosen option), its id or name.
 */
function suggestedName(step: RecordedStep): string | undefined {
  if (step.type === 'goto') return 'url';
  const named = /^(?:select)?#([A-Za-z][\w-]*)$|\[name=["']?([A-Za-z][\w-]*)["']?\]$/.exec(step.selector ?? '');
  const optionsText = step.type === 'select_dropdown_option' && typeof step.value === 'string' && step.value !== '' && (step.label ?? '').includes(step.value);
  return optionsText && named ? (named[1] ?? named[2]) : step.label;
}
