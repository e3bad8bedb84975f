import crypto = require('crypto');
import vscode = require('vscode');
import { markupToHtml } from './markup';
import { pageAssets } from './pageAssets';
import { pageRoot } from './panel';
import { pageMarkup } from './pageView';
import { HostMessage, INIT_BLOCK_ID } from './protocol';

/** A fresh, unguessable nonce for each page load: only the script and style carrying it apply. */
export function makeNonce(): string {
  return crypto.randomBytes(24).toString('base64');
}

/**
 * The page's HTML: a strict Content-Security-Policy (no remote anything, no inline handler; the one
 * script and the one stylesheet are the page's own from media/page, written in under a fresh nonce,
 * see pageAssets.ts, or linked from there when they cannot be). The function's own data arrives by
 * message, but for the first form (`init`), which is written into the HTML so that it paints with the
 * page: as the page's elements (pageView.ts), every text escaped, and as a JSON data block the browser
 * never runs, from which the script knows what it is looking at. `sessionOrigin` (the API's origin,
 * see sessionLinks.ts) is the one place the session pane may frame (the live viewer) and play (the replay).
 */
export function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, sessionOrigin?: string, init?: Extract<HostMessage, { type: 'init' }>): string {
  const root = pageRoot(extensionUri);
  const nonce = makeNonce();
  const assets = pageAssets(root.fsPath);
  const style = assets ? `<style nonce="${nonce}">${assets.style}</style>` : `<link rel="stylesheet" href="${webview.asWebviewUri(vscode.Uri.joinPath(root, 'page.css'))}">`;
  const script = assets
    ? `<script nonce="${nonce}">${assets.script}</script>`
    : `<script nonce="${nonce}" src="${webview.asWebviewUri(vscode.Uri.joinPath(root, 'build', 'page.js'))}"></script>`;
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
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
${style}
<title>${escapeHtml(title)}</title>
</head>
<body>
<div id="app" aria-busy="true">${init === undefined ? '<p class="loading">Loading…</p>' : pageMarkup(init).map(markupToHtml).join('')}</div>
${init === undefined ? '' : `<script type="application/json" id="${INIT_BLOCK_ID}">${jsonForHtml(init)}</script>\n`}${script}
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
