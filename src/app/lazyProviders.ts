// Stand-ins registered at activation for providers whose code loads on first use: VS Code needs the
// provider object when the contribution is registered, but only calls it when the view is shown or a
// document of the scheme is opened. Each stand-in loads the real provider then (once) and forwards
// to it, change events included.
import vscode = require('vscode');

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

/** A CodeLensProvider whose real provider is loaded when the first document of its selector is shown. */
export class LazyCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private forwarding: vscode.Disposable | undefined;
  private readonly load: () => Promise<vscode.CodeLensProvider>;

  /** `wanted` is asked first (a setting): when it says no, nothing is loaded. */
  constructor(
    load: () => Promise<vscode.CodeLensProvider>,
    private readonly wanted: () => boolean = () => true,
  ) {
    this.load = once(async () => {
      const real = await load();
      this.forwarding = real.onDidChangeCodeLenses?.(() => this.changed.fire());
      return real;
    });
  }

  /** Says the lenses changed (for a setting turned back on before anything was loaded). */
  refresh(): void {
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    if (!this.wanted()) return [];
    return (await (await this.load()).provideCodeLenses(document, token)) ?? [];
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.changed.dispose();
  }
}

/** What a debug type contributes, loaded when VS Code first resolves a configuration of it. */
export type DebugProvider = vscode.DebugConfigurationProvider & vscode.DebugAdapterDescriptorFactory;

/** A debug configuration provider and adapter factory whose real ones load on the first debug session. */
export class LazyDebugProvider implements vscode.DebugConfigurationProvider, vscode.DebugAdapterDescriptorFactory {
  private readonly load: () => Promise<DebugProvider>;

  constructor(load: () => Promise<DebugProvider>) {
    this.load = once(load);
  }

  async provideDebugConfigurations(folder: vscode.WorkspaceFolder | undefined, token?: vscode.CancellationToken): Promise<vscode.DebugConfiguration[]> {
    return (await (await this.load()).provideDebugConfigurations?.(folder, token)) ?? [];
  }

  async resolveDebugConfiguration(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
    token?: vscode.CancellationToken,
  ): Promise<vscode.DebugConfiguration | undefined | null> {
    const real = await this.load();
    return real.resolveDebugConfiguration ? real.resolveDebugConfiguration(folder, config, token) : config;
  }

  async resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
    token?: vscode.CancellationToken,
  ): Promise<vscode.DebugConfiguration | undefined | null> {
    const real = await this.load();
    return real.resolveDebugConfigurationWithSubstitutedVariables ? real.resolveDebugConfigurationWithSubstitutedVariables(folder, config, token) : config;
  }

  async createDebugAdapterDescriptor(
    session: vscode.DebugSession,
    executable: vscode.DebugAdapterExecutable | undefined,
  ): Promise<vscode.DebugAdapterDescriptor | undefined | null> {
    return (await this.load()).createDebugAdapterDescriptor(session, executable);
  }
}
