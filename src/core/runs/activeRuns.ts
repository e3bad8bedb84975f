import vscode = require('vscode');

export interface ActiveRun {
  functionId: string;
  functionName: string;
  runId?: string;
  /** When the run started, as this window saw it (names it in messages: "progress_report · 18:31:10"). */
  startedAt?: Date;
  /** The server it runs on (the profile in use when it started). */
  baseUrl?: string;
  /** Stops the run (and the local stream reading it). */
  cancel(): void;
}

/** How many ended runs keep their names, for messages and tabs. */
const ENDED_KEPT = 500;

/** Runs started from this window that have not finished: the status bar counts them, Stop offers them. */
export class ActiveRuns implements vscode.Disposable {
  private readonly runs = new Set<ActiveRun>();
  private readonly changed = new vscode.EventEmitter<number>();
  readonly onDidChange = this.changed.event;
  /** Runs that were started here and ended: their names outlive them, for messages and tabs. */
  private readonly ended = new Map<string, { functionName: string; startedAt?: Date }>();

  add(run: ActiveRun): vscode.Disposable {
    this.runs.add(run);
    this.changed.fire(this.runs.size);
    return new vscode.Disposable(() => {
      if (run.runId) {
        this.ended.set(run.runId, { functionName: run.functionName, startedAt: run.startedAt });
        if (this.ended.size > ENDED_KEPT) this.ended.delete(this.ended.keys().next().value as string);
      }
      if (this.runs.delete(run)) this.changed.fire(this.runs.size);
    });
  }

  get count(): number {
    return this.runs.size;
  }

  all(): ActiveRun[] {
    return [...this.runs];
  }

  findByRunId(runId: string): ActiveRun | undefined {
    return this.all().find((r) => r.runId === runId);
  }

  /** Runs whose last state this window is fetching after their stream ended. */
  private readonly fetchingEnd = new Set<string>();

  /**
   * Whether this window reads the run's stream, or fetches its last state after it (the view's
   * poller leaves such a run alone: asking too would fetch it twice).
   */
  followed(runId: string): boolean {
    return this.fetchingEnd.has(runId) || this.findByRunId(runId) !== undefined;
  }

  /** Marks the run followed while `fetch` gets its last state. */
  async whileFetchingEnd<T>(runId: string, fetch: () => Promise<T>): Promise<T> {
    this.fetchingEnd.add(runId);
    try {
      return await fetch();
    } finally {
      this.fetchingEnd.delete(runId);
    }
  }

  /** The name and start of a run this window started, running or ended. */
  startedHere(runId: string): { functionName: string; startedAt?: Date } | undefined {
    return this.findByRunId(runId) ?? this.ended.get(runId);
  }

  dispose(): void {
    for (const run of this.runs) run.cancel();
    this.runs.clear();
    this.changed.dispose();
  }
}
