// A session's tabs' crashes (Chromium ended a renderer: too little memory, a renderer bug). Playwright
// refuses everything on a crashed tab, and may reject an operation with "Target crashed" before it tells
// the tab's crash event: an error's words only hint at a crash, the event decides (a selector or a
// script's own error may say "Page crashed" of a page that is well).
import type { Page } from 'playwright-core';
import { within } from '../../api/wait';

/** Playwright's words for an operation on a crashed tab ("page.evaluate: Target crashed", "Page crashed"). */
const CRASHED = /\b(?:Target|Page) crashed\b/;
/** How long a failure that speaks of a crash waits for the tab's crash event. */
const CRASH_EVENT_MS = 1000;

export class TabCrashes {
  private readonly crashed = new WeakSet<Page>();
  private count = 0;
  private readonly waiters = new Set<() => void>();

  /** Tells `onCrash` when the tab crashes (once). */
  watch(page: Page, onCrash: () => void): void {
    page.once('crash', () => {
      this.crashed.add(page);
      this.count++;
      for (const wake of this.waiters) wake();
      onCrash();
    });
  }

  has(page: Page): boolean {
    return this.crashed.has(page);
  }

  /** The count `since` compares with: taken when an operation begins. */
  get mark(): number {
    return this.count;
  }

  /** Whether a tab crashed since `mark` (waiting a little for the event when `error` speaks of a crash). */
  async since(mark: number, error: unknown): Promise<boolean> {
    if (this.count > mark) return true;
    if (!(error instanceof Error && CRASHED.test(error.message))) return false;
    let wake!: () => void;
    const next = new Promise<void>((resolve) => this.waiters.add((wake = resolve)));
    await within(next, CRASH_EVENT_MS, undefined);
    this.waiters.delete(wake);
    return this.count > mark;
  }
}
