// The page's saved sets of variables (`.notte/variables/<function>.json`): what it lists, and saving,
// renaming and deleting a set, never over a file a person broke by hand.
import path = require('path');
import vscode = require('vscode');
import { MASK } from '../../api/redact';
import { DirectFolderWatch } from '../../core/folderWatch';
import { renamedSet, SavedSet, SETS_FOLDER, variablesToSave, withoutMasked, withoutSet, withSet } from '../../shared/savedSets';
import { textsFor } from '../../shared/variables';
import type { PageHost } from './pageHost';
import type { FormTexts } from './protocol';

export class PageSets {
  constructor(private readonly page: PageHost) {}

  async post(): Promise<void> {
    const { ctx, fn, functionId } = this.page;
    const read = await ctx.savedSets.read(fn?.name ?? undefined, functionId);
    const parameters = fn?.variables ?? [];
    const toTexts = (values: Record<string, unknown>): FormTexts => textsFor(parameters, values).map((t) => t ?? null);
    const file = read.uri ? ctx.savedSets.displayPath(read.uri) : '';
    const last = ctx.state.lastVariables(functionId);
    // A value saved masked (a password) is left for the person to type: its field shows empty.
    const sets = read.ok ? read.sets.map((set) => ({ name: set.name, texts: toTexts(withoutMasked(set.variables)) })) : [];
    if (Object.keys(last).length) sets.unshift({ name: '', texts: toTexts(last) });
    this.page.post({ v: 1, type: 'sets', sets, file, error: read.ok ? undefined : read.message });
  }

  /**
   * Lists the sets again when their file changes on disk (edited, broken or fixed by hand, written by
   * another window), while `shown` says the page shows them: VS Code's file watcher, and the folder
   * watched directly too (core/folderWatch.ts), for the events VS Code's was seen to lose.
   */
  watch(shown: () => boolean): vscode.Disposable {
    if (!vscode.workspace.workspaceFolders?.length) return new vscode.Disposable(() => undefined);
    const fileUri = () => this.page.ctx.savedSets.uriFor(this.page.fn?.name ?? undefined, this.page.functionId);
    const changed = (uri: vscode.Uri) => {
      if (shown() && uri.toString() === fileUri()?.toString()) void this.post();
    };
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${SETS_FOLDER}/*.json`);
    watcher.onDidChange(changed);
    watcher.onDidCreate(changed);
    watcher.onDidDelete(changed);
    const file = () => fileUri()?.fsPath;
    const direct = new DirectFolderWatch({
      folders: () => (fileUri()?.scheme === 'file' ? [path.dirname(file()!)] : []),
      isOurs: (name) => name === path.basename(file() ?? ''),
      changed,
    });
    direct.rearm();
    return vscode.Disposable.from(watcher, direct);
  }

  async save(name: string, texts: FormTexts): Promise<void> {
    const variables = this.page.variablesOrProblems(texts);
    if (!variables) return;
    const saved = variablesToSave(variables, this.page.ctx.config.keepSecretValuesInSavedSets);
    const note = saved.masked.length
      ? ` ${saved.masked.join(', ')} ${saved.masked.length === 1 ? 'was' : 'were'} saved as ${MASK} (the file is meant to be committed; notte.savedSets.keepSecretValues keeps them): type ${saved.masked.length === 1 ? 'it' : 'them'} when you use the set.`
      : '';
    let replaced = false;
    const change = (sets: SavedSet[]) => {
      replaced = sets.some((s) => s.name === name);
      return withSet(sets, name, saved.variables);
    };
    await this.change(change, () => `${replaced ? 'Replaced the values of' : 'Saved'} the set "${name}".${note}`);
  }

  rename(from: string, to: string): Promise<void> {
    return this.change((sets) => renamedSet(sets, from, to.trim()), `Renamed "${from}" to "${to.trim()}".`);
  }

  remove(name: string): Promise<void> {
    return this.change((sets) => withoutSet(sets, name), `Deleted the set "${name}".`);
  }

  async openFile(): Promise<void> {
    const { ctx, fn, functionId } = this.page;
    const uri = ctx.savedSets.uriFor(fn?.name ?? undefined, functionId);
    if (!uri) return;
    try {
      await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside });
    } catch {
      this.page.notice('info', `${ctx.savedSets.displayPath(uri)} does not exist yet: save a set first.`);
    }
  }

  private async change(change: (sets: SavedSet[]) => SavedSet[], done: string | (() => string)): Promise<void> {
    try {
      await this.page.ctx.savedSets.update(this.page.fn?.name ?? undefined, this.page.functionId, change);
      this.page.notice('info', typeof done === 'string' ? done : done());
    } catch (error) {
      this.page.notice('error', (error as Error).message);
    }
    await this.post();
  }
}
