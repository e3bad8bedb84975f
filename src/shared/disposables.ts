// One owner for the listeners and resources of a long-lived object; no vscode import (its
// Disposable is structurally the same), so modules on both sides may use it.

export interface DisposableLike {
  dispose(): unknown;
}

/** Collects disposables and disposes them all, newest first, once. */
export class Disposables implements DisposableLike {
  private items: DisposableLike[] = [];
  private disposed = false;

  /** Owns `item` from now on (disposed at once if this store already was). */
  add<T extends DisposableLike>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.push(item);
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const items = this.items.reverse();
    this.items = [];
    for (const item of items) {
      try {
        item.dispose();
      } catch {
        // One failing dispose must not keep the others alive.
      }
    }
  }
}
