// What the webviews (the function page and the browser panel) build their elements with: createElement,
// so texts become text nodes, never parsed as HTML. DOM only: loaded by the webviews' bundles, never by
// the extension host or the server.

type Attrs = Record<string, string | boolean | undefined>;

/** An element with attributes (`text` sets its text) and children (strings become text nodes). */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Node | string | undefined)[]): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child !== undefined) node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return node;
}

export function button(label: string, onClick: () => void, attrs: Attrs = {}): HTMLButtonElement {
  const b = el('button', { type: 'button', ...attrs }, label);
  b.addEventListener('click', onClick);
  return b;
}

/** An element of the webview's markup, by its id (the markup has them all once it is drawn). */
export function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

/** The notice line under the header: what just happened, or what is wrong. */
export function showNotice(level: 'info' | 'error', text: string): void {
  const box = document.getElementById('notice');
  if (!box) return;
  box.textContent = text;
  box.className = `notice notice-${level}`;
}

/** Empties the notice if it still says `text` (a "Scrape…" once the scrape is done; never a later message). */
export function clearNotice(text: string): void {
  const box = document.getElementById('notice');
  if (box?.textContent !== text) return;
  box.textContent = '';
  box.className = 'notice';
}
