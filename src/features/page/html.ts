import vscode = require('vscode');
import { markupToHtml } from './markup';
import { webviewHtml } from '../../core/ui/webviewHtml';
import { pageRoot } from './panel';
import { pageMarkup } from './pageView';
import { HostMessage, INIT_BLOCK_ID } from './protocol';

/**
 * The page's HTML (core/ui/webviewHtml.ts: its policy, its own script and style). The function's own
 * data arrives by message, but for the first form (`init`), which is written into the HTML so that it
 * paints with the page: as the page's elements (pageView.ts), every text escaped, and as a JSON data
 * block the browser never runs, from which the script knows what it is looking at. `sessionOrigin`
 * (the API's origin, see sessionLinks.ts) is the one place the session pane may frame (the live viewer)
 * and play (the replay).
 */
export function pageHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string, sessionOrigin?: string, init?: Extract<HostMessage, { type: 'init' }>): string {
  const form = init === undefined ? '<p class="loading">Loading…</p>' : pageMarkup(init).map(markupToHtml).join('');
  const data = init === undefined ? '' : `\n<script type="application/json" id="${INIT_BLOCK_ID}">${jsonForHtml(init)}</script>`;
  return webviewHtml({
    webview,
    root: pageRoot(extensionUri),
    script: 'build/page.js',
    style: 'page.css',
    title,
    allow: { frame: sessionOrigin, media: sessionOrigin },
    body: `<div id="app" aria-busy="true">${form}</div>${data}`,
  });
}

/** JSON that cannot end its <script> element nor open a comment there: every `<`, `>` and `&` escaped. */
export function jsonForHtml(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
