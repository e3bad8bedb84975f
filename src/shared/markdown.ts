// Text a server or a user wrote, shown as itself inside Markdown (tooltips, confirmations, tool
// answers): one escaping for every place that builds Markdown. No vscode import.

/** `text` as literal Markdown: nothing in it starts emphasis, code, a link, HTML, a table, a strike or a heading. */
export function escapeMarkdown(text: string): string {
  // Only what starts emphasis, code, links, HTML, tables or strikes anywhere; '#', '-' and '+' only start a line.
  return text.replace(/[\\`*_[\]<>|~]/g, (ch) => `\\${ch}`).replace(/^([#+-])/gm, '\\$1');
}

/** A template whose interpolated values are escaped for Markdown; the literal parts are written as they are. */
export function md(strings: TemplateStringsArray, ...values: unknown[]): string {
  return strings.reduce((out, part, i) => out + part + (i < values.length ? escapeMarkdown(String(values[i])) : ''), '');
}
