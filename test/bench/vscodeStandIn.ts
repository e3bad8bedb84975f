// A stand-in of the `vscode` module for the extension-host harness (harness.ts): what the run launcher,
// the Output channel and the page's run code touch, doing what VS Code's extension host does on our
// side of its API (an append is handed over, a posted message is serialized) and nothing of the
// workbench's. esbuild bundles it in place of `vscode` for the harness only (test/harness/bench.js).
// Anything else a module reads at load time is a harmless no-op (a Proxy), so importing the window's
// modules works; the harness never calls them.

export class Disposable {
  constructor(private readonly callOnDispose: () => void = () => undefined) {}
  static from(...items: { dispose(): unknown }[]): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.callOnDispose();
  }
}

export class EventEmitter<T> {
  private listeners: ((value: T) => void)[] = [];
  readonly event = (listener: (value: T) => void): Disposable => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }
  dispose(): void {
    this.listeners = [];
  }
}

export class Uri {
  private constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  static parse(text: string): Uri {
    return new Uri(text.split(':')[0], text);
  }
  toString(): string {
    return this.scheme === 'file' ? `file://${encodeURI(this.fsPath)}` : this.fsPath;
  }
}

/** What the harness reads of the Output channel: every append, when, and how long. */
export interface AppendRecord {
  at: number;
  chars: number;
}

export const appends: AppendRecord[] = [];

function outputChannel(name: string) {
  return {
    name,
    // The extension host hands each append to the workbench as a message (its text copied once).
    append: (text: string) => void appends.push({ at: performance.now(), chars: text.length }),
    appendLine: (text: string) => void appends.push({ at: performance.now(), chars: text.length + 1 }),
    replace: () => undefined,
    clear: () => undefined,
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
  };
}

/** A no-op that answers itself for any property or call (a module's load-time reads of the API). */
function anything(): unknown {
  const fn = () => proxy;
  const proxy: unknown = new Proxy(fn, {
    get: (_target, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => '' : proxy),
    apply: () => proxy,
    construct: () => proxy as object,
  });
  return proxy;
}

export const window = new Proxy(
  { createOutputChannel: outputChannel, showInformationMessage: async () => undefined, showWarningMessage: async () => undefined, showErrorMessage: async () => undefined },
  { get: (target, key) => (key in target ? target[key as keyof typeof target] : anything()) },
);
export const commands = { executeCommand: async () => undefined, registerCommand: () => new Disposable() };
export const env = { clipboard: { writeText: async () => undefined } };
export const l10n = { t: (text: string, ...args: unknown[]) => text.replace(/\{(\d+)\}/g, (_m, i: string) => String(args[Number(i)])) };
export const workspace = new Proxy(
  { onDidChangeConfiguration: () => new Disposable() },
  { get: (target, key) => (key in target ? target[key as keyof typeof target] : anything()) },
);
export const ViewColumn = { Active: -1, Beside: -2, One: 1 };
export const ConfigurationTarget = { Global: 1, Workspace: 2, WorkspaceFolder: 3 };
export const ProgressLocation = { Notification: 15, Window: 10, SourceControl: 1 };
export const StatusBarAlignment = { Left: 1, Right: 2 };
export const TreeItemCollapsibleState = { None: 0, Collapsed: 1, Expanded: 2 };
export class ThemeIcon {
  constructor(readonly id: string) {}
}
export class ThemeColor {
  constructor(readonly id: string) {}
}
export class MarkdownString {
  constructor(public value = '') {}
}
export class TreeItem {
  constructor(readonly label: unknown) {}
}
export class CancellationTokenSource {
  readonly token = { isCancellationRequested: false, onCancellationRequested: () => new Disposable() };
  cancel(): void {
    this.token.isCancellationRequested = true;
  }
  dispose(): void {}
}
export const extensions = anything();
export const languages = anything();
export const debug = anything();
export const lm = anything();
export const version = 'stand-in';
