import vscode = require('vscode');

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
 * styles and the one script from the extension's media/page folder), and nothing of the function's
 * own data: that arrives by message and is drawn as text. `sessionOrigin` (the API's origin, see
 * sessionLinks.ts) is the one place the session pane may frame (the live viewer) and play (the replay).
 */
export function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, sessionOrigin?: string): string {
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
<script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}
