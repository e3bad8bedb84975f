// The view's error state (issue 14): what could not be loaded, and a row per action that can help.
import vscode = require('vscode');
import { isNotteApiError } from '../../api/errors';
import { Connection } from '../connection';
import { Disposables } from '../../shared/disposables';
import { isLoopbackUrl } from '../../shared/loopback';
import { LoadProblem, problemActions, ProblemAction } from './loadProblem';

/** A row of the view's error state that runs one action (Retry, Start Local Functions Server…). Plain data; treeItems.ts draws it. */
export class ActionNode {
  readonly kind = 'action';
  readonly parent = undefined;
  constructor(readonly action: ProblemAction) {}
}

/** The problem the view shows in its message (TreeView.message), if any; fires when it changes. */
export class ViewProblem implements vscode.Disposable {
  private readonly disposables = new Disposables();
  private readonly changed = this.disposables.add(new vscode.EventEmitter<LoadProblem | undefined>());
  readonly onDidChange = this.changed.event;
  private shown: LoadProblem | undefined;

  constructor(private readonly connection: Connection) {}

  get current(): LoadProblem | undefined {
    return this.shown;
  }

  set(problem: LoadProblem | undefined): void {
    if (problem?.message === this.shown?.message && problem?.profileName === this.shown?.profileName) return;
    this.shown = problem;
    this.changed.fire(problem);
  }

  /** Shows the root's failure; answers its rows, one per action that can help. */
  show(message: string, error: unknown): ActionNode[] {
    const problem = this.describe(message, error);
    this.set(problem);
    return problemActions(problem).map((action) => new ActionNode(action));
  }

  /** What the root's failure says, with what can help (a lost server, a refused key). */
  describe(message: string, error: unknown): LoadProblem {
    const profile = this.connection.profiles.active();
    const kind = isNotteApiError(error) ? error.kind : undefined;
    return {
      message,
      what: 'functions',
      profileName: profile.name,
      // Any server on this machine (the demo's profile too): Start Local Functions Server can bring one back.
      localProfile: this.connection.profiles.isLocal(profile) || isLoopbackUrl(profile.apiUrl),
      unreachable: kind === 'network' || kind === 'timeout',
      auth: kind === 'auth',
    };
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
