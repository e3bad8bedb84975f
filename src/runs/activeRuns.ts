import * as vscode from 'vscode';

export interface ActiveRun {
  functionId: string;
  functionName: string;
  runId?: string;
  /** Stops the run (and the local stream reading it). */
  cancel(): void;
}

/** Runs started from this window that have not finished: the status bar counts them, Stop offers them. */
export class ActiveRuns implements vscode.Disposable {
  private readonly runs = new Set<ActiveRun>();
  private readonly changed = new vscode.EventEmitter<number>();
  readonly onDidChange = this.changed.event;

  add(run: ActiveRun): vscode.Disposable {
    this.runs.add(run);
    this.changed.fire(this.runs.size);
    return new vscode.Disposable(() => {
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

  dispose(): void {
    for (const run of this.runs) run.cancel();
    this.runs.clear();
    this.changed.dispose();
  }
}
