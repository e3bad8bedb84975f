// The saved sets of variables: the list the extension sent, and loading, saving, renaming and
// deleting a set (the extension writes the file; the page only asks).
import type { HostMessage, SavedSetView } from '../protocol';
import { byId, el, onClick, showNotice } from './dom';
import { showLoaded, type Form } from './form';
import { send } from './host';

export class SetsBar {
  private sets: SavedSetView[] = [];
  /** The set just saved or renamed: the list shows it chosen once the extension sends it. */
  private toChoose?: string;

  constructor(private readonly form: Form) {
    onClick('set-load', () => this.load());
    onClick('set-save', () => {
      const name = this.name();
      // Another set's name would replace that set's values unseen: only the set chosen in the list is replaced.
      const taken = this.sets.find((set) => set.name && set.name === name);
      if (taken && this.selected() !== taken) return showNotice('error', `A set named "${name}" exists: choose it in the list first, and Save as replaces its values.`);
      if (name) form.withTexts((texts) => send({ v: 1, type: 'saveSet', name, texts }));
      this.toChoose = name;
    });
    onClick('set-rename', () => {
      const set = this.named('renamed');
      const name = set && this.name();
      if (set && name) send({ v: 1, type: 'renameSet', from: set.name, to: name });
      this.toChoose = name;
    });
    byId<HTMLSelectElement>('set-select').addEventListener('change', () => this.enableButtons());
    // Enter in the name box saves, as a form's Enter would (a keyboard user had to Tab to Save as).
    byId<HTMLInputElement>('set-name').addEventListener('keydown', (event) => {
      // Ctrl+Enter runs the form (the page's own key): not a save too.
      if (event.key !== 'Enter' || event.isComposing || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      byId<HTMLButtonElement>('set-save').click();
    });
    onClick('set-delete', () => {
      const set = this.named('deleted');
      if (set) send({ v: 1, type: 'deleteSet', name: set.name });
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
    const chosen = this.sets.findIndex((set) => set.name === this.toChoose);
    if (chosen >= 0) select.value = String(chosen);
    else if (this.sets.some((_, i) => String(i) === previous)) select.value = previous;
    this.toChoose = undefined;
    this.enableButtons();
    const box = byId<HTMLDivElement>('sets-message');
    box.textContent = message.error ?? (message.file ? `Kept in ${message.file}` : '');
    box.className = message.error ? 'sets-message error' : 'sets-message muted';
  }

  /** With nothing to load, rename or delete, their buttons say so by being off; the last values have no name to rename or delete. */
  private enableButtons(): void {
    const set = this.selected();
    byId<HTMLButtonElement>('set-load').disabled = !set;
    for (const id of ['set-rename', 'set-delete']) byId<HTMLButtonElement>(id).disabled = !set?.name;
  }

  private selected(): SavedSetView | undefined {
    const value = byId<HTMLSelectElement>('set-select').value;
    return value === '' ? undefined : this.sets[Number(value)];
  }

  /** The chosen set when it has a name (the last values have none: Save as names them), else says what is missing. */
  private named(what: 'renamed' | 'deleted'): SavedSetView | undefined {
    const set = this.selected();
    if (!set) showNotice('error', 'Choose a saved set first.');
    else if (!set.name) showNotice('error', `The last values cannot be ${what}: Save as keeps them under a name.`);
    return set?.name ? set : undefined;
  }

  private load(): void {
    const set = this.selected();
    if (!set) return showNotice('error', 'Choose a saved set first.');
    const misfits = this.form.fill(set.texts);
    byId<HTMLInputElement>('set-name').value = set.name;
    showLoaded(set.name ? `the set "${set.name}"` : 'the last values', misfits);
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
