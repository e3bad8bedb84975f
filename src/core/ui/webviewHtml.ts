// A webview's HTML (the function page, the browser panel): a strict Content-Security-Policy (no remote
// anything, no inline handler: the one script and the one stylesheet are the webview's own from media/,
// written in under a fresh nonce, or linked from there when they cannot be), the title escaped, and
// the body its feature gives.
import crypto = require('crypto');
import fs = require('fs');
import path = require('path');
import vscode = require('vscode');

/** A webview's own script and stylesheet, as the build wrote them into its folder of media/. */
interface WebviewAssets {
  script: string;
  style: string;
}

/** By files, with their times, so a rebuilt script (a developer's watch build) is read again. */
const cache = new Map<string, { stamp: string; assets: WebviewAssets | null }>();

/**
 * The script and stylesheet, read once per build of them, to be written into the HTML. Why inline:
 * VS Code keeps a new webview frame hidden until its document's load event, which waits for every
 * script and stylesheet it links; fetched through the webview's resource loader they kept the page
 * hidden ~50-150 ms longer than the trivial panel (npm run bench). Undefined when they cannot be read
 * or could end their element early (`</script`, `</style`): then they are linked as files.
 */
function inlineAssets(scriptFile: string, styleFile: string): WebviewAssets | undefined {
  let stamp: string;
  try {
    stamp = [scriptFile, styleFile].map((file) => fs.statSync(file).mtimeMs).join(' ');
  } catch {
    return undefined;
  }
  const key = `${scriptFile}\n${styleFile}`;
  let cached = cache.get(key);
  if (cached?.stamp !== stamp) {
    cached = { stamp, assets: readAssets(scriptFile, styleFile) };
    cache.set(key, cached);
  }
  return cached.assets ?? undefined;
}

function readAssets(scriptFile: string, styleFile: string): WebviewAssets | null {
  try {
    const script = fs.readFileSync(scriptFile, 'utf8');
    const style = fs.readFileSync(styleFile, 'utf8');
    if (/<\/script|<!--/i.test(script) || /<\/style/i.test(style)) return null;
    return { script: script.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n'), style };
  } catch {
    return null;
  }
}

export interface WebviewDocument {
  webview: vscode.Webview;
  /** The webview's folder of media/, its only local resource root. */
  root: vscode.Uri;
  /** Its script and stylesheet, relative to `root`. */
  script: string;
  style: string;
  title: string;
  /** What else the policy allows, by directive: `img-src`, `frame-src`, `media-src` (default: its own resources, none, none). */
  allow?: { img?: string; frame?: string; media?: string };
  /** The body's HTML before the script (escaped by the caller). */
  body: string;
}

/** The HTML of a webview, under a fresh, unguessable nonce per load: only its own script and style apply. */
export function webviewHtml(doc: WebviewDocument): string {
  const { webview, root } = doc;
  const nonce = crypto.randomBytes(24).toString('base64');
  const inline = inlineAssets(path.join(root.fsPath, doc.script), path.join(root.fsPath, doc.style));
  const style = inline ? `<style nonce="${nonce}">${inline.style}</style>` : `<link rel="stylesheet" href="${webview.asWebviewUri(vscode.Uri.joinPath(root, doc.style))}">`;
  const script = inline
    ? `<script nonce="${nonce}">${inline.script}</script>`
    : `<script nonce="${nonce}" src="${webview.asWebviewUri(vscode.Uri.joinPath(root, doc.script))}"></script>`;
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${doc.allow?.img ?? webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    "connect-src 'none'",
    `frame-src ${doc.allow?.frame ?? "'none'"}`,
    `media-src ${doc.allow?.media ?? "'none'"}`,
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
<title>${escapeHtml(doc.title)}</title>
</head>
<body>
${doc.body}
${script}
</body>
</html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}
