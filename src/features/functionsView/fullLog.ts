import fs = require('fs');
import path = require('path');
import vscode = require('vscode');
import { WindowContext } from '../../core/windowContext';

/** Where RunOutput writes each run's full log (see core/runOutput.ts). */
function runLogsDir(ctx: WindowContext): string {
  return path.join(ctx.extension.logUri.fsPath, 'runs');
}

/**
 * `notte.openFullLog(file?)`: a run's full log (every line, also those the Output channel folded),
 * read-only; without a file, one of this window's runs is picked, newest first.
 */
export async function openFullLog(ctx: WindowContext, file?: unknown): Promise<vscode.TextDocument | undefined> {
  let chosen = typeof file === 'string' ? file : file instanceof vscode.Uri ? file.fsPath : undefined;
  if (!chosen) {
    let names: string[] = [];
    try {
      names = fs.readdirSync(runLogsDir(ctx)).filter((n) => n.endsWith('.log'));
    } catch {
      // No run wrote a log in this window yet.
    }
    const picks = names
      .map((name) => ({ name, time: fs.statSync(path.join(runLogsDir(ctx), name)).mtimeMs }))
      .sort((a, b) => b.time - a.time)
      .map(({ name }) => ({ label: name.replace(/ \d+\.log$/, ''), description: name, file: path.join(runLogsDir(ctx), name) }));
    if (picks.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No run has written a log in this window yet.'));
      return undefined;
    }
    chosen = (await vscode.window.showQuickPick(picks, { title: vscode.l10n.t('Open Full Log'), placeHolder: vscode.l10n.t('Pick a run of this window') }))?.file;
    if (!chosen) return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(chosen));
  await vscode.window.showTextDocument(doc, { preview: false });
  // A log is a record: it opens read-only (File > Save As still copies it).
  await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession').then(undefined, () => undefined);
  return doc;
}
