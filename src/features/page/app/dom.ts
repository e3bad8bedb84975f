// The page's elements: its markup (../markup.ts) built with createElement, and the few helpers that
// build the rest. Texts become text nodes, never parsed as HTML.
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

/** An element of the page's markup, by its id (the markup has them all once the page is drawn). */
export function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

export function onClick(id: string, action: () => void): void {
  byId(id).addEventListener('click', action);
}

/** The notice line under the header: what just happened, or what is wrong. */
export function showNotice(level: 'info' | 'error', text: string): void {
  const box = document.getElementById('notice');
  if (!box) return;
  box.textContent = text;
  box.className = `notice notice-${level}`;
}
