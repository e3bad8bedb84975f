// The page's elements: its markup (../markup.ts) built with createElement, and the few helpers that
// build the rest. Texts become text nodes, never parsed as HTML.
import type { Markup } from '../markup';
import { byId } from '../../../shared/webviewDom';

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

export { el, button, byId, showNotice } from '../../../shared/webviewDom';

export function onClick(id: string, action: () => void): void {
  byId(id).addEventListener('click', action);
}
