// The browser panel's HTML: a strict Content-Security-Policy (no remote anything: its one script and one
// stylesheet are its own from media/recorder, written in under a fresh nonce; images only from blob:
// URLs the panel makes of the frames the extension relays). The panel never gets a URL of the server.
import crypto = require('crypto');
import fs = require('fs');
import path = require('path');
import vscode = require('vscode');

export function recorderRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media', 'recorder');
}

export function recorderWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [recorderRoot(extensionUri)] };
}

interface Assets {
  script: string;
  style: string;
}

const cache = new Map<string, { stamp: string; assets: Assets | null }>();

/** The script and stylesheet, read once per build, to be written into the HTML (a linked file delays the first paint). */
function assets(folder: string): Assets | undefined {
  const files = [path.join(folder, 'build', 'recorder.js'), path.join(folder, 'recorder.css')] as const;
  let stamp: string;
  try {
    stamp = files.map((file) => fs.statSync(file).mtimeMs).join(' ');
  } catch {
    return undefined;
  }
  let cached = cache.get(folder);
  if (cached?.stamp !== stamp) {
    let read: Assets | null;
    try {
      const script = fs.readFileSync(files[0], 'utf8');
      const style = fs.readFileSync(files[1], 'utf8');
      read = /<\/script|<!--/i.test(script) || /<\/style/i.test(style) ? null : { script: script.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n'), style };
    } catch {
      read = null;
    }
    cached = { stamp, assets: read };
    cache.set(folder, cached);
  }
  return cached.assets ?? undefined;
}

export function recorderHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const root = recorderRoot(extensionUri);
  const nonce = crypto.randomBytes(24).toString('base64');
  const inline = assets(root.fsPath);
  const style = inline ? `<style nonce="${nonce}">${inline.style}</style>` : `<link rel="stylesheet" href="${webview.asWebviewUri(vscode.Uri.joinPath(root, 'recorder.css'))}">`;
  const script = inline
    ? `<script nonce="${nonce}">${inline.script}</script>`
    : `<script nonce="${nonce}" src="${webview.asWebviewUri(vscode.Uri.joinPath(root, 'build', 'recorder.js'))}"></script>`;
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `img-src blob: ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    "connect-src 'none'",
    "frame-src 'none'",
    "media-src 'none'",
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
<title>${title.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`)}</title>
</head>
<body>
<div id="app" aria-busy="true"><p class="loading">Starting the browser…</p></div>
${script}
</body>
</html>`;
}
