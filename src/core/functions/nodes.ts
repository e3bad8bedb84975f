// The elements of the Functions tree, as data: what the model (functionsModel.ts) knows of each
// function and run. treeItems.ts draws them; commands receive them as arguments. No vscode import.
import { FunctionRun, functionLabel, NotteFunction, isTerminalStatus } from '../../api/types';
import type { ActionNode } from './viewProblem';

export type TreeNode = FunctionNode | RunNode | LoadMoreNode | ErrorNode | MessageNode | ActionNode;

export class FunctionNode {
  readonly kind = 'function';
  constructor(public fn: NotteFunction) {}

  get id(): string {
    return this.fn.function_id;
  }

  get label(): string {
    return functionLabel(this.fn);
  }
}

/**
 * A run as the tree keeps it: everything but its log lines, which can run to millions and would stay in
 * memory for as long as the item is shown. The tree reads listings, which carry no lines; Open Run
 * fetches them.
 */
export type RunSummary = Pick<FunctionRun, 'function_id' | 'function_run_id' | 'created_at' | 'updated_at' | 'status' | 'session_id' | 'variables' | 'result' | 'local'>;

export function summarizeRun(run: FunctionRun): RunSummary {
  const { function_id, function_run_id, created_at, updated_at, status, session_id, variables, result, local } = run;
  return { function_id, function_run_id, created_at, updated_at, status, session_id, variables, result, local };
}

export class RunNode {
  readonly kind = 'run';
  private summary: RunSummary;
  constructor(
    run: FunctionRun,
    readonly functionName: string,
  ) {
    this.summary = summarizeRun(run);
  }

  get run(): RunSummary {
    return this.summary;
  }

  /** Takes the server's newer state of the run; answers whether anything the item shows changed. */
  update(run: FunctionRun): boolean {
    const next = summarizeRun(run);
    const changed = next.status !== this.summary.status || next.updated_at !== this.summary.updated_at;
    this.summary = next;
    return changed;
  }

  get id(): string {
    return this.run.function_run_id;
  }

  get functionId(): string {
    return this.run.function_id;
  }

  /** Running now (not waiting to start, not ended): the model polls these. */
  get inProgress(): boolean {
    return !isTerminalStatus(this.run.status) && this.run.status !== 'created';
  }
}

export class LoadMoreNode {
  readonly kind = 'loadMore';
  constructor(readonly parent: FunctionNode | undefined) {}
}

export class ErrorNode {
  readonly kind = 'error';
  constructor(
    readonly message: string,
    readonly parent: FunctionNode | undefined,
  ) {}
}

export class MessageNode {
  readonly kind = 'message';
  constructor(
    readonly text: string,
    readonly parent: FunctionNode | undefined,
  ) {}
}
