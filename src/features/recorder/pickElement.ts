// Pick Element, editor side: the picked element's selector (and action) written at the cursor, and the
// other way, the selector under the cursor outlined on the live page while a panel is open.
import path = require('path');
import vscode = require('vscode');
import { elementForSelector, PageElement, ProposedSelector } from '../../shared/pageElements';
import { applyEdits, CursorTarget, currentCursor } from './panelExport';
import { pickEdit, selectorOnLine } from './pickText';
import { FRAGILE_COMMENT } from './steps';

/**
 * Writes the element's selector at the target's cursor: on a step's line, in place of the selector (or
 * id) it had. Answers what was done, as the panel says it (undefined: nothing written, or no selector).
 */
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
  // A step's own selector replaced (re-picking a step whose element changed): said, as it changes what the step does.
  const onStep = /\.execute\s*\(/.test(lines[cursor.line] ?? '') && edit.endCharacter > edit.character;
  const replaced = onStep ? (selectorOnLine(lines[cursor.line]) ?? lines[cursor.line].slice(edit.character, edit.endCharacter)) : undefined;
  const applied = await applyEdits(document, [edit]);
  if (!applied) return undefined;
  caretInValue(document, edit);
  // The step's own line (a fragile selector's comment goes above it).
  const stepLine = edit.line + edit.text.split('\n').length;
  const where = vscode.l10n.t('line {0} of {1}', stepLine, path.basename(target.uri.fsPath));
  return replaced !== undefined
    ? vscode.l10n.t('Replaced {0} with {1} on {2} (Undo puts it back).', replaced, selector, where)
    : vscode.l10n.t('Wrote {0} on {1}.', selector, where);
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
