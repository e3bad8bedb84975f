// The active editor's context keys, which menus and keybindings read (package.json's `when` clauses):
// whether its file has a top-level `def run(` and whether it is linked to a function of the current
// server. Read from the document's text and the link file only, and set only when a value changes.
import vscode = require('vscode');
import { ContextKeys } from '../../shared/contributions';
import { findRunDefinitions } from '../../shared/runDefinitions';
import type { LinkStore } from '../../core/links/linkStore';
import { windowPart } from '../../core/windowContext';

/** Made with the first Python editor (app/providers.ts), lenses on or off. */
export const editorKeysPart = windowPart('active editor context keys', (ctx) => {
  const keys = new EditorKeys(ctx.linked.links);
  keys.track(ctx.connection.onDidChange(() => keys.update()));
  return keys;
});

export interface EditorKeyValues {
  hasRun: boolean;
  linked: boolean;
}

export class EditorKeys implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  /** What was last set (undefined: not yet), so a keystroke that changes nothing sets nothing. */
  private set: Partial<EditorKeyValues> = {};

  constructor(private readonly links: LinkStore) {
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === vscode.window.activeTextEditor?.document) this.update();
      }),
      links.onDidChange(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('notte.apiUrl')) this.update();
      }),
    );
    this.update();
  }

  /** What the keys were last set to (for the in-editor tests). */
  get setValues(): Partial<EditorKeyValues> {
    return { ...this.set };
  }

  track(disposable: vscode.Disposable): void {
    this.subscriptions.push(disposable);
  }

  /** The values for the active editor now (what the keys hold once set). */
  values(): EditorKeyValues {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'python') return { hasRun: false, linked: false };
    return { hasRun: findRunDefinitions(document.getText()).length > 0, linked: document.uri.scheme === 'file' && this.links.linkOf(document.uri) !== undefined };
  }

  update(): void {
    const now = this.values();
    this.setKey('hasRun', ContextKeys.editorHasRun, now.hasRun);
    this.setKey('linked', ContextKeys.editorLinked, now.linked);
  }

  private setKey(field: keyof EditorKeyValues, key: string, value: boolean): void {
    if (this.set[field] === value) return;
    this.set[field] = value;
    void vscode.commands.executeCommand('setContext', key, value);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}
