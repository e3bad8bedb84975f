/* eslint-disable max-lines, max-lines-per-function -- perceivePage runs inside the page through evaluate, so its helpers must be inside it, in one function and one file */
// The in-page half of observe: one pass over the document that finds the interactive elements a
// person sees, in depth-first document order (a shadow root's elements in place, before the host's light
// children; a same-origin iframe's in place), and describes each: its role, Notte's id prefix, a text
// label, the node as HTML, its CSS/XPath selectors and box. It runs inside the page (page.evaluate), so
// it must not use anything from outside its own body. No LLM: the same page gives the same answer.

export interface PerceivedElement {
  prefix: 'L' | 'B' | 'I' | 'F' | 'O' | 'M';
  role: string;
  tag: string;
  /** click, fill, select_dropdown_option or check: what observe lists for it. */
  action: 'click' | 'fill' | 'select_dropdown_option';
  textLabel: string;
  html: string;
  css: string;
  xpath: string;
  inShadowRoot: boolean;
  /** For an element in a shadow root: the CSS path of each shadow host above it, outermost first (its `css` starts at its root). */
  shadowHostCss: string[];
  iframeCss: string[];
  box: { x: number; y: number; width: number; height: number; iframeX: number; iframeY: number };
  /** The option's own value (options are selected by value). */
  optionValue?: string;
}

/** An element an observe listed, with its Notte id. */
export interface ObservedElement extends PerceivedElement {
  id: string;
}

export interface Perception {
  /** Lines of space.description, in order: `<index>` placeholders stand where an element's id goes. */
  lines: { element?: number; text: string }[];
  elements: PerceivedElement[];
  viewport: { scroll_x: number; scroll_y: number; viewport_width: number; viewport_height: number; total_width: number; total_height: number };
}

/**
 * Runs in the page. `onlyViewport`: leave out what is outside the viewport (Notte's default). Answers the
 * Perception as JSON text: Playwright carries a string far faster than a thousand objects.
 */
export function perceivePage(options: { onlyViewport: boolean; maxElements: number }): string {
  // Roles Notte's NodeRole knows (others get no id) and the prefix of each (M for the rest of them).
  const PREFIX: Record<string, 'L' | 'B' | 'I' | 'F' | 'O'> = {
    link: 'L',
    button: 'B',
    tab: 'B',
    menuitem: 'B',
    menuitemcheckbox: 'B',
    menuitemradio: 'B',
    radio: 'B',
    checkbox: 'B',
    switch: 'B',
    combobox: 'I',
    textbox: 'I',
    searchbox: 'I',
    listbox: 'I',
    slider: 'I',
    image: 'F',
    img: 'F',
    figure: 'F',
    option: 'O',
  };
  const NODE_ROLES = new Set(
    'application generic group main none WebArea alert alertdialog article banner directory document dialog feed navigation menubar radiogroup region search tablist tabpanel toolbar tooltip form menu MenuListPopup modal text LabelText heading paragraph blockquote caption contentinfo definition emphasis log note status strong subscript superscript term time LineBreak DescriptionList button link combobox listbox textbox checkbox searchbox radio tab menuitem menuitemcheckbox menuitemradio slider switch option table row column cell columnheader grid gridcell rowgroup rowheader list listitem listmarker code math figure img image Iframe complementary deletion insertion marquee meter presentation progressbar scrollbar separator spinbutton timer tree treegrid treeitem'.split(
      ' ',
    ),
  );
  // Roles that make an element interactive by themselves (as Notte's DOM pass reads them).
  const INTERACTIVE_ROLES = new Set(
    'button link menu menubar menuitem menuitemradio menuitemcheckbox radio checkbox tab switch slider spinbutton combobox searchbox textbox listbox option scrollbar treeitem'.split(
      ' ',
    ),
  );
  const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'META', 'LINK', 'TITLE']);
  const DESCRIBED_ATTRIBUTES = ['name', 'type', 'placeholder', 'aria-label', 'title', 'alt', 'href', 'role', 'value', 'checked', 'selected'];
  const SELECTOR_ATTRIBUTES = ['id', 'name', 'type', 'aria-label', 'placeholder', 'role'];

  const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
  const quote = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

  function implicitRole(el: Element): string | undefined {
    const tag = el.tagName.toLowerCase();
    switch (tag) {
      case 'a':
        return el.hasAttribute('href') ? 'link' : undefined;
      case 'button':
      case 'summary':
        return 'button';
      case 'select':
        return (el as HTMLSelectElement).multiple || (el as HTMLSelectElement).size > 1 ? 'listbox' : 'combobox';
      case 'option':
        return 'option';
      case 'textarea':
        return 'textbox';
      case 'img':
        return 'img';
      case 'input': {
        const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
        if (type === 'hidden') return undefined;
        if (['button', 'submit', 'reset', 'image'].includes(type)) return 'button';
        if (type === 'checkbox') return 'checkbox';
        if (type === 'radio') return 'radio';
        if (type === 'range') return 'slider';
        if (type === 'number') return 'spinbutton';
        if (type === 'search') return 'searchbox';
        if (type === 'file') return 'button';
        return el.hasAttribute('list') ? 'combobox' : 'textbox';
      }
    }
    if ((el as HTMLElement).isContentEditable) return 'textbox';
    return undefined;
  }

  function roleOf(el: Element): string | undefined {
    const explicit = (el.getAttribute('role') ?? '').trim().split(/\s+/)[0];
    if (explicit && NODE_ROLES.has(explicit)) return explicit;
    return implicitRole(el);
  }

  function disabled(el: Element): boolean {
    return (el as HTMLButtonElement).disabled === true || el.hasAttribute('disabled') || (el as HTMLElement).inert === true || el.getAttribute('aria-disabled') === 'true';
  }

  function interactive(el: Element, role: string | undefined): boolean {
    if (disabled(el)) return false;
    const tag = el.tagName;
    if (['A', 'BUTTON', 'INPUT', 'SELECT', 'TEXTAREA', 'SUMMARY', 'OPTION'].includes(tag)) return tag !== 'A' || el.hasAttribute('href') || role === 'button';
    if ((el as HTMLElement).isContentEditable && !(el.parentElement as HTMLElement | null)?.isContentEditable) return true;
    if (role && INTERACTIVE_ROLES.has(role)) return true;
    // A clickable thing written as a div: a handler or a tab stop, and a pointer cursor.
    const clickable = el.hasAttribute('onclick') || ((el as HTMLElement).tabIndex >= 0 && el.hasAttribute('tabindex'));
    return clickable && getComputedStyle(el).cursor === 'pointer';
  }

  function visible(el: Element, rect: DOMRect): boolean {
    if (rect.width <= 0 || rect.height <= 0) {
      // An option of a list box has no box of its own in some layouts: it is shown with its list.
      if (el.tagName !== 'OPTION') return false;
    }
    return el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
  }

  // What a person can reach, as Notte's perception gives ids only to elements on top: not behind a modal
  // dialog or in an inert part of the page, and not covered where its middle is (a cookie banner, a modal's
  // backdrop). A control under its own label's decoration (a styled check box) is reachable. In a shadow
  // root only the first two are checked (a hit there is retargeted to its host).
  const modals = new Map<Document, Element | null>();
  function reachable(el: Element, rect: DOMRect, inShadow: boolean): boolean {
    const doc = el.ownerDocument;
    if (!modals.has(doc)) modals.set(doc, doc.querySelector('dialog:modal'));
    const modal = modals.get(doc);
    let insideModal = false;
    for (let node: Element | null = el; node; node = node.parentElement ?? ((node.getRootNode() as ShadowRoot).host || null)) {
      if ((node as HTMLElement).inert) return false;
      if (node === modal) insideModal = true;
    }
    if (modal && !insideModal) return false;
    const [x, y] = [rect.left + rect.width / 2, rect.top + rect.height / 2];
    const view = doc.defaultView;
    if (inShadow || !view || x < 0 || y < 0 || x >= view.innerWidth || y >= view.innerHeight) return true;
    const hit = doc.elementFromPoint(x, y);
    if (!hit || el.contains(hit) || hit.contains(el)) return true;
    return Array.from((el as HTMLInputElement).labels ?? []).some((label) => label.contains(hit));
  }

  function inViewport(rect: DOMRect, frameX: number, frameY: number): boolean {
    const x = rect.left + frameX;
    const y = rect.top + frameY;
    return x < innerWidth && y < innerHeight && x + rect.width > 0 && y + rect.height > 0;
  }

  // Each element's place among its siblings of the same tag, worked out once per parent: a page of
  // 1,000 siblings would otherwise cost a million steps.
  const places = new WeakMap<Element, { index: number; of: number }>();
  function placeOf(el: Element): { index: number; of: number } {
    let place = places.get(el);
    if (place) return place;
    const parent = el.parentElement ?? el.parentNode;
    const siblings = parent ? Array.from((parent as ParentNode).children) : [el];
    const counts = new Map<string, number>();
    for (const sibling of siblings) counts.set(sibling.tagName, (counts.get(sibling.tagName) ?? 0) + 1);
    const seen = new Map<string, number>();
    for (const sibling of siblings) {
      const index = (seen.get(sibling.tagName) ?? 0) + 1;
      seen.set(sibling.tagName, index);
      places.set(sibling, { index, of: counts.get(sibling.tagName) as number });
    }
    place = places.get(el) ?? { index: 1, of: 1 };
    return place;
  }

  function cssStep(el: Element): string {
    const tag = el.tagName.toLowerCase();
    let step = tag;
    const place = placeOf(el);
    if (place.of > 1) step += `:nth-of-type(${place.index})`;
    for (const name of SELECTOR_ATTRIBUTES) {
      const value = el.getAttribute(name);
      if (value !== null && value !== '' && value.length < 200) step += `[${name}="${quote(value)}"]`;
    }
    return step;
  }

  /** The full path within its own document or shadow root, as Notte writes it. */
  function cssPath(el: Element): string {
    const steps: string[] = [];
    for (let node: Element | null = el; node; node = node.parentElement) steps.unshift(cssStep(node));
    return steps.join(' > ');
  }

  function xpathOf(el: Element): string {
    const steps: string[] = [];
    for (let node: Element | null = el; node; node = node.parentElement) {
      const tag = node.tagName.toLowerCase();
      const place = node.parentElement ? placeOf(node) : { index: 1, of: 1 };
      steps.unshift(place.of > 1 ? `${tag}[${place.index}]` : tag);
    }
    return '/' + steps.join('/');
  }

  function textLabel(el: Element, tag: string): string {
    if (tag === 'select') return squash(Array.from((el as HTMLSelectElement).options, (o) => o.text).join(' '));
    if (tag === 'input' || tag === 'textarea') {
      for (const name of ['aria-label', 'name', 'title', 'alt', 'placeholder']) {
        const value = el.getAttribute(name);
        if (value) return squash(value);
      }
      return squash((el as HTMLInputElement).value);
    }
    return squash((el as HTMLElement).innerText ?? el.textContent) || squash(el.getAttribute('aria-label')) || squash(el.getAttribute('title'));
  }

  function describe(el: Element, tag: string, label: string): string {
    // A box's `checked` is its state now (the attribute is only its initial state): ticked on the page, it says so.
    const toggle = el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') ? el : undefined;
    const has = (name: string) => (toggle && name === 'checked' ? toggle.checked : el.hasAttribute(name));
    const attributes = DESCRIBED_ATTRIBUTES.filter(has).map(
      (name) => `${name.replace(/-/g, '_')}="${quote(squash(toggle && name === 'checked' ? '' : el.getAttribute(name)).slice(0, 80))}"`,
    );
    const open = `<${tag}${attributes.length ? ' ' + attributes.join(' ') : ''}`;
    if (tag === 'input' || tag === 'img') return `${open} />`;
    return `${open}>${label.slice(0, 120)}</${tag}>`;
  }

  const perception: Perception = {
    lines: [],
    elements: [],
    viewport: {
      scroll_x: Math.round(scrollX),
      scroll_y: Math.round(scrollY),
      viewport_width: innerWidth,
      viewport_height: innerHeight,
      total_width: Math.max(document.documentElement.scrollWidth, innerWidth),
      total_height: Math.max(document.documentElement.scrollHeight, innerHeight),
    },
  };

  interface Place {
    root: Document | ShadowRoot;
    inShadow: boolean;
    shadowHosts: string[];
    iframeCss: string[];
    frameX: number;
    frameY: number;
  }

  function visitText(node: Node, place: Place): void {
    const text = squash(node.textContent);
    const parent = node.parentElement;
    if (!text || !parent) return;
    const range = document.createRange();
    range.selectNodeContents(node);
    const rect = range.getBoundingClientRect();
    if (rect.width <= 0 || rect.height <= 0 || !parent.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return;
    if (options.onlyViewport && !inViewport(rect, place.frameX, place.frameY)) return;
    perception.lines.push({ text: `_[:]${text.slice(0, 200)}` });
  }

  function visit(node: Node, place: Place, insideInteractive: boolean): void {
    if (perception.elements.length >= options.maxElements) return;
    if (node.nodeType === Node.TEXT_NODE) {
      if (!insideInteractive) visitText(node, place);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const el = node as Element;
    if (SKIP.has(el.tagName)) return;
    const tag = el.tagName.toLowerCase();
    const role = roleOf(el);
    let nowInside = insideInteractive;
    if (!insideInteractive || tag === 'option') {
      const rect = el.getBoundingClientRect();
      const shown = visible(el, rect) && (!options.onlyViewport || inViewport(rect, place.frameX, place.frameY));
      if (interactive(el, role) && role && shown && (tag === 'option' || reachable(el, rect, place.inShadow))) {
        const prefix = PREFIX[role] ?? 'M';
        const label = textLabel(el, tag);
        const editable = ['input', 'textarea'].includes(tag) || (el as HTMLElement).isContentEditable;
        const action =
          prefix === 'O' || role === 'combobox'
            ? 'select_dropdown_option'
            : (prefix === 'I' || editable) &&
                !['checkbox', 'radio'].includes(role) &&
                !(tag === 'input' && ['button', 'submit', 'reset', 'image', 'file'].includes((el as HTMLInputElement).type))
              ? 'fill'
              : 'click';
        perception.lines.push({ element: perception.elements.length, text: describe(el, tag, label) });
        perception.elements.push({
          prefix,
          role,
          tag,
          action,
          textLabel: label,
          html: describe(el, tag, label),
          css: cssPath(el),
          xpath: place.inShadow ? '' : xpathOf(el),
          inShadowRoot: place.inShadow,
          shadowHostCss: place.shadowHosts,
          iframeCss: place.iframeCss,
          box: { x: rect.left, y: rect.top, width: rect.width, height: rect.height, iframeX: place.frameX, iframeY: place.frameY },
          optionValue: tag === 'option' ? (el as HTMLOptionElement).value : (el.getAttribute('data-value') ?? undefined),
        });
        // A button's or link's own text is its label, not lines of its own; a list box's options keep their ids.
        nowInside = !['listbox', 'menu', 'menubar', 'combobox', 'radiogroup', 'tablist'].includes(role) || tag === 'select';
      }
    }
    const shadow = (el as HTMLElement).shadowRoot;
    if (shadow)
      for (const child of Array.from(shadow.childNodes)) visit(child, { ...place, root: shadow, inShadow: true, shadowHosts: [...place.shadowHosts, cssPath(el)] }, nowInside);
    if (tag === 'iframe') {
      let inner: Document | null = null;
      try {
        inner = (el as HTMLIFrameElement).contentDocument;
      } catch {
        inner = null;
      }
      if (inner?.body && el.checkVisibility()) {
        const rect = el.getBoundingClientRect();
        const frame: Place = {
          root: inner,
          inShadow: false,
          shadowHosts: [],
          iframeCss: [...place.iframeCss, cssPath(el)],
          frameX: place.frameX + rect.left,
          frameY: place.frameY + rect.top,
        };
        visit(inner.body, frame, false);
      }
      return;
    }
    // A <select>'s options show as its text label, not as elements of their own.
    if (tag === 'select' && role === 'combobox') return;
    for (const child of Array.from(el.childNodes)) visit(child, place, nowInside);
  }

  visit(document.body ?? document.documentElement, { root: document, inShadow: false, shadowHosts: [], iframeCss: [], frameX: 0, frameY: 0 }, false);
  return JSON.stringify(perception);
}
