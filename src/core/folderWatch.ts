// Folders of ours (.notte, .notte/variables) watched by the system directly, one non-recursive
// fs.watch each, beside VS Code's file watcher: on the test machines, a file written there by another
// program sometimes never came through VS Code's watcher (a whole suite run long, and again after its
// folder was moved away and back), while the folders' events did. A small folder watched twice costs
// nothing; a change seen by both is read twice, harmlessly. Every few seconds the folders are looked at
// again (a stat each): one made, made anew or gone since is watched or let go, and its files of ours are
// told changed, as no file event says so when a whole folder comes or goes.
import fs = require('fs');
import path = require('path');
import vscode = require('vscode');

/** Events of one file closer than this are one read. */
const SETTLE_MS = 100;
/** How often the folders are looked at again, for those made, moved or removed whole. */
const LOOK_AGAIN_MS = 2000;

export interface WatchedFolders {
  /** The folders to watch now (those that do not exist yet are watched once they do). */
  folders(): string[];
  /** Whether a file of that name in them is ours. */
  isOurs(name: string): boolean;
  /** One of our files was made, changed or removed. */
  changed(file: vscode.Uri): void;
}

interface Watched {
  watcher: fs.FSWatcher;
  /** The folder it was made on (a folder removed and made again is another one, even under a reused inode number). */
  identity: string;
  /** Our files in it when it was last looked at: told changed if the folder goes away whole. */
  files: string[];
}

export class DirectFolderWatch implements vscode.Disposable {
  private readonly watchers = new Map<string, Watched>();
  /** The folders looked at before: one appearing after that has its files told (not at the first look). */
  private readonly looked = new Set<string>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly lookAgain: NodeJS.Timeout;
  private disposed = false;

  constructor(private readonly watched: WatchedFolders) {
    this.lookAgain = setInterval(() => this.rearm(), LOOK_AGAIN_MS);
  }

  /** Watches the folders that exist now (again, those made anew), and stops watching those gone. */
  rearm(): void {
    if (this.disposed) return;
    const wanted = new Set(this.watched.folders());
    for (const [dir, watched] of this.watchers) {
      if (wanted.has(dir) && identityOf(dir) === watched.identity) {
        watched.files = this.ourFiles(dir);
        continue;
      }
      watched.watcher.close();
      this.watchers.delete(dir);
      // Moved away, removed or replaced whole: the files it held changed (gone, or those of the new one).
      for (const name of watched.files) this.settle(path.join(dir, name));
    }
    for (const dir of wanted) {
      if (this.watchers.has(dir)) continue;
      const seenBefore = this.looked.has(dir);
      this.looked.add(dir);
      if (this.watch(dir) && seenBefore) for (const name of this.watchers.get(dir)!.files) this.settle(path.join(dir, name));
    }
  }

  private watch(folder: string): boolean {
    try {
      const identity = identityOf(folder);
      if (identity === undefined) return false;
      const watcher = fs.watch(folder, { persistent: false }, (_event, name) => {
        if (typeof name === 'string' && this.watched.isOurs(name)) this.settle(path.join(folder, name));
      });
      // A folder removed or unreadable: the next look lets it go (telling its files) or watches it again.
      watcher.on('error', () => {
        watcher.close();
        const watched = this.watchers.get(folder);
        if (watched?.watcher === watcher) watched.identity = 'gone';
      });
      this.watchers.set(folder, { watcher, identity, files: this.ourFiles(folder) });
      return true;
    } catch {
      // Not watchable here: VS Code's watcher still follows it.
      return false;
    }
  }

  private ourFiles(folder: string): string[] {
    return namesIn(folder, (name) => this.watched.isOurs(name));
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
    clearInterval(this.lookAgain);
    for (const { watcher } of this.watchers.values()) watcher.close();
    this.watchers.clear();
    for (const timer of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
  }
}

/** The names in a folder that pass `keep`; none when it cannot be read (gone, not a folder, no access). */
export function namesIn(folder: string, keep: (name: string) => boolean): string[] {
  try {
    return fs.readdirSync(folder).filter(keep);
  } catch {
    return [];
  }
}

function identityOf(folder: string): string | undefined {
  try {
    const stat = fs.statSync(folder);
    // A birth time where the file system keeps one (a directory's change time moves with each entry).
    return `${stat.ino}:${stat.birthtimeMs}`;
  } catch {
    return undefined;
  }
}
