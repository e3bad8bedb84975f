import vscode = require('vscode');

/** How many stopped runs are remembered: plenty for what the views show, bounded for the state file. */
const KEPT = 500;
const STATE_KEY = 'notte.stoppedRuns';

/**
 * Runs a person stopped from this editor (Stop Run, Cancel, the run timeout), with why. The service
 * records a stopped run as failed; this is what lets every view read it "stopped" (shared/runs.ts's
 * rule), after a window reload too: it is kept in the global state (run ids and reasons only), newest last.
 */
export class StoppedRuns {
  constructor(private readonly memento: vscode.Memento) {}

  /** Why the run was stopped from here, if it was. */
  reason(runId: string | undefined): string | undefined {
    return runId === undefined ? undefined : this.all()[runId];
  }

  has(runId: string): boolean {
    return this.reason(runId) !== undefined;
  }

  /** Marks the run stopped (a first reason is kept: the stop that came first is what happened). */
  mark(runId: string, reason: string): void {
    const all = this.all();
    if (all[runId] !== undefined) return;
    const ids = Object.keys(all);
    const kept = Object.fromEntries(ids.slice(Math.max(0, ids.length - KEPT + 1)).map((id) => [id, all[id]]));
    kept[runId] = reason;
    void this.memento.update(STATE_KEY, kept);
  }

  /** The stop did not go through: the run is not reported as stopped. */
  forget(runId: string): void {
    const all = this.all();
    if (all[runId] === undefined) return;
    delete all[runId];
    void this.memento.update(STATE_KEY, all);
  }

  private all(): Record<string, string> {
    const value = this.memento.get<unknown>(STATE_KEY);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    // A hand-edited state keeps what it holds that makes sense.
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  }
}
