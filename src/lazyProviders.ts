// Stand-ins registered at activation for providers whose code loads on first use: VS Code needs the
// provider object when the contribution is registered, but only calls it when the view is shown or a
// document of the scheme is opened. Each stand-in loads the real provider then (once) and forwards
// to it, change events included.
import * as vscode from 'vscode';

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () => (loading ??= load());
}

/** A TreeDataProvider whose real provider is loaded when the tree first asks for children. */
export class LazyTreeDataProvider<T> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  readonly onDidChangeTreeData = this.changed.event;
  private real: vscode.TreeDataProvider<T> | undefined;
  private forwarding: vscode.Disposable | undefined;
  private readonly load: () => Promise<vscode.TreeDataProvider<T>>;

  constructor(load: () => Promise<vscode.TreeDataProvider<T>>) {
    this.load = once(async () => {
      const real = await load();
      this.real = real;
      this.forwarding = real.onDidChangeTreeData?.((element) => this.changed.fire(element));
      return real;
    });
  }

  /** The real provider, loading it if needed. */
  provider(): Promise<vscode.TreeDataProvider<T>> {
    return this.load();
  }

  async getChildren(element?: T): Promise<T[]> {
    return (await (await this.load()).getChildren(element)) ?? [];
  }

  // Elements only come from getChildren, so the real provider is there by the time these are asked.
  getTreeItem(element: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.real ? this.real.getTreeItem(element) : this.load().then((real) => real.getTreeItem(element));
  }

  async getParent(element: T): Promise<T | undefined> {
    const real = await this.load();
    return (await real.getParent?.(element)) ?? undefined;
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}

/** A TextDocumentContentProvider whose real provider is loaded when the first document is opened. */
export class LazyContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private forwarding: vscode.Disposable | undefined;
  private readonly load: () => Promise<vscode.TextDocumentContentProvider>;

  constructor(load: () => Promise<vscode.TextDocumentContentProvider>) {
    this.load = once(async () => {
      const real = await load();
      this.forwarding = real.onDidChange?.((uri) => this.changed.fire(uri));
      return real;
    });
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    return (await (await this.load()).provideTextDocumentContent(uri, token)) ?? '';
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}
