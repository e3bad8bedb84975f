// The saved sets of variables: the list the extension sent, and loading, saving, renaming and
// deleting a set (the extension writes the file; the page only asks).
import type { HostMessage, SavedSetView } from '../protocol';
import { byId, el, onClick, showNotice } from './dom';
import type { Form } from './form';
import { send } from './host';

export class SetsBar {
  private sets: SavedSetView[] = [];

  constructor(private readonly form: Form) {
    onClick('set-load', () => this.load());
    onClick('set-save', () => {
      const name = this.name();
      if (name) form.withTexts((texts) => send({ v: 1, type: 'saveSet', name, texts }));
    });
    onClick('set-rename', () => {
      const set = this.selected();
      const name = this.name();
      if (set && set.name && name) send({ v: 1, type: 'renameSet', from: set.name, to: name });
    });
    onClick('set-delete', () => {
      const set = this.selected();
      if (set && set.name) send({ v: 1, type: 'deleteSet', name: set.name });
    });
    onClick('set-open', () => send({ v: 1, type: 'openSetsFile' }));
  }

  render(message: Extract<HostMessage, { type: 'sets' }>): void {
    this.sets = message.sets;
    const select = byId<HTMLSelectElement>('set-select');
    const previous = select.value;
    select.replaceChildren();
    if (!this.sets.length) select.append(el('option', { value: '', text: '(no saved sets)' }));
    this.sets.forEach((set, i) => select.append(el('option', { value: String(i), text: set.name === '' ? 'Last values' : set.name })));
    if (this.sets.some((_, i) => String(i) === previous)) select.value = previous;
    const box = byId<HTMLDivElement>('sets-message');
    box.textContent = message.error ?? (message.file ? `Kept in ${message.file}` : '');
    box.className = message.error ? 'sets-message error' : 'sets-message muted';
  }

  private selected(): SavedSetView | undefined {
    const value = byId<HTMLSelectElement>('set-select').value;
    return value === '' ? undefined : this.sets[Number(value)];
  }

  private load(): void {
    const set = this.selected();
    if (!set) return;
    this.form.fill(set.texts);
    byId<HTMLInputElement>('set-name').value = set.name;
    showNotice('info', set.name ? `Loaded the set "${set.name}".` : 'Loaded the last values.');
  }

  private name(): string | undefined {
    const name = byId<HTMLInputElement>('set-name').value.trim();
    if (!name) {
      showNotice('error', 'Type a name for the set first.');
      byId<HTMLInputElement>('set-name').focus();
      return undefined;
    }
    return name;
  }
}
