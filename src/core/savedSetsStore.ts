import vscode = require('vscode');
import { parseSavedSets, SavedSet, SavedSetsError, SETS_FOLDER, setsFileName } from '../shared/savedSets';
import { editedSetsText } from '../shared/setsFileEdit';
import { notteFolder } from './notteFolder';

export type SetsRead = { ok: true; sets: SavedSet[]; uri: vscode.Uri; exists: boolean; text: string } | { ok: false; message: string; uri?: vscode.Uri; line?: number };

/**
 * Reads and writes a function's saved variable sets in the workspace's Notte folder (notteFolder.ts). A file that does
 * not parse is reported with its path and line, and no change is ever written over it.
 */
export class SavedSetsStore {
  uriFor(functionName: string | undefined, functionId: string): vscode.Uri | undefined {
    const folder = notteFolder();
    return folder && vscode.Uri.joinPath(folder.uri, ...SETS_FOLDER.split('/'), setsFileName(functionName, functionId));
  }

  displayPath(uri: vscode.Uri): string {
    return vscode.workspace.asRelativePath(uri, false);
  }

  async read(functionName: string | undefined, functionId: string): Promise<SetsRead> {
    const uri = this.uriFor(functionName, functionId);
    if (!uri) return { ok: false, message: 'Open a folder to keep saved variable sets (they live in .notte/variables/ of the workspace).' };
    return this.readFile(uri);
  }

  /** The sets of one file (a test item's). */
  async readFile(uri: vscode.Uri): Promise<SetsRead> {
    let text: string;
    try {
      text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return { ok: true, sets: [], uri, exists: false, text: '' };
      return { ok: false, uri, message: `Could not read ${this.displayPath(uri)}: ${(error as Error).message}` };
    }
    try {
      return { ok: true, sets: parseSavedSets(text), uri, exists: true, text };
    } catch (error) {
      if (!(error instanceof SavedSetsError)) throw error;
      return { ok: false, uri, line: error.line, message: `${this.displayPath(uri)}, line ${error.line}: ${error.reason}. Fix the file by hand; it is left as it is.` };
    }
  }

  /** Applies `change` to the sets as they are on disk now; refuses (with the reason) when the file is broken. */
  async update(functionName: string | undefined, functionId: string, change: (sets: SavedSet[]) => SavedSet[]): Promise<SavedSet[]> {
    const uri = this.uriFor(functionName, functionId);
    if (!uri) throw new Error('Open a folder to keep saved variable sets (they live in .notte/variables/ of the workspace).');
    return this.updateFile(uri, change);
  }

  /**
   * The same for one file. Refused too while the file has unsaved changes in an editor: writing the
   * file on disk would set them against each other.
   */
  async updateFile(uri: vscode.Uri, change: (sets: SavedSet[]) => SavedSet[]): Promise<SavedSet[]> {
    if (vscode.workspace.textDocuments.some((d) => d.isDirty && d.uri.toString() === uri.toString())) {
      throw new Error(`${this.displayPath(uri)} has unsaved changes in an editor: save or revert them first; nothing was written.`);
    }
    const current = await this.readFile(uri);
    if (!current.ok) throw new Error(current.message);
    const next = change(current.sets);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    // Edited where it changed: the rest of the file stays as the person laid it out.
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(editedSetsText(current.text, current.sets, next)));
    return next;
  }
}
