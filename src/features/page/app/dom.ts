// The page's markup (../markup.ts) as elements, built with createElement: texts become text nodes,
// never parsed as HTML.
import type { Markup } from '../markup';

export function toDom(node: Markup | string): Node {
  if (typeof node === 'string') return document.createTextNode(node);
  const element = document.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attrs)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of node.children) element.append(toDom(child));
  return element;
}
