// Pick Element, editor side: the picked element's selector (and action) written at the cursor, and the
// other way, the selector under the cursor outlined on the live page while a panel is open.
import vscode = require('vscode');
import { elementForSelector, PageElement, ProposedSelector } from '../../shared/pageElements';
import { applyEdits, CursorTarget, currentCursor } from './panelExport';
import { pickEdit, selectorOnLine } from './pickText';
import { FRAGILE_COMMENT } from './steps';

/** Writes the element's selector at the target's cursor; answers the selector written (undefined: nothing written, or no selector). */
export async function writePick(target: CursorTarget, element: PageElement, asked: Promise<ProposedSelector | undefined>): Promise<string | undefined> {
  const proposed = await asked;
  if (!proposed) return undefined;
  const document = await vscode.workspace.openTextDocument(target.uri);
  const cursor = currentCursor(target);
  const { selector, fragile } = proposed;
  const lines = document.getText().split(/\r?\n/);
  const edit = pickEdit(lines, cursor.line, cursor.character, selector, element.action);
  if (fragile && edit.character === 0 && edit.text.trim().includes('.execute(')) {
    const indent = /^[ \t]*/.exec(edit.text)![0];
    edit.text = `${indent}${FRAGILE_COMMENT}\n${edit.text}`;
  }
  const applied = await applyEdits(document, [edit]);
  if (applied) caretInValue(document, edit);
  return applied ? selector : undefined;
}

/**
 * A fill or a select written whole has `value=""`, which is the person's to type (left empty, it would
 * clear the field): the caret goes between its quotes, in the editor applyEdits showed and focused.
 */
function caretInValue(document: vscode.TextDocument, edit: { line: number; character: number; text: string }): void {
  const at = edit.text.indexOf('value=""');
  const editor = vscode.window.visibleTextEditors.find((e) => e.document === document);
  if (at < 0 || !editor) return;
  const before = edit.text.slice(0, at + 'value="'.length).split('\n');
  const line = edit.line + before.length - 1;
  const character = (before.length === 1 ? edit.character : 0) + before[before.length - 1].length;
  const caret = new vscode.Position(line, character);
  editor.selection = new vscode.Selection(caret, caret);
}

/** The element of the page a selector in the editor's cursor line names, if the panel can tell. */
export function elementUnderCursor(editor: vscode.TextEditor | undefined, elements: readonly PageElement[]): PageElement | undefined {
  if (!editor || editor.document.languageId !== 'python') return undefined;
  const selector = selectorOnLine(editor.document.lineAt(editor.selection.active.line).text);
  return selector ? elementForSelector(selector, elements) : undefined;
}
