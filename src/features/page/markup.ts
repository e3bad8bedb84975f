// The page's elements as plain data, so one description of the page serves both sides: the
// extension writes it into the page's HTML (the form paints before the page's script has loaded),
// and the page's script builds the same elements with createElement when it draws the page itself.
// Neither DOM nor vscode here: the host's bundle and the browser's both import it.

/** An attribute's value: `true` writes the bare attribute, `false` and `undefined` leave it out. */
export type AttrValue = string | boolean | undefined;
export type Attrs = Record<string, AttrValue>;

export interface Markup {
  tag: string;
  attrs: Attrs;
  children: (Markup | string)[];
}

export function h(tag: string, attrs: Attrs = {}, ...children: (Markup | string | undefined)[]): Markup {
  return { tag, attrs, children: children.filter((child): child is Markup | string => child !== undefined) };
}

/** Elements that have no end tag in HTML. */
const VOID = new Set(['input', 'br', 'hr', 'img', 'meta', 'link']);

/**
 * HTML for markup whose texts and attribute values may be anything (a function's name, description,
 * defaults): every text and value is escaped, so it is read back as the same text and never as markup.
 * Tag and attribute names are the page's own.
 */
export function markupToHtml(node: Markup | string): string {
  if (typeof node === 'string') return escapeText(node);
  let html = `<${node.tag}`;
  for (const [name, value] of Object.entries(node.attrs)) {
    if (value === undefined || value === false) continue;
    html += value === true ? ` ${name}` : ` ${name}="${escapeAttribute(value)}"`;
  }
  html += '>';
  if (VOID.has(node.tag)) return html;
  // The HTML parser drops a line break (\n, \r or \r\n) right after <textarea>: one more keeps a text that starts with one.
  const inner = node.children.map(markupToHtml).join('');
  if (node.tag === 'textarea' && /^[\r\n]/.test(inner)) html += '\n';
  return `${html}${inner}</${node.tag}>`;
}

function escapeText(text: string): string {
  return text.replace(/[&<>]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : '&gt;'));
}

function escapeAttribute(value: string): string {
  return value.replace(/[&<>"]/g, (ch) => (ch === '&' ? '&amp;' : ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : '&quot;'));
}
