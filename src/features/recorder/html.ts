// The browser panel's HTML: a strict Content-Security-Policy (no remote anything: its one script and one
// stylesheet are its own from media/recorder, written in under a fresh nonce; images only from blob:
// URLs the panel makes of the frames the extension relays). The panel never gets a URL of the server.
import vscode = require('vscode');
import { webviewHtml } from '../../core/ui/webviewHtml';

export function recorderRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media', 'recorder');
}

export function recorderWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [recorderRoot(extensionUri)] };
}

export function recorderHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  return webviewHtml({
    webview,
    root: recorderRoot(extensionUri),
    script: 'build/recorder.js',
    style: 'recorder.css',
    title,
    allow: { img: `blob: ${webview.cspSource}` },
    body: '<div id="app" aria-busy="true"><p class="loading">Starting the browser…</p></div>',
  });
}
