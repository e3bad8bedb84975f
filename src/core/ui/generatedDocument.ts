import vscode = require('vscode');

const SCHEME = 'notte-doc';

/**
 * Documents the extension writes (a batch's summary, the two sides of a comparison): read-only,
 * named for what they hold, never an "Untitled" editor that asks to be saved on close. File > Save As
 * keeps one. The window's one instance (`ctx.documents`) registers its scheme when first used; a
 * document's text is kept until its editor is closed.
 */
export class GeneratedDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[] = [];
  private count = 0;

  constructor() {
    this.subscriptions.push(
      vscode.workspace.registerTextDocumentContentProvider(SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === SCHEME) this.texts.delete(doc.uri.toString());
      }),
    );
  }

  /** A read-only document holding `text`, whose tab reads `title` (e.g. "echo_variables batch 18:31:10.json"). */
  async create(title: string, text: string, language?: string): Promise<vscode.TextDocument> {
    // The counter keeps two documents of one title apart; the tab shows the last path segment only.
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${++this.count}/${title.replace(/[/\\]/g, '-')}` });
    this.texts.set(uri.toString(), text);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (language && doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
    return doc;
  }

  /** Creates the document and shows it in an editor of its own. */
  async open(title: string, text: string, language?: string): Promise<vscode.TextDocument> {
    const doc = await this.create(title, text, language);
    await vscode.window.showTextDocument(doc, { preview: false });
    return doc;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This document was closed; run the command again to see it.\n';
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.texts.clear();
  }
}
