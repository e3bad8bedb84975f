// A saved-sets file written back after a change (a set saved, renamed, deleted, a contract's result set)
// as the smallest edits of its text, so that what a person laid out by hand (a set on one line, their own
// indentation, the order of their keys) stays as it was around what changed. jsonc-parser reads the
// text into nodes with their offsets; the edits are ours, written in the layout around them (its own
// `modify` reformats whole objects around an edit and breaks a list whose last item it removes).
// No vscode import.
import { findNodeAtLocation, JSONPath, Node, parseTree } from 'jsonc-parser';
import { serializeSavedSets, type SavedSet } from './savedSets';

/** Past this, a value (an inferred schema) is laid out over lines even in a place written on one. */
const ONE_LINE_CHARS = 100;

interface Layout {
  /** One level of the file's own indentation. */
  unit: string;
  eol: string;
}

/**
 * The text of the sets file `text` (whose sets were `before`) with `after` in their place. A file with
 * nothing in it yet is written whole; so is one whose list shrank other than by one set.
 */
export function editedSetsText(text: string, before: readonly SavedSet[], after: readonly SavedSet[]): string {
  // Nothing laid out by hand to keep (an empty list), or a key written twice (JSON reads the last, an
  // edit would find the first): the file is written whole.
  const tree = text.trim() === '' ? undefined : parseTree(text);
  if (!tree || before.length === 0 || hasRepeatedKey(tree)) return serializeSavedSets(after);
  const layout: Layout = { unit: /\n([ \t]+)\S/.exec(text)?.[1].match(/^(\t|[ ]{1,8})/)?.[1] ?? '  ', eol: text.includes('\r\n') ? '\r\n' : '\n' };
  let edited = text;
  const removed = removedIndex(before, after);
  if (removed !== undefined) {
    edited = removeMember(edited, [removed]);
    before = before.filter((_, index) => index !== removed);
  }
  if (after.length < before.length) return serializeSavedSets(after);
  before.forEach((set, index) => (edited = editValue(edited, layout, [index], set, after[index])));
  for (const set of after.slice(before.length)) edited = addMember(edited, layout, [], undefined, set);
  return edited;
}

/** The one set `after` lacks, when that is the whole difference in its list. */
function removedIndex(before: readonly SavedSet[], after: readonly SavedSet[]): number | undefined {
  if (after.length !== before.length - 1) return undefined;
  const index = before.findIndex((set, i) => after[i]?.name !== set.name);
  const at = index < 0 ? before.length - 1 : index;
  return after.every((set, i) => set.name === before[i < at ? i : i + 1].name) ? at : undefined;
}

/** Edits what differs between two values at `path`: an object member by member, anything else whole. */
function editValue(text: string, layout: Layout, path: JSONPath, before: unknown, after: unknown): string {
  if (JSON.stringify(before) === JSON.stringify(after)) return text;
  if (!isObject(before) || !isObject(after)) return replaceValue(text, layout, path, after);
  // A value written on one line whose new value no longer fits one is laid out anew, whole: edited member
  // by member it would hold blocks over lines inside a line (Save as Expected over a one-line schema).
  if (oneLine(after).length > ONE_LINE_CHARS && !nodeText(text, path).includes('\n')) return replaceValue(text, layout, path, after);
  // Own keys only: a variable may be named `constructor` or `valueOf`, which every object answers.
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = Object.hasOwn(before, key);
    if (!Object.hasOwn(after, key) || after[key] === undefined) text = was ? removeMember(text, [...path, key]) : text;
    else if (!was) text = addMember(text, layout, path, key, after[key]);
    else text = editValue(text, layout, [...path, key], before[key], after[key]);
  }
  return text;
}

function nodeAt(text: string, path: JSONPath): Node {
  const node = findNodeAtLocation(parseTree(text)!, path);
  if (!node) throw new Error(`Nothing at ${path.join('/')} of the sets file.`);
  return node;
}

function nodeText(text: string, path: JSONPath): string {
  const node = nodeAt(text, path);
  return text.slice(node.offset, node.offset + node.length);
}

function replaceValue(text: string, layout: Layout, path: JSONPath, value: unknown): string {
  const node = nodeAt(text, path);
  const multiline = text.slice(node.offset, node.offset + node.length).includes('\n');
  return splice(text, node.offset, node.length, valueText(value, layout, multiline, lineIndent(text, node.offset)));
}

/** A member (`key`) of the object, or an item of the list, at `path`, after its last one. */
function addMember(text: string, layout: Layout, path: JSONPath, key: string | undefined, value: unknown): string {
  const container = path.length ? nodeAt(text, path) : parseTree(text)!;
  const members = container.children ?? [];
  const name = key === undefined ? '' : `${JSON.stringify(key)}: `;
  const last = members[members.length - 1];
  if (!last) {
    // An empty `{}` stays on its line (`{ "x": 1 }`) unless it was itself laid out over lines.
    const indent = lineIndent(text, container.offset);
    const inner = text.slice(container.offset, container.offset + container.length).includes('\n')
      ? `${layout.eol}${indent}${layout.unit}${name}${valueText(value, layout, true, indent + layout.unit)}${layout.eol}${indent}`
      : ` ${name}${valueText(value, layout, false, indent)} `;
    return splice(text, container.offset + 1, container.length - 2, inner);
  }
  // One member per line when the container is laid out so (its first member on a line of its own).
  const multiline = text.slice(container.offset, members[0].offset).includes('\n');
  const indent = lineIndent(text, last.offset);
  const separator = multiline ? `,${layout.eol}${indent}` : ', ';
  return splice(text, last.offset + last.length, 0, `${separator}${name}${valueText(value, layout, multiline, indent)}`);
}

/** Removes the member or item at `path`, with the comma and the space that separated it. */
function removeMember(text: string, path: JSONPath): string {
  const node = nodeAt(text, path);
  const member = node.parent?.type === 'property' ? node.parent : node;
  const siblings = member.parent?.children ?? [member];
  const index = siblings.indexOf(member);
  const next = siblings[index + 1];
  const previous = siblings[index - 1];
  if (next) return splice(text, member.offset, next.offset - member.offset, '');
  if (previous) return splice(text, previous.offset + previous.length, member.offset + member.length - (previous.offset + previous.length), '');
  const container = member.parent!;
  return splice(text, container.offset + 1, container.length - 2, '');
}

/** A value's JSON: indented from `indent` on when its place is laid out over lines or it is long, else on one line. */
function valueText(value: unknown, layout: Layout, multiline: boolean, indent: string): string {
  const short = oneLine(value);
  if (!multiline && short.length <= ONE_LINE_CHARS) return short;
  return laidOut(value, layout, indent, true);
}

/** Over lines, one member per line from `indent` on; a member that fits on a line stays on one, as people write JSON. */
function laidOut(value: unknown, layout: Layout, indent: string, open = false): string {
  const short = oneLine(value);
  const members = Array.isArray(value) ? value.map((v) => ['', v] as const) : isObject(value) ? Object.entries(value).filter(([, v]) => v !== undefined) : [];
  if (!members.length || (!open && short.length <= ONE_LINE_CHARS)) return short;
  const inner = indent + layout.unit;
  const lines = members.map(([key, v]) => `${inner}${Array.isArray(value) ? '' : `${JSON.stringify(key)}: `}${laidOut(v, layout, inner)}`);
  const [start, end] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${start}${layout.eol}${lines.join(`,${layout.eol}`)}${layout.eol}${indent}${end}`;
}

/** JSON on one line, spaced as people write it: `{ "query": "tea", "max": 3 }`. */
function oneLine(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(oneLine).join(', ')}]`;
  if (!isObject(value)) return JSON.stringify(value ?? null);
  const members = Object.entries(value).filter(([, v]) => v !== undefined);
  return members.length ? `{ ${members.map(([k, v]) => `${JSON.stringify(k)}: ${oneLine(v)}`).join(', ')} }` : '{}';
}

/** The white space that starts the line `offset` is on. */
function lineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(start, offset))![0];
}

function splice(text: string, offset: number, length: number, insert: string): string {
  return text.slice(0, offset) + insert + text.slice(offset + length);
}

function hasRepeatedKey(node: Node): boolean {
  if (node.type === 'object') {
    const keys = (node.children ?? []).map((property) => property.children?.[0]?.value as string);
    if (new Set(keys).size !== keys.length) return true;
  }
  return (node.children ?? []).some(hasRepeatedKey);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
