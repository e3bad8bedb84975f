import fs = require('fs');
import path = require('path');

/** The page's own script and stylesheet, as the build wrote them into media/page. */
export interface PageAssets {
  script: string;
  style: string;
}

/** By folder, with the files' times, so a rebuilt script (a developer's watch build) is read again. */
const cache = new Map<string, { stamp: string; assets: PageAssets | null }>();

/**
 * The page's script and stylesheet, read once per build of them, to be written into the page's
 * HTML (under the page's nonce). Why inline: VS Code keeps a new webview frame hidden until its
 * document's load event, which waits for every script and stylesheet it links; fetched through the
 * webview's resource loader they kept the page hidden ~50-150 ms longer than the trivial panel (npm run
 * bench). Undefined when they cannot be read or could end their element early (`</script`, `</style`):
 * then the page links them from media/page as files.
 */
export function pageAssets(pageFolder: string): PageAssets | undefined {
  const files = [path.join(pageFolder, 'build', 'page.js'), path.join(pageFolder, 'page.css')] as const;
  let stamp: string;
  try {
    stamp = files.map((file) => fs.statSync(file).mtimeMs).join(' ');
  } catch {
    return undefined;
  }
  let cached = cache.get(pageFolder);
  if (cached?.stamp !== stamp) {
    cached = { stamp, assets: readAssets(...files) };
    cache.set(pageFolder, cached);
  }
  return cached.assets ?? undefined;
}

function readAssets(scriptFile: string, styleFile: string): PageAssets | null {
  try {
    const script = fs.readFileSync(scriptFile, 'utf8');
    const style = fs.readFileSync(styleFile, 'utf8');
    if (/<\/script|<!--/i.test(script) || /<\/style/i.test(style)) return null;
    return { script: script.replace(/\n\/\/# sourceMappingURL=.*\s*$/, '\n'), style };
  } catch {
    return null;
  }
}
