// Saved sets as tests in the Testing view: the window's part behind the "Notte Functions" test
// controller that app/providers.ts creates at activation. Nothing is read until the view asks for its
// items (or a run needs them); from then on the items follow the sets files and the link file.
import path = require('path');
import vscode = require('vscode');
import { DirectFolderWatch } from '../../core/folderWatch';
import type { TestPlace } from '../../core/setTests/runSetTests';
import { isSetsFile, isSetsFolderOrParent, readSetsFile, readSetsFiles, setsFolder, SetsFile } from '../../core/setTests/workspaceSets';
import { WindowContext, windowPart } from '../../core/windowContext';
import { Disposables } from '../../shared/disposables';
import { newSchemaValidator } from '../../shared/jsonSchema';
import { SETS_FOLDER } from '../../shared/savedSets';
import { fileProblems, functionItem, showFileProblems } from './testItems';
import { RunHost, runRequest, SetResult } from './testRun';

export const savedSetTestsPart = windowPart('saved sets as tests', (ctx) => new SavedSetTests(ctx));

export class SavedSetTests implements vscode.Disposable, RunHost {
  private controllerInUse: vscode.TestController | undefined;
  private readonly disposables = new Disposables();
  private readonly results = new Map<string, SetResult>();
  private discovered: Promise<void> | undefined;
  /** Item updates, one after the other (a file saved twice quickly must not end with the older text). */
  private updates: Promise<void> = Promise.resolve();
  /** The text each file's item was drawn from, by file name. */
  private drawnTexts = new Map<string, string>();
  private folderWatch: DirectFolderWatch | undefined;

  constructor(readonly ctx: WindowContext) {}

  /** The controller app/ made at activation; answers this part. */
  attach(controller: vscode.TestController): this {
    this.controllerInUse ??= controller;
    return this;
  }

  get controller(): vscode.TestController {
    if (!this.controllerInUse) throw new Error('the saved sets tests have no controller yet');
    return this.controllerInUse;
  }

  /** The view's question for the items below `item` (the roots when none): the first one reads the sets files and starts following them. */
  resolve(item?: vscode.TestItem): Promise<void> {
    if (item) return Promise.resolve();
    this.discovered ??= this.discover();
    return this.discovered;
  }

  /** Reads every sets file again (the view's Refresh). */
  refresh(): Promise<void> {
    return this.update(async () => this.draw(await readSetsFiles()));
  }

  /** Draws the items of these files (read just now by a run), replacing all. */
  sync(files: SetsFile[]): Promise<void> {
    return this.update(() => this.draw(files));
  }

  run(request: vscode.TestRunRequest, token: vscode.CancellationToken, place: TestPlace): Promise<void> {
    return runRequest(this, request, token, place);
  }

  lastResult(id: string): SetResult | undefined {
    return this.results.get(id);
  }

  remember(id: string, result: SetResult): void {
    this.results.set(id, result);
  }

  private async discover(): Promise<void> {
    {
      const watcher = this.disposables.add(vscode.workspace.createFileSystemWatcher(`**/${SETS_FOLDER}/*.json`));
      const changed = (uri: vscode.Uri) => isSetsFile(uri) && void this.update(() => this.drawFile(uri));
      this.disposables.add(watcher.onDidCreate(changed));
      this.disposables.add(watcher.onDidChange(changed));
      this.disposables.add(watcher.onDidDelete(changed));
      // The first folder's sets folder (workspaceSets.ts), also watched directly (core/folderWatch.ts).
      const setsFolders = () => {
        const sets = setsFolder();
        return sets?.scheme === 'file' ? [sets.fsPath] : [];
      };
      this.folderWatch = this.disposables.add(new DirectFolderWatch({ folders: setsFolders, isOurs: (name) => name.endsWith('.json'), changed }));
      // A folder made, moved or removed whole is one event for the folder, none for the files in it
      // (and one removed then moved back at once comes as a change).
      const folders = this.disposables.add(vscode.workspace.createFileSystemWatcher(`**/{${SETS_FOLDER.split('/')[0]},${SETS_FOLDER}}`));
      const folderChanged = (uri: vscode.Uri) => isSetsFolderOrParent(uri) && void this.refresh();
      this.disposables.add(folders.onDidCreate(folderChanged));
      this.disposables.add(folders.onDidChange(folderChanged));
      this.disposables.add(folders.onDidDelete(folderChanged));
    }
    // A file linked or unlinked, another server: the functions' files (and their ▶) change.
    this.disposables.add(this.ctx.linked.links.onDidChange(() => void this.refresh()));
    this.disposables.add(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.refresh()));
    await this.refresh();
  }

  private update(work: () => Promise<void>): Promise<void> {
    const next = this.updates.then(work).catch((error: unknown) => this.ctx.log.error(`The Testing view could not read the saved sets: ${(error as Error).message}`));
    this.updates = next;
    return next;
  }

  private async draw(files: SetsFile[]): Promise<void> {
    const items = await Promise.all(files.map((file) => functionItem(this.controller, file, this.ctx.linked.links)));
    this.controller.items.replace(items.filter((item): item is vscode.TestItem => item !== undefined));
    this.drawnTexts = new Map(files.map((file) => [file.fileName, file.text]));
    this.folderWatch?.rearm();
    this.checkLater(files);
  }

  private async drawFile(uri: vscode.Uri): Promise<void> {
    const file = await readSetsFile(uri);
    const item = file && (await functionItem(this.controller, file, this.ctx.linked.links));
    if (item) this.controller.items.add(item);
    else this.controller.items.delete(path.basename(uri.fsPath));
    if (file) {
      this.drawnTexts.set(file.fileName, file.text);
      this.checkLater([file]);
    } else this.drawnTexts.delete(path.basename(uri.fsPath));
  }

  /**
   * Once the sets are shown: each file read in full (its variables, contracts and result schemas),
   * a file at a time, and one that cannot be used (or a set that cannot run) shown with its error,
   * unless drawn again since.
   */
  private checkLater(files: SetsFile[]): void {
    void this.update(async () => {
      const ajv = newSchemaValidator();
      for (const file of files) {
        await new Promise((resolve) => setImmediate(resolve));
        if (this.drawnTexts.get(file.fileName) !== file.text || this.controller.items.get(file.fileName)?.error) continue;
        try {
          // A problem is confirmed with a validator of the file's own: the pass's validator keeps every
          // schema it compiled, so a schema `$id` copied from another file would read as a conflict.
          const found = fileProblems(file, ajv) && fileProblems(file, newSchemaValidator());
          if (found) showFileProblems(this.controller, file, found);
        } catch (error) {
          this.ctx.log.error(`The Testing view could not check ${file.displayPath}: ${(error as Error).message}`);
        }
      }
    });
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
