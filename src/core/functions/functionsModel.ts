import vscode = require('vscode');
import { describeError } from '../ui/errorText';
import { FunctionRun, NotteFunction, Page } from '../../api/types';
import { Config } from '../config';
import { Connection } from '../connection';
import { ContextKeys } from '../../shared/contributions';
import { Disposables } from '../../shared/disposables';
import { ViewProblem } from './viewProblem';
import { relistOnFunctionFiles } from './functionFilesWatch';
import { ErrorNode, FunctionNode, LoadMoreNode, MessageNode, RunNode, TreeNode } from './nodes';

interface Paged<T> {
  nodes: T[];
  nextPage: number;
  hasNext: boolean;
  error?: string;
  /** The error itself, to tell what can help (a lost server, a refused key). */
  errorValue?: unknown;
  loading?: Promise<void>;
}

const POLL_MIN_MS = 1000;
const POLL_MAX_MS = 15000;

/**
 * What the window knows of the server's functions and their runs (`ctx.functions`): functions
 * (paged), under each its runs, newest first (paged); runs in progress polled with back-off until
 * none is left; the context keys the view's welcome reads. Run nodes keep their identity across
 * reloads so a change repaints one item. The Functions view (functionsTree.ts) only draws it.
 */
export class FunctionsModel implements vscode.Disposable {
  private readonly disposables = new Disposables();
  private readonly changed = this.disposables.add(new vscode.EventEmitter<TreeNode | undefined>());
  /** A node to repaint (its children reloaded), or undefined for everything. */
  readonly onDidChange = this.changed.event;

  private functions: Paged<FunctionNode> | undefined;
  private readonly runsByFunction = new Map<string, Paged<RunNode>>();
  private readonly runNodes = new Map<string, RunNode>();
  private generation = 0;
  private pollTimer: NodeJS.Timeout | undefined;
  private pollDelay = POLL_MIN_MS;
  /** Why the root could not be loaded, while it cannot: the view shows the whole message (TreeView.message). */
  readonly problems: ViewProblem;

  /**
   * `followedByStream` tells the runs this window is reading a stream of: their launcher updates their
   * item when they end, so polling them would only download their growing logs again.
   */
  constructor(
    private readonly connection: Connection,
    private readonly config: Config,
    private readonly followedByStream: (runId: string) => boolean = () => false,
    /** This window stopped the run: its row says stopped, whatever the service recorded. */
    readonly stoppedHere: (runId: string) => boolean = () => false,
  ) {
    this.problems = this.disposables.add(new ViewProblem(connection));
    this.disposables.add(connection.onDidChange(() => this.refresh()));
    this.disposables.add(relistOnFunctionFiles(connection, config, () => this.refresh()));
    this.disposables.add(vscode.workspace.onDidChangeConfiguration((event) => Config.affectsTree(event) && this.refresh()));
  }

  /** Forget everything loaded and ask again. */
  refresh(): void {
    this.generation++;
    this.functions = undefined;
    this.runsByFunction.clear();
    this.runNodes.clear();
    this.stopPolling();
    this.changed.fire(undefined);
  }

  /** Reload one function's runs (after a run started or stopped there). */
  refreshRuns(functionId: string): void {
    this.runsByFunction.delete(functionId);
    const node = this.functions?.nodes.find((n) => n.id === functionId);
    this.changed.fire(node ?? undefined);
  }

  /** The children of a node as the view shows them, loading the first page when nothing is known yet. */
  async children(element?: TreeNode): Promise<TreeNode[]> {
    if (!element) return this.rootChildren();
    if (element.kind === 'function') return this.runChildren(element);
    return [];
  }

  parentOf(element: TreeNode): TreeNode | undefined {
    if (element.kind === 'run') return this.functions?.nodes.find((n) => n.id === element.functionId);
    if (element.kind === 'function') return undefined;
    return element.parent;
  }

  /** Every function node loaded so far, for quick picks that should not refetch. */
  loadedFunctions(): NotteFunction[] {
    return this.functions?.nodes.map((n) => n.fn) ?? [];
  }

  /** Every run node loaded so far, newest first within each function. */
  knownRuns(): RunNode[] {
    return [...this.runNodes.values()];
  }

  /** Every run node loaded so far that is still running (whoever started it; ctx.activeRuns are this window's). */
  runsInProgress(): RunNode[] {
    return this.knownRuns().filter((n) => n.inProgress);
  }

  findRun(runId: string): RunNode | undefined {
    return this.runNodes.get(runId);
  }

  /** A run changed somewhere else (a stream, a stop): repaint its item, or load it if new. */
  updateRun(run: FunctionRun): void {
    const node = this.runNodes.get(run.function_run_id);
    if (node) {
      node.update(this.asShown(run));
      this.changed.fire(node);
    } else {
      this.refreshRuns(run.function_id);
    }
    this.schedulePolling();
  }

  async loadMore(node: LoadMoreNode): Promise<void> {
    if (node.parent) {
      const state = this.runsByFunction.get(node.parent.id);
      if (state) await this.loadRunPage(node.parent, state);
      this.changed.fire(node.parent);
    } else if (this.functions) {
      await this.loadFunctionPage(this.functions);
      this.changed.fire(undefined);
    }
  }

  retry(node: ErrorNode): void {
    if (node.parent) this.refreshRuns(node.parent.id);
    else this.refresh();
  }

  private async rootChildren(): Promise<TreeNode[]> {
    const hasKey = await this.connection.hasApiKey();
    await setContext(ContextKeys.hasApiKey, hasKey);
    if (!hasKey) {
      await setContext(ContextKeys.functionsEmpty, false);
      return [];
    }
    if (!this.functions) {
      this.functions = { nodes: [], nextPage: 1, hasNext: true };
      await this.loadFunctionPage(this.functions);
    } else if (this.functions.loading) {
      await this.functions.loading;
    }
    const state = this.functions;
    await setContext(ContextKeys.functionsEmpty, !state.error && state.nodes.length === 0);
    if (state.error && state.nodes.length === 0) {
      // The whole message goes to the view's message; the rows are what can help (issue 14).
      return this.problems.show(state.error, state.errorValue);
    }
    this.problems.set(undefined);
    const children: TreeNode[] = [...state.nodes];
    if (state.error) children.push(new ErrorNode(state.error, undefined));
    else if (state.hasNext) children.push(new LoadMoreNode(undefined));
    return children;
  }

  private async runChildren(fnNode: FunctionNode): Promise<TreeNode[]> {
    let state = this.runsByFunction.get(fnNode.id);
    if (!state) {
      state = { nodes: [], nextPage: 1, hasNext: true };
      this.runsByFunction.set(fnNode.id, state);
      await this.loadRunPage(fnNode, state);
    } else if (state.loading) {
      await state.loading;
    }
    if (state.error && state.nodes.length === 0) return [new ErrorNode(state.error, fnNode)];
    if (state.nodes.length === 0) return [new MessageNode('No runs yet', fnNode)];
    const children: TreeNode[] = [...state.nodes];
    if (state.error) children.push(new ErrorNode(state.error, fnNode));
    else if (state.hasNext) children.push(new LoadMoreNode(fnNode));
    this.schedulePolling();
    return children;
  }

  private loadFunctionPage(state: Paged<FunctionNode>): Promise<void> {
    // A function already shown keeps its node (its runs and expansion), with the new answer.
    const nodeOf = (fn: FunctionNode['fn']): FunctionNode | undefined => {
      const existing = state.nodes.find((n) => n.id === fn.function_id);
      if (!existing) return new FunctionNode(fn);
      existing.fn = fn;
      return undefined;
    };
    return this.loadPage(state, (page) => this.connection.client().listFunctions({ page, page_size: this.config.pageSize }), nodeOf);
  }

  private loadRunPage(fnNode: FunctionNode, state: Paged<RunNode>): Promise<void> {
    return this.loadPage(
      state,
      (page) => this.connection.client().listRuns(fnNode.id, { page, page_size: this.config.pageSize, only_active: false }),
      (run) => {
        const existing = this.runNodes.get(run.function_run_id);
        if (existing) {
          existing.update(this.asShown(run));
          return state.nodes.includes(existing) ? undefined : existing;
        }
        const node = new RunNode(this.asShown(run), fnNode.label);
        this.runNodes.set(run.function_run_id, node);
        return node;
      },
    );
  }

  /** Loads the next page into `state`; a failure is kept as the state's error, never thrown. */
  private loadPage<T, N>(state: Paged<N>, fetchPage: (page: number) => Promise<Page<T>>, toNode: (item: T) => N | undefined): Promise<void> {
    if (state.loading) return state.loading;
    const generation = this.generation;
    state.loading = (async () => {
      try {
        const page = await fetchPage(state.nextPage);
        if (generation !== this.generation) return;
        for (const item of page.items) {
          const node = toNode(item);
          if (node !== undefined) state.nodes.push(node);
        }
        state.hasNext = page.has_next;
        state.nextPage = page.page + 1;
        state.error = undefined;
      } catch (error) {
        if (generation === this.generation) {
          state.error = describeError(error);
          state.errorValue = error;
        }
      } finally {
        state.loading = undefined;
      }
    })();
    return state.loading;
  }

  /**
   * A run this window is streaming is running, even where the server's answer still says it was only
   * created (the list can be read between the create and the start); its end comes from its launcher.
   */
  private asShown(run: FunctionRun): FunctionRun {
    return run.status === 'created' && this.followedByStream(run.function_run_id) ? { ...run, status: 'active' } : run;
  }

  private schedulePolling(): void {
    if (this.pollTimer || this.runsInProgress().length === 0) return;
    this.pollTimer = setTimeout(() => void this.pollRunsInProgress(), this.pollDelay);
  }

  private stopPolling(): void {
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = undefined;
    this.pollDelay = POLL_MIN_MS;
  }

  /** Asks for the runs in progress (a listing per function: no lines, which a row never needs); repaints what changed; backs off while nothing does. */
  private async pollRunsInProgress(): Promise<void> {
    const generation = this.generation;
    let anyChanged = false;
    const byFunction = new Map<string, RunNode[]>();
    for (const node of this.runsInProgress()) {
      // A run this window streams is repainted without a request, so its running time keeps ticking.
      if (this.followedByStream(node.id)) anyChanged = (this.changed.fire(node), true);
      else byFunction.set(node.functionId, [...(byFunction.get(node.functionId) ?? []), node]);
    }
    await Promise.all(
      [...byFunction].map(async ([functionId, nodes]) => {
        try {
          const size = Math.min(100, Math.max(this.config.pageSize, nodes.length));
          const listed = await this.connection.client().listRuns(functionId, { page: 1, page_size: size, only_active: false });
          for (const node of generation === this.generation ? nodes : []) {
            const run = listed.items.find((r) => r.function_run_id === node.id);
            if (!run || !node.update(this.asShown(run))) continue;
            anyChanged = true;
            this.changed.fire(node);
          }
        } catch {
          // A failed poll is retried on the next tick; the error shows on refresh.
        }
      }),
    );
    if (generation !== this.generation) return;
    this.pollTimer = undefined;
    this.pollDelay = anyChanged ? POLL_MIN_MS : Math.min(POLL_MAX_MS, this.pollDelay * 2);
    this.schedulePolling();
  }

  dispose(): void {
    this.stopPolling();
    this.disposables.dispose();
  }
}

function setContext(key: string, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}
