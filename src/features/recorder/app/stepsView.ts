// The steps as the Python they become, in a list to edit before export: move up or down, delete, edit a
// selector, a value or an address, mark a value variable (a parameter of run(), with a name to change).
import type { StepView } from '../protocol';
import { send } from './host';
import { button, byId, el } from '../../../shared/webviewDom';

function field(label: string, value: string, onChange: (text: string) => void): HTMLLabelElement {
  const input = el('input', { type: 'text', value, spellcheck: 'false', 'aria-label': label });
  input.addEventListener('change', () => onChange(input.value));
  return el('label', { class: 'field' }, el('span', { text: label }), input);
}

function variableControl(step: StepView, index: number): HTMLElement | undefined {
  if (!step.canBeVariable) return undefined;
  const box = el('input', { type: 'checkbox', class: 'variable-toggle', checked: !!step.variable, 'aria-label': 'Variable' });
  box.addEventListener('change', () => send({ v: 1, type: 'variable', index, name: box.checked ? '' : null }));
  const wrap = el('span', { class: 'variable' }, el('label', {}, box, ' variable'));
  if (step.variable) {
    const name = el('input', { type: 'text', class: 'variable-name', value: step.variable, spellcheck: 'false', 'aria-label': 'Parameter name' });
    name.addEventListener('change', () => send({ v: 1, type: 'variable', index, name: name.value }));
    wrap.append(name);
  }
  return wrap;
}

function editor(step: StepView, index: number): HTMLElement {
  const edit = (which: 'selector' | 'value' | 'url') => (text: string) => send({ v: 1, type: 'editStep', index, field: which, text });
  return el(
    'div',
    { class: 'step-edit', hidden: true },
    step.url !== undefined ? field('url', step.url, edit('url')) : undefined,
    step.selector !== undefined ? field('selector', step.selector, edit('selector')) : undefined,
    step.value !== undefined && !step.variable ? field('value', step.value, edit('value')) : undefined,
  );
}

export function renderSteps(steps: StepView[]): void {
  const list = byId<HTMLOListElement>('steps');
  byId('no-steps').hidden = steps.length > 0;
  list.replaceChildren(
    ...steps.map((step, index) => {
      const fields = editor(step, index);
      const hasFields = step.url !== undefined || step.selector !== undefined || (step.value !== undefined && !step.variable);
      return el(
        'li',
        { class: step.fragile ? 'step fragile' : 'step', 'data-index': String(index) },
        el('pre', { class: 'code', text: step.code }),
        el(
          'div',
          { class: 'step-tools' },
          variableControl(step, index),
          hasFields ? button('Edit', () => (fields.hidden = !fields.hidden), { class: 'small secondary', title: 'Edit this step' }) : undefined,
          button('↑', () => send({ v: 1, type: 'moveStep', index, to: index - 1 }), { class: 'small secondary', title: 'Move up', disabled: index === 0 }),
          button('↓', () => send({ v: 1, type: 'moveStep', index, to: index + 1 }), { class: 'small secondary', title: 'Move down', disabled: index === steps.length - 1 }),
          button('✕', () => send({ v: 1, type: 'deleteStep', index }), { class: 'small secondary', title: 'Delete this step', 'aria-label': 'Delete' }),
        ),
        fields,
      );
    }),
  );
}
