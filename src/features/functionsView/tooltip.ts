import vscode = require('vscode');

/** A tooltip built only from escaped server text (shared/markdown.ts): no command links, no HTML. */
export function untrustedMarkdown(text: string): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString(text);
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  return markdown;
}
