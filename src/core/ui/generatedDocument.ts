import vscode = require('vscode');
import type { Ctx } from '../window';

const SCHEME = 'notte-doc';

/**
 * Documents the extension writes (a batch's summary): read-only, named for what they hold, never an
 * "Untitled" editor that asks to be saved on close. File > Save As keeps one. The provider is
 * registered on first use; a document's text is kept until its editor is closed.
 */
class GeneratedDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
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

  add(title: string, text: string): vscode.Uri {
    // The counter keeps two documents of one title apart; the tab shows the last path segment only.
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${++this.count}/${title.replace(/[/\\]/g, '-')}` });
    this.texts.set(uri.toString(), text);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? 'This document was closed; run the command again to see it.\n';
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.texts.clear();
  }
}

let documents: GeneratedDocuments | undefined;

/** Opens `text` as a read-only document whose tab reads `title` (e.g. "echo_variables batch 18:31:10.json"). */
export async function openGeneratedDocument(ctx: Ctx, title: string, text: string, language?: string): Promise<vscode.TextDocument> {
  if (!documents) {
    const created = new GeneratedDocuments();
    documents = created;
    ctx.track(
      new vscode.Disposable(() => {
        created.dispose();
        if (documents === created) documents = undefined;
      }),
    );
  }
  let doc = await vscode.workspace.openTextDocument(documents.add(title, text));
  if (language && doc.languageId !== language) doc = await vscode.languages.setTextDocumentLanguage(doc, language);
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}
