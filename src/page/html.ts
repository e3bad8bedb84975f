import vscode = require('vscode');
import { INIT_BLOCK_ID } from './protocol';

/** A fresh nonce for each page load: only scripts carrying it run. */
export function makeNonce(): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let nonce = '';
  for (let i = 0; i < 32; i++) nonce += chars.charAt(Math.floor(Math.random() * chars.length));
  return nonce;
}

/** The folder the page may load from: media/page (its styles and its built script), nothing else. */
export function pageRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media', 'page');
}

/**
 * The page's HTML: a strict Content-Security-Policy (no remote anything, no inline script or handler,
 * styles and the one script from the extension's media/page folder). The function's own data is
 * never HTML: it arrives by message, or, for the first form (`init`, so that the page draws it
 * without a round trip to the extension), as a JSON data block the browser never runs, which the
 * page's script checks like any message and draws as text. `sessionOrigin` (the API's origin, see
 * sessionLinks.ts) is the one place the session pane may frame (the live viewer) and play (the replay).
 */
export function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, sessionOrigin?: string, init?: unknown): string {
  const root = pageRoot(extensionUri);
  const nonce = makeNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(root, 'build', 'page.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(root, 'page.css'));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    "connect-src 'none'",
    `frame-src ${sessionOrigin ?? "'none'"}`,
    `media-src ${sessionOrigin ?? "'none'"}`,
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="app" aria-busy="true"><p class="loading">Loading…</p></div>
${init === undefined ? '' : `<script type="application/json" id="${INIT_BLOCK_ID}">${jsonForHtml(init)}</script>\n`}<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

/** JSON that cannot end its <script> element nor open a comment there: every `<`, `>` and `&` escaped. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}
