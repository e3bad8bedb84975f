// What changed between two results (the last passing one and this one), told by path, so that "the
// price field disappeared" reads at a glance: "$.price: removed (was 12.5)". No vscode import.
import { jsonPath } from '../shared/jsonPath';

export interface JsonChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

type Segment = string | number;

/** The changes from `before` to `after`, in document order: keys by name, list elements by position. */
export function diffJson(before: unknown, after: unknown): JsonChange[] {
  const changes: JsonChange[] = [];
  walk(before, after, [], changes);
  return changes;
}

function walk(before: unknown, after: unknown, at: Segment[], changes: JsonChange[]): void {
  if (Array.isArray(before) && Array.isArray(after)) {
    const common = Math.min(before.length, after.length);
    for (let i = 0; i < common; i++) walk(before[i], after[i], [...at, i], changes);
    // Elements past the common length are told as one change: a list of 50 scraped rows that
    // became empty is one line, not 50.
    if (before.length > common) changes.push({ path: rangePath(at, common, before.length), kind: 'removed', before: tail(before, common) });
    if (after.length > common) changes.push({ path: rangePath(at, common, after.length), kind: 'added', after: tail(after, common) });
    return;
  }
  if (isObject(before) && isObject(after)) {
    for (const key of Object.keys(before)) {
      if (!(key in after)) changes.push({ path: jsonPath([...at, key]), kind: 'removed', before: before[key] });
      else walk(before[key], after[key], [...at, key], changes);
    }
    for (const key of Object.keys(after)) if (!(key in before)) changes.push({ path: jsonPath([...at, key]), kind: 'added', after: after[key] });
    return;
  }
  if (!sameValue(before, after)) changes.push({ path: jsonPath(at), kind: 'changed', before, after });
}

/** `$.items[3]` for one element, `$.items[3…9]` for several. */
function rangePath(at: Segment[], from: number, to: number): string {
  const base = jsonPath(at);
  return to - from === 1 ? `${base}[${from}]` : `${base}[${from}…${to - 1}]`;
}

function tail(list: unknown[], from: number): unknown {
  return list.length - from === 1 ? list[from] : list.slice(from);
}

/** One line per change, at most `max` of them, then how many more. */
export function describeDiff(changes: readonly JsonChange[], max = 10): string[] {
  const lines = changes.slice(0, max).map(describeChange);
  if (changes.length > max) lines.push(`… and ${changes.length - max} more change${changes.length - max === 1 ? '' : 's'}`);
  return lines;
}

export function describeChange(change: JsonChange): string {
  if (change.kind === 'removed') return `${change.path}: removed (was ${short(change.before)})`;
  if (change.kind === 'added') return `${change.path}: added (${short(change.after)})`;
  return `${change.path}: ${short(change.before)} → ${short(change.after)}`;
}

/** A value in a few characters: small ones as JSON, big ones by their size ("a list of 12", "an object of 5 keys"). */
export function short(value: unknown): string {
  const text = JSON.stringify(value ?? null);
  if (text.length <= 40) return text;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (isObject(value)) return `an object of ${Object.keys(value).length} key${Object.keys(value).length === 1 ? '' : 's'}`;
  return `${text.slice(0, 39)}…`;
}

/** Equal as JSON (objects and lists are compared by walk() before this is asked). */
function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
