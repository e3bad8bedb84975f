import vscode = require('vscode');
import { WindowContext } from '../../core/windowContext';
import { resolveRun, titleOfRun } from '../../core/ui/pickers';
import { runDocumentUri } from './runDocument';

/** `notte.openRun(runNodeOrFunctionId?, runId?)`: the run's read-only document (live while the run is). */
export async function openRun(ctx: WindowContext, target?: unknown, runId?: unknown): Promise<vscode.TextDocument | undefined> {
  const ref = await resolveRun(ctx, target, runId, () => true, 'Open Notte Run');
  if (!ref) return undefined;
  const doc = await vscode.workspace.openTextDocument(runDocumentUri(ref.functionId, ref.runId, titleOfRun(ctx, ref)));
  await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: false });
  return doc;
}
