// How a place inside a JSON value is named: JSON Pointers (RFC 6901) as validators report them
// ("/items/0/price"), and the `$.items[0].price` spelling people read in messages. No vscode import.

/** The segments of a JSON Pointer, unescaped: "/a~1b/0" → ["a/b", "0"]; "" is the whole value. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** A JSON Pointer from segments (the inverse of pointerSegments). */
export function pointerOf(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** `$.a.b[0]["x y"]`: numbers are list indexes, strings object keys. */
export function jsonPath(segments: readonly (string | number)[]): string {
  let path = '$';
  for (const s of segments) {
    if (typeof s === 'number') path += `[${s}]`;
    else path += /^[A-Za-z_$][\w$]*$/.test(s) ? `.${s}` : `[${JSON.stringify(s)}]`;
  }
  return path;
}

/** A pointer into `value` as a `$.` path: a segment is an index where the value holds a list there. */
export function pointerPath(pointer: string, value: unknown): string {
  const segments: (string | number)[] = [];
  let at: unknown = value;
  for (const s of pointerSegments(pointer)) {
    if (Array.isArray(at) && /^\d+$/.test(s)) {
      segments.push(Number(s));
      at = at[Number(s)];
    } else {
      segments.push(s);
      at = at && typeof at === 'object' ? (at as Record<string, unknown>)[s] : undefined;
    }
  }
  return jsonPath(segments);
}
