// Folders of ours (.notte, .notte/variables) watched by the system directly, one non-recursive
// fs.watch each, beside VS Code's file watcher: on the test machines, a file written there by another
// program sometimes never came through VS Code's watcher (a whole suite run long, and again after its
// folder was moved away and back), while the folders' events did. A small folder watched twice costs
// nothing; a change seen by both is read twice, harmlessly.
import fs = require('fs');
import path = require('path');
import vscode = require('vscode');

/** Events of one file closer than this are one read. */
const SETTLE_MS = 100;

export interface WatchedFolders {
  /** The folders to watch now (those that do not exist yet are watched once `rearm` finds them). */
  folders(): string[];
  /** Whether a file of that name in them is ours. */
  isOurs(name: string): boolean;
  /** One of our files was made, changed or removed. */
  changed(file: vscode.Uri): void;
}

export class DirectFolderWatch implements vscode.Disposable {
  /** By folder path: the watch and the folder it was made on (a folder removed and made again is another one). */
  private readonly watchers = new Map<string, { watcher: fs.FSWatcher; inode: number }>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private disposed = false;

  constructor(private readonly watched: WatchedFolders) {}

  /** Watches the folders that exist now (again, those made anew), and stops watching those gone. */
  rearm(): void {
    if (this.disposed) return;
    const wanted = new Set(this.watched.folders());
    for (const [dir, watched] of this.watchers) {
      if (wanted.has(dir) && inodeOf(dir) === watched.inode) continue;
      watched.watcher.close();
      this.watchers.delete(dir);
    }
    for (const dir of wanted) if (!this.watchers.has(dir)) this.watch(dir);
  }

  private watch(folder: string): void {
    try {
      const inode = inodeOf(folder);
      if (inode === undefined) return;
      const watcher = fs.watch(folder, { persistent: false }, (_event, name) => {
        if (typeof name === 'string' && this.watched.isOurs(name)) this.settle(path.join(folder, name));
      });
      // A folder removed or unreadable: the next rearm (on VS Code's folder events) watches it again.
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
        this.watched.changed(vscode.Uri.file(file));
      }, SETTLE_MS),
    );
  }

  dispose(): void {
    this.disposed = true;
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
