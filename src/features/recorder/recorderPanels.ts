// The window's browser panels: one per session (opening a session that has a panel reveals that panel),
// each made before its session is known so VS Code builds the webview while the session starts, and
// the selector under the editor's cursor outlined on the panel that is shown.
import vscode = require('vscode');
import { liveSessionsPart } from '../../core/liveSessions';
import { windowPart, WindowContext } from '../../core/windowContext';
import { Webviews } from '../../shared/contributions';
import { recorderHtml, recorderWebviewOptions } from './html';
import { elementUnderCursor } from './pickElement';
import { EarlyPanel, PanelPurpose, RecorderPanel } from './recorderPanel';

export class RecorderPanels implements vscode.Disposable {
  private readonly panels = new Map<string, RecorderPanel>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly ctx: WindowContext) {
    this.subscriptions.push(
      vscode.window.onDidChangeTextEditorSelection((event) => this.outline(event.textEditor)),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.outline(editor)),
    );
  }

  find(sessionId: string): RecorderPanel | undefined {
    return this.panels.get(sessionId);
  }

  get all(): RecorderPanel[] {
    return [...this.panels.values()];
  }

  /** The panel the agents' tools and Pick Element act on: the one last shown. */
  get shown(): RecorderPanel | undefined {
    const shown = this.ctx.get(liveSessionsPart).shown;
    return shown ? this.panels.get(shown.sessionId) : undefined;
  }

  /** A new panel's webview, loading now, beside the editor or in `column`; `attach` gives it its session. */
  early(title: string, column?: vscode.ViewColumn): EarlyPanel {
    const panel = vscode.window.createWebviewPanel(
      Webviews.recorder,
      title,
      { viewColumn: column ?? vscode.ViewColumn.Beside, preserveFocus: false },
      {
        ...recorderWebviewOptions(this.ctx.extension.extensionUri),
        retainContextWhenHidden: true,
      },
    );
    panel.iconPath = vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'media', 'notte.svg');
    panel.webview.html = recorderHtml(panel.webview, this.ctx.extension.extensionUri, title);
    const messages: unknown[] = [];
    let closed = false;
    const listener = vscode.Disposable.from(
      panel.webview.onDidReceiveMessage((m) => messages.push(m)),
      panel.onDidDispose(() => (closed = true)),
    );
    return { panel, messages, listener, closed: () => closed };
  }

  /** The session's panel: the one it has (revealed, with this purpose), else `early`'s made into one. */
  attach(sessionId: string, purpose: PanelPurpose, ownsSession: boolean, early?: EarlyPanel): RecorderPanel {
    const existing = this.panels.get(sessionId);
    if (existing) {
      early?.listener.dispose();
      early?.panel.dispose();
      existing.setPurpose(purpose);
      return existing;
    }
    const made = early ?? this.early(titleFor(purpose));
    const panel = new RecorderPanel(this.ctx, made.panel, sessionId, purpose, ownsSession, made);
    this.panels.set(sessionId, panel);
    panel.onDidDispose(() => this.panels.get(sessionId) === panel && this.panels.delete(sessionId));
    return panel;
  }

  private outline(editor: vscode.TextEditor | undefined): void {
    const panel = this.shown;
    if (!panel || !editor || editor.document.languageId !== 'python') return;
    const element = elementUnderCursor(editor, panel.actions.pageElements);
    panel.highlight(element?.id ?? null);
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}

export function titleFor(purpose: PanelPurpose): string {
  const file = purpose.target ? vscode.workspace.asRelativePath(purpose.target.uri) : undefined;
  if (purpose.mode === 'fromHere' && file) return vscode.l10n.t('Record from Here — {0}', file);
  if (purpose.mode === 'pick') return vscode.l10n.t('Pick Element — Notte');
  if (purpose.mode === 'cursor' && file) return vscode.l10n.t('Record at Cursor — {0}', file);
  return vscode.l10n.t('Browser — Notte');
}

export const recorderPanelsPart = windowPart('browser panels', (ctx) => new RecorderPanels(ctx));
