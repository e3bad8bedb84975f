// The page's elements as observe listed them: one row each (id, role, label, its action), filtered as
// typed. Hovering a row outlines its element on the frame; selecting one (a row, or a click on the frame)
// shows what it does: fill asks the value, select offers the options, check toggles, click clicks.
import type { ElementView } from '../protocol';
import { byId, el } from '../../../shared/webviewDom';

const VERB: Record<string, string> = { click: 'Click', fill: 'Fill', select_dropdown_option: 'Select', check: 'Toggle' };

export interface ElementsHandlers {
  hover(element: ElementView | undefined): void;
  selected(element: ElementView | undefined): void;
  act(element: ElementView, value?: string | boolean): void;
  pick(element: ElementView): void;
}

export class ElementsView {
  private elements: ElementView[] = [];
  private selectedId: string | undefined;
  private picking = false;
  private readonly list = byId<HTMLUListElement>('elements');
  private readonly filter = byId<HTMLInputElement>('filter');
  private readonly value = byId<HTMLInputElement>('detail-value');

  constructor(private readonly handlers: ElementsHandlers) {
    this.filter.addEventListener('input', () => this.render());
    this.list.addEventListener('keydown', (event) => this.onListKey(event));
    // From the filter, the arrow down goes to the list, as from a search box to its results.
    this.filter.addEventListener('keydown', (event) => {
      // Nothing listed: the focus stays in the filter.
      if (event.key !== 'ArrowDown' || this.visibleIds().length === 0) return;
      event.preventDefault();
      this.list.focus();
      if (!this.visibleIds().includes(this.selectedId ?? '')) this.moveSelection(0);
    });
    byId('detail-act').addEventListener('click', () => this.actOnSelected());
    byId('detail-pick').addEventListener('click', () => {
      const element = this.selected;
      if (element) handlers.pick(element);
    });
    this.value.addEventListener('keydown', (event) => {
      // Held down from the list, Enter's repeats land here: only a press of its own acts (not an empty fill).
      if (event.key === 'Enter' && !event.repeat) {
        event.preventDefault();
        this.actOnSelected();
      }
    });
  }

  get selected(): ElementView | undefined {
    return this.elements.find((e) => e.id === this.selectedId);
  }

  setPicking(picking: boolean): void {
    this.picking = picking;
    byId('detail-pick').hidden = !picking;
  }

  show(elements: ElementView[]): void {
    this.elements = elements;
    if (!this.selected) this.selectedId = undefined;
    this.render();
    this.detail();
  }

  /** The keys of a listbox: arrows, Home and End choose; Enter acts (a field's value box takes the keys next). */
  private onListKey(event: KeyboardEvent): void {
    const ids = this.visibleIds();
    const at = ids.indexOf(this.selectedId ?? '');
    const to: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at < 0 ? 0 : at - 1, Home: 0, End: ids.length - 1 };
    if (event.key in to) {
      event.preventDefault();
      this.moveSelection(Math.max(0, Math.min(ids.length - 1, to[event.key])));
    } else if (event.key === 'Enter' && this.selected && !event.repeat) {
      event.preventDefault();
      // Picking an element for the code (Pick Element), Enter picks it; else it goes to the element's action.
      if (this.picking) this.handlers.pick(this.selected);
      else this.select(this.selectedId, true);
    }
  }

  private moveSelection(position: number): void {
    const id = this.visibleIds()[position];
    if (id !== undefined) this.select(id);
  }

  private visibleIds(): string[] {
    return Array.from(this.list.querySelectorAll<HTMLLIElement>('li[data-id]')).map((row) => row.dataset.id!);
  }

  private render(): void {
    const needle = this.filter.value.trim().toLowerCase();
    const rows = this.elements
      .filter((e) => !needle || `${e.id} ${e.role} ${e.label} ${e.action}`.toLowerCase().includes(needle))
      .map((element) => {
        const row = el(
          'li',
          {
            role: 'option',
            id: rowId(element.id),
            'data-id': element.id,
            class: element.id === this.selectedId ? 'selected' : undefined,
            'aria-selected': element.id === this.selectedId ? 'true' : 'false',
          },
          el('span', { class: 'id', text: element.id }),
          el('span', { class: 'role', text: element.role }),
          el('span', { class: 'label', text: element.label || '—' }),
          el('span', { class: 'action', text: element.action === 'check' ? (element.checked ? 'checked' : 'check') : element.action.replace('_dropdown_option', '') }),
        );
        row.addEventListener('mouseenter', () => this.handlers.hover(element));
        row.addEventListener('mouseleave', () => this.handlers.hover(undefined));
        // A field's row clicked is as the field clicked on the frame: what is typed next goes to its value box.
        row.addEventListener('click', () => this.select(element.id, takesValue(element)));
        row.addEventListener('dblclick', () => element.action === 'click' && this.handlers.act(element));
        return row;
      });
    this.list.replaceChildren(...rows);
    this.markActive();
    if (rows.length === 0) this.list.append(el('li', { class: 'muted empty', text: this.elements.length ? 'No element matches.' : 'Press Observe to list the elements in view.' }));
  }

  /**
   * Selects an element (a row, or the element under a click on the frame). `typeNext`: a click on the
   * frame, after which a person types as on a page: a field's value box takes the keys (Enter acts).
   */
  select(id: string | undefined, typeNext = false): void {
    this.selectedId = id;
    for (const row of Array.from(this.list.querySelectorAll<HTMLLIElement>('li[data-id]'))) {
      const on = row.dataset.id === id;
      row.classList.toggle('selected', on);
      row.setAttribute('aria-selected', on ? 'true' : 'false');
      if (on) row.scrollIntoView({ block: 'nearest' });
    }
    this.markActive();
    this.detail();
    this.handlers.selected(this.selected);
    if (typeNext && !this.picking && !this.value.hidden) {
      this.value.focus();
      this.value.scrollIntoView({ block: 'nearest' });
    } else if (typeNext && !this.picking) {
      // A button or a box clicked on the frame is chosen, not pressed: its action button comes into view, focused (Enter presses it).
      const act = byId<HTMLButtonElement>('detail-act');
      act.focus();
      act.scrollIntoView({ block: 'nearest' });
    }
  }

  /** The row a screen reader reads as the list's current one. */
  private markActive(): void {
    const row = this.selectedId === undefined ? null : this.list.querySelector(`li[data-id="${CSS.escape(this.selectedId)}"]`);
    if (row) this.list.setAttribute('aria-activedescendant', rowId(this.selectedId!));
    else this.list.removeAttribute('aria-activedescendant');
  }

  private detail(): void {
    const element = this.selected;
    const box = byId('detail');
    box.hidden = !element;
    if (!element) return;
    byId('detail-title').textContent = `${element.id} ${element.role} “${element.label}”`;
    const needsValue = takesValue(element);
    this.value.hidden = !needsValue;
    this.value.placeholder = element.action === 'fill' ? 'Text to fill' : 'Option (text or value)';
    byId('detail-options').replaceChildren(...(element.options ?? []).map((o) => el('option', { value: o })));
    const act = byId<HTMLButtonElement>('detail-act');
    act.textContent = element.action === 'check' ? (element.checked ? 'Uncheck' : 'Check') : (VERB[element.action] ?? 'Click');
    act.hidden = this.picking;
  }

  private actOnSelected(): void {
    const element = this.selected;
    if (!element || this.picking) return;
    if (takesValue(element)) {
      if (element.action === 'select_dropdown_option' && !this.value.value) {
        this.value.focus();
        return;
      }
      this.handlers.act(element, this.value.value);
      this.value.value = '';
    } else if (element.action === 'check') this.handlers.act(element, !element.checked);
    else this.handlers.act(element);
  }

  byId(id: string): ElementView | undefined {
    return this.elements.find((e) => e.id === id);
  }
}

function rowId(elementId: string): string {
  return `element-${elementId}`;
}

/** Whether acting on the element takes a value (a text to fill, an option to select): its value box shows. */
function takesValue(element: ElementView): boolean {
  return element.action === 'fill' || element.action === 'select_dropdown_option';
}
