// Export of the recorded steps: a new function file in the workspace's functions folder (never over an
// existing file), opened with its lenses; the steps at the cursor of a function file (inside its session
// block, or wrapped in one once the user said yes); or Notte's own export of the session instead. A file
// with unsaved changes or that cannot be written is asked about first.
import fs = require('fs');
import path = require('path');
import vscode = require('vscode');
import type { WindowContext } from '../../core/windowContext';
import { newFunctionsFolder } from '../../core/notteFolder';
import { liveSessionsPart } from '../../core/liveSessions';
import { insertCode, sessionBody, TextEdit } from './insertion';
import { functionFileText, RecordedStep, stepsLines } from './steps';

/** Where steps go in an existing file: the document and the line the cursor was on. */
export interface CursorTarget {
  uri: vscode.Uri;
  line: number;
  character: number;
}

/** Asks for a file name (a Python module name) that is not taken in `folder`. */
async function askFileName(folder: vscode.Uri, proposed: string): Promise<vscode.Uri | undefined> {
  const name = await vscode.window.showInputBox({
    title: vscode.l10n.t('New function file'),
    prompt: vscode.l10n.t('File name in {0} (a Python module name)', folder.fsPath),
    value: proposed,
    ignoreFocusOut: true,
    validateInput: (text) => {
      const stem = text.trim().replace(/\.py$/, '');
      if (!/^[A-Za-z_]\w*$/.test(stem)) return vscode.l10n.t('Use letters, digits and _ (it becomes a module name).');
      if (fs.existsSync(path.join(folder.fsPath, `${stem}.py`))) return vscode.l10n.t('{0}.py exists already: choose another name.', stem);
      return undefined;
    },
  });
  if (name === undefined) return undefined;
  return vscode.Uri.joinPath(folder, `${name.trim().replace(/\.py$/, '')}.py`);
}

/** Writes a new function file of the steps and opens it (its Run Locally, Debug and Deploy lenses show). */
export async function exportNewFile(ctx: WindowContext, steps: readonly RecordedStep[], description: string, text?: string): Promise<vscode.Uri | undefined> {
  const folderPath = newFunctionsFolder(ctx.config);
  const folder = folderPath === undefined ? undefined : vscode.Uri.file(folderPath);
  if (!folder) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Open a folder first: new function files go into the workspace.'));
    return undefined;
  }
  const uri = await askFileName(folder, freeName(folder.fsPath, 'recorded_function'));
  if (!uri) return undefined;
  try {
    fs.mkdirSync(folder.fsPath, { recursive: true });
    // 'wx': never over a file that appeared meanwhile.
    fs.writeFileSync(uri.fsPath, text ?? functionFileText(steps, description), { flag: 'wx' });
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not write {0}: {1}', uri.fsPath, (error as Error).message));
    return undefined;
  }
  await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preview: false });
  return uri;
}

function freeName(folder: string, stem: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? stem : `${stem}_${n}`;
    if (!fs.existsSync(path.join(folder, `${name}.py`))) return name;
  }
}

/** Whether a file may be changed: one that is read-only is offered as a new file instead; unsaved changes are asked about. */
async function mayEdit(document: vscode.TextDocument): Promise<'yes' | 'newFile' | 'no'> {
  const name = path.basename(document.uri.fsPath);
  let readOnly = vscode.workspace.fs.isWritableFileSystem(document.uri.scheme) === false;
  if (!readOnly && document.uri.scheme === 'file') {
    try {
      fs.accessSync(document.uri.fsPath, fs.constants.W_OK);
    } catch {
      readOnly = fs.existsSync(document.uri.fsPath);
    }
  }
  if (readOnly) {
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} is read-only: the steps cannot be inserted there.', name),
      { modal: true },
      vscode.l10n.t('Save as a New File…'),
    );
    return choice ? 'newFile' : 'no';
  }
  if (document.isDirty || document.isUntitled) {
    const insert = vscode.l10n.t('Insert');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} has unsaved changes. Insert the steps anyway? They join your unsaved changes, nothing is saved.', name),
      { modal: true },
      insert,
    );
    return choice === insert ? 'yes' : 'no';
  }
  return 'yes';
}

/** Inserts the steps at the target; answers the edits made (undefined when nothing was written). */
export function exportAtCursor(ctx: WindowContext, target: CursorTarget, steps: readonly RecordedStep[], description: string): Promise<TextEdit[] | undefined> {
  return insertAt(
    ctx,
    target,
    (session) => stepsLines(steps, session),
    steps,
    () => exportNewFile(ctx, steps, description),
  );
}

/** Notte's own export of the session (GET workflow/code): its session block's body at the cursor, or a new file of the whole script. */
export async function exportNotte(ctx: WindowContext, sessionId: string, target: CursorTarget | undefined): Promise<TextEdit[] | vscode.Uri | undefined> {
  const code = await ctx.get(liveSessionsPart).workflowCode(sessionId);
  if (!target) return exportNewFile(ctx, [], '', code.python_script);
  return insertAt(
    ctx,
    target,
    (session) => sessionBody(code.python_script, session),
    [],
    () => exportNewFile(ctx, [], '', code.python_script),
  );
}

async function insertAt(
  ctx: WindowContext,
  target: CursorTarget,
  body: (session: string) => string[],
  steps: readonly RecordedStep[],
  asNewFile: () => Promise<unknown>,
): Promise<TextEdit[] | undefined> {
  const document = await vscode.workspace.openTextDocument(target.uri);
  const allowed = await mayEdit(document);
  if (allowed === 'newFile') return (await asNewFile()) ? [] : undefined;
  if (allowed === 'no') return undefined;
  const cursor = currentCursor(target);
  const line = cursor.line;
  let insertion = insertCode(document.getText(), cursor, body, steps, false);
  if (!insertion) {
    const wrap = vscode.l10n.t('Insert Wrapped in a Session');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Line {0} is outside every `with … .Session(…) as …:` block. Insert the steps wrapped in a new session block?', line + 1),
      { modal: true },
      wrap,
    );
    if (choice !== wrap) return undefined;
    insertion = insertCode(document.getText(), cursor, body, steps, true)!;
  }
  return applyEdits(document, insertion.edits);
}

/** The target's cursor now: the cursor of a visible editor of its document, else where it was. */
export function currentCursor(target: CursorTarget): { line: number; character: number } {
  const editor = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === target.uri.toString());
  return editor ? { line: editor.selection.active.line, character: editor.selection.active.character } : { line: target.line, character: target.character };
}

export async function applyEdits(document: vscode.TextDocument, edits: TextEdit[]): Promise<TextEdit[] | undefined> {
  const edit = new vscode.WorkspaceEdit();
  for (const e of edits) edit.replace(document.uri, new vscode.Range(e.line, e.character, e.endLine, e.endCharacter), e.text);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} could not be changed.', path.basename(document.uri.fsPath)));
    return undefined;
  }
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preserveFocus: false, preview: false });
  const first = edits[edits.length - 1];
  editor.revealRange(new vscode.Range(first.line, 0, first.line, 0), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return edits;
}

/** The Python editor the user was last in (its cursor), for export and picks from a panel opened without one. */
export function lastFunctionEditor(): CursorTarget | undefined {
  const editor = [vscode.window.activeTextEditor, ...vscode.window.visibleTextEditors].find((e) => e?.document.languageId === 'python');
  if (!editor) return undefined;
  const position = editor.selection.active;
  return { uri: editor.document.uri, line: position.line, character: position.character };
}
