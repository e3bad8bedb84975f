// The function page's panel itself, apart from the page's code: the command that opens a page makes
// the panel first, so VS Code builds its editor and frame while the page's code loads and the key is
// read (a cold open's largest share is VS Code's, see npm run bench).
import vscode = require('vscode');
import type { WindowContext } from '../../core/windowContext';
import { Webviews } from '../../shared/contributions';

/** The folder the page's files come from: media/page (its styles and its built script), nothing else. */
export function pageRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media', 'page');
}

export function pageTitle(name: string): string {
  return `${name} — Notte`;
}

/** The options of every page's webview, a new one's and a restored one's. */
export function pageWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [pageRoot(extensionUri)] };
}

export function pageIcon(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media', 'notte.svg');
}

export function sameWebviewOptions(a: vscode.WebviewOptions, b: vscode.WebviewOptions): boolean {
  const roots = (o: vscode.WebviewOptions) => (o.localResourceRoots ?? []).map((uri) => uri.toString()).join('\n');
  return !!a.enableScripts === !!b.enableScripts && !!a.enableCommandUris === !!b.enableCommandUris && roots(a) === roots(b);
}

export function createPagePanel(extensionUri: vscode.Uri, title: string): vscode.WebviewPanel {
  const panel = vscode.window.createWebviewPanel(Webviews.functionPage, pageTitle(title), vscode.ViewColumn.Active, {
    ...pageWebviewOptions(extensionUri),
    enableFindWidget: true,
    retainContextWhenHidden: true,
  });
  panel.iconPath = pageIcon(extensionUri);
  return panel;
}

/** A page's panel on its way, with the key it will be redacted with. */
export interface NewPanel {
  panel: vscode.WebviewPanel;
  secret: string | undefined;
  /** Whether the panel was closed meanwhile (then there is no page to make). */
  closed(): boolean;
}

/**
 * The key first, then the panel: read while the workbench is idle the key takes a few ms (7-32 in the
 * bench); read once the panel was being built, it waited 55-390 ms behind that work.
 */
export async function newPanel(ctx: WindowContext, target: { functionId: string; functionName?: string }): Promise<NewPanel> {
  const secret = await ctx.connection.apiKey().catch(() => undefined);
  const panel = createPagePanel(ctx.extension.extensionUri, target.functionName ?? target.functionId);
  let closed = false;
  const watch = panel.onDidDispose(() => {
    closed = true;
    watch.dispose();
  });
  return { panel, secret, closed: () => closed };
}
