// The steps as the Python they become, in a list to edit before export: move up or down, delete, edit a
// selector, a value or an address, mark a value variable (a parameter of run(), with a name to change).
// Each change is made by the extension, which sends the steps back: the list is drawn anew, and the
// control a keyboard user pressed gets the focus back (on the step where it went), not the page's body.
import type { StepView } from '../protocol';
import { send } from './host';
import { button, byId, el } from '../../../shared/webviewDom';

type Control = 'variable' | 'variable-name' | 'edit' | 'up' | 'down' | 'delete';
/** Where the focus goes once the steps come back from a change made from the list, if `from` still has it. */
let focusNext: { index: number; control: Control; from: Element | null } | undefined;

/** `from`: the control that made the change (a field's change comes as the focus leaves it: not the focused one). */
function change(index: number, control: Control, message: Parameters<typeof send>[0], from: Element | null = document.activeElement): void {
  focusNext = { index, control, from };
  send(message);
}

function field(label: string, value: string, onChange: (text: string) => void): HTMLLabelElement {
  const input = el('input', { type: 'text', value, spellcheck: 'false', 'aria-label': label });
  input.addEventListener('change', () => onChange(input.value));
  return el('label', { class: 'field' }, el('span', { text: label }), input);
}

function variableControl(step: StepView, index: number): HTMLElement | undefined {
  if (!step.canBeVariable) return undefined;
  const n = index + 1;
  const box = el('input', {
    type: 'checkbox',
    class: 'variable-toggle',
    checked: !!step.variable,
    'aria-label': `Step ${n}: its value as a variable of run()`,
    'data-control': 'variable',
  });
  // Made a variable, the focus goes to its new name, to be named at once.
  box.addEventListener('change', () => change(index, box.checked ? 'variable-name' : 'variable', { v: 1, type: 'variable', index, name: box.checked ? '' : null }, box));
  const wrap = el('span', { class: 'variable' }, el('label', {}, box, ' variable'));
  if (step.variable) {
    const name = el('input', {
      type: 'text',
      class: 'variable-name',
      value: step.variable,
      spellcheck: 'false',
      'aria-label': `Step ${n}: parameter name`,
      'data-control': 'variable-name',
    });
    name.addEventListener('change', () => change(index, 'variable-name', { v: 1, type: 'variable', index, name: name.value }, name));
    wrap.append(name);
  }
  return wrap;
}

function editor(step: StepView, index: number): HTMLElement {
  const edit = (which: 'selector' | 'value' | 'url') => (text: string) => change(index, 'edit', { v: 1, type: 'editStep', index, field: which, text }, null);
  return el(
    'div',
    { class: 'step-edit', hidden: true },
    step.url !== undefined ? field('url', step.url, edit('url')) : undefined,
    step.selector !== undefined ? field('selector', step.selector, edit('selector')) : undefined,
    step.value !== undefined && !step.variable ? field('value', step.value, edit('value')) : undefined,
  );
}

function tools(step: StepView, index: number, count: number, fields: HTMLElement): HTMLElement {
  const n = index + 1;
  const hasFields = step.url !== undefined || step.selector !== undefined || (step.value !== undefined && !step.variable);
  const tool = (text: string, control: Control, label: string, action: () => void, disabled = false) =>
    button(text, action, { class: 'small secondary', title: label, 'aria-label': label, 'data-control': control, disabled });
  return el(
    'div',
    { class: 'step-tools' },
    variableControl(step, index),
    hasFields ? tool('Edit', 'edit', `Edit step ${n}`, () => (fields.hidden = !fields.hidden)) : undefined,
    tool('↑', 'up', `Move step ${n} up`, () => change(index - 1, 'up', { v: 1, type: 'moveStep', index, to: index - 1 }), index === 0),
    tool('↓', 'down', `Move step ${n} down`, () => change(index + 1, 'down', { v: 1, type: 'moveStep', index, to: index + 1 }), index === count - 1),
    tool('✕', 'delete', `Delete step ${n}`, () => change(index, 'delete', { v: 1, type: 'deleteStep', index })),
  );
}

export function renderSteps(steps: StepView[]): void {
  const list = byId<HTMLOListElement>('steps');
  byId('no-steps').hidden = steps.length > 0;
  // The focused control of the list, told by its step and kind: drawn anew, the same one gets it back.
  const active = document.activeElement;
  const stepOf = active instanceof HTMLElement && list.contains(active) ? active.closest<HTMLElement>('li.step') : null;
  const stayed =
    stepOf && active instanceof HTMLElement && active.dataset.control ? { index: Number(stepOf.dataset.index), control: active.dataset.control as Control } : undefined;
  list.replaceChildren(
    ...steps.map((step, index) => {
      const fields = editor(step, index);
      return el(
        'li',
        { class: step.fragile ? 'step fragile' : 'step', 'data-index': String(index) },
        el('pre', { class: 'code', text: step.code }),
        tools(step, index, steps.length, fields),
        fields,
      );
    }),
  );
  const next = focusNext;
  focusNext = undefined;
  // The change's own place, while its control kept the focus (else the person moved on: where they are now).
  if (next && next.from !== null && active === next.from) focusControl(list, next.index, next.control);
  else if (stayed) focusControl(list, stayed.index, stayed.control);
}

/** The control on the step at `index` (the last step when it was deleted at the end), else the step's first enabled one. */
function focusControl(list: HTMLElement, index: number, control: Control): void {
  const steps = list.querySelectorAll<HTMLLIElement>('li.step');
  const step = steps[Math.min(index, steps.length - 1)];
  if (!step) return;
  const usable = (candidate: HTMLElement | null) => (candidate && !(candidate as HTMLButtonElement).disabled ? candidate : null);
  const target = usable(step.querySelector(`[data-control="${control}"]`)) ?? usable(step.querySelector('[data-control]:not(:disabled)'));
  target?.focus();
}
