// The workspace's .notte/variables (workspaceSets.ts: the first folder's) watched by the system directly
// (one non-recursive watch), beside VS Code's file watcher: in the test machines' VS Code, a sets file written by another
// program sometimes never came through VS Code's watcher (a whole suite run long), while its folder's
// events did. A small folder watched twice costs nothing; an event seen twice is read twice, harmlessly.
import fs = require('fs');
import path = require('path');
import vscode = require('vscode');
import { setsFolder } from '../../core/setTests/workspaceSets';

/** Events of one file closer than this are one read. */
const SETTLE_MS = 100;

export class SetsFolderWatch implements vscode.Disposable {
  /** By folder path: the watch and the folder it was made on (a folder removed and made again is another one). */
  private readonly watchers = new Map<string, { watcher: fs.FSWatcher; inode: number }>();
  private readonly pending = new Map<string, NodeJS.Timeout>();

  /** `changed`: a sets file made, changed or removed (its URI). */
  constructor(private readonly changed: (file: vscode.Uri) => void) {}

  /** Watches the sets folder if it exists now (again, if it was made anew), and stops watching one gone. */
  rearm(): void {
    const sets = setsFolder();
    const wanted = new Set(sets?.scheme === 'file' ? [sets.fsPath] : []);
    for (const [dir, watched] of this.watchers) {
      if (wanted.has(dir) && inodeOf(dir) === watched.inode) continue;
      watched.watcher.close();
      this.watchers.delete(dir);
    }
    for (const dir of wanted) if (!this.watchers.has(dir) && inodeOf(dir) !== undefined) this.watch(dir);
  }

  private watch(folder: string): void {
    try {
      const inode = inodeOf(folder);
      if (inode === undefined) return;
      const watcher = fs.watch(folder, { persistent: false }, (_event, name) => {
        if (typeof name === 'string' && name.endsWith('.json')) this.settle(path.join(folder, name));
      });
      // A folder removed or unreadable: VS Code's folder events redraw the view, which arms again.
      watcher.on('error', () => {
        watcher.close();
        if (this.watchers.get(folder)?.watcher === watcher) this.watchers.delete(folder);
      });
      this.watchers.set(folder, { watcher, inode });
    } catch {
      // Not watchable here: VS Code's watcher still follows it.
    }
  }

  private settle(file: string): void {
    clearTimeout(this.pending.get(file));
    this.pending.set(
      file,
      setTimeout(() => {
        this.pending.delete(file);
        this.changed(vscode.Uri.file(file));
      }, SETTLE_MS),
    );
  }

  dispose(): void {
    for (const { watcher } of this.watchers.values()) watcher.close();
    this.watchers.clear();
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}

function inodeOf(folder: string): number | undefined {
  try {
    return fs.statSync(folder).ino;
  } catch {
    return undefined;
  }
}
