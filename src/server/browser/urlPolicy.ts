// Which addresses a session may open: the web (http, https), about:blank and data:; the machine's files
// and the browser's own pages (file:, chrome:, view-source: and the like) only with --allow-file-urls,
// since a function could otherwise read any file of the user through the browser.
const ALWAYS = new Set(['http:', 'https:', 'about:', 'data:']);
const LOCAL = new Set(['file:', 'chrome:', 'view-source:', 'chrome-extension:', 'devtools:', 'chrome-untrusted:', 'edge:']);

/**
 * The address a goto opens: one without a scheme ("example.com/a", "localhost:8080/a") gets https://, as
 * Notte's goto adds it; one with a scheme ("mailto:…" too, refused after) is left as it is.
 */
export function withScheme(url: string): string {
  const hasScheme = /^[a-z][a-z0-9+.-]*:/i.test(url) && !/^[^/:]+:\d+(?:[/?#]|$)/.test(url);
  return hasScheme || url.trim() === '' ? url : `https://${url}`;
}

/** Why `url` may not be opened, or undefined when it may. */
export function refusedUrl(url: string, allowFileUrls: boolean): string | undefined {
  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    return `"${url}" is not a URL: give a full address such as https://example.com.`;
  }
  if (ALWAYS.has(protocol)) return protocol === 'about:' && url !== 'about:blank' ? `${url} is not available: only about:blank is.` : undefined;
  if (LOCAL.has(protocol)) {
    return allowFileUrls ? undefined : `${protocol} addresses are refused: they open files and pages of this machine. Start the local server with --allow-file-urls to allow them.`;
  }
  return `${protocol} addresses are not supported: use http or https.`;
}
