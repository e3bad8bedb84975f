// In the page: the HTML scrape turns into Markdown, without what a person cannot see (display:none,
// visibility:hidden, zero opacity, the `hidden` attribute, scripts and styles), with absolute link and
// image addresses. A button's or a text area's text is kept, as in Notte's scrape; form fields' values
// and a list's options are not. Self-contained: it runs through page.evaluate; turndown then runs in the server.
export interface ReadableOptions {
  /** Whether `root` is the element a selector named (else it is the body, and the main content may be taken). */
  scoped: boolean;
  onlyMainContent: boolean;
  links: boolean;
  images: boolean;
  /** Tags kept as their text only, as Notte's `ignored_tags` (markdownify's strip): lower case. */
  stripped: string[];
}

export function readableHtml(root: Element | null, options: ReadableOptions): string {
  const DROP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'META', 'LINK', 'SVG', 'CANVAS', 'IFRAME', 'INPUT', 'SELECT']);
  const KEEP_ATTRIBUTES = ['colspan', 'rowspan', 'alt', 'title'];
  const BOILERPLATE = new Set(['HEADER', 'NAV', 'FOOTER', 'ASIDE']);
  const STRIPPED = new Set(options.stripped);
  if (!options.links) STRIPPED.add('a');
  if (!options.images) STRIPPED.add('img');

  /** A link's absolute address; on a data: page as written (resolved there, "#top" is the whole page's address and "#top"). */
  function linkAddress(a: HTMLAnchorElement): string {
    const written = (a.getAttribute('href') ?? '').trim();
    return a.href.startsWith('data:') && !written.startsWith('data:') ? written : a.href;
  }

  function copy(node: Node, skipBoilerplate: boolean): Node | null {
    if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.textContent ?? '');
    if (node.nodeType !== Node.ELEMENT_NODE) return null;
    const el = node as Element;
    if (DROP.has(el.tagName.toUpperCase())) return null;
    if (skipBoilerplate && BOILERPLATE.has(el.tagName)) return null;
    if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return null;
    const style = getComputedStyle(el);
    if (style.display !== 'contents' && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return null;
    const tag = el.tagName.toLowerCase();
    if (tag === 'img') {
      if (STRIPPED.has('img')) return null;
      const img = document.createElement('img');
      img.setAttribute('src', (el as HTMLImageElement).currentSrc || (el as HTMLImageElement).src);
      img.setAttribute('alt', el.getAttribute('alt') ?? '');
      return img;
    }
    const stripped = STRIPPED.has(tag) || tag === 'button' || tag === 'textarea';
    const out = document.createElement(stripped ? 'span' : tag);
    if (tag === 'a' && !stripped && (el as HTMLAnchorElement).href) out.setAttribute('href', linkAddress(el as HTMLAnchorElement));
    for (const name of KEEP_ATTRIBUTES) if (el.hasAttribute(name)) out.setAttribute(name, el.getAttribute(name) as string);
    // What a person sees: a shadow host shows its shadow tree, where each <slot> shows the host's children
    // assigned to it (its own fallback content only when none is); children assigned to no slot show nowhere.
    const assigned = el instanceof HTMLSlotElement ? el.assignedNodes({ flatten: true }) : [];
    const shadow = (el as HTMLElement).shadowRoot;
    const children = assigned.length ? assigned : Array.from((shadow ?? el).childNodes);
    for (const child of children) {
      const copied = copy(child, skipBoilerplate);
      if (copied) out.appendChild(copied);
    }
    return out;
  }

  const from = !options.scoped && options.onlyMainContent ? (document.querySelector('main, [role="main"]') ?? document.querySelector('article') ?? root) : root;
  if (!from) return '';
  const copied = copy(from, options.onlyMainContent && !options.scoped);
  return copied ? ((copied as Element).outerHTML ?? copied.textContent ?? '') : '';
}
