import * as vscode from 'vscode';
import { Ctx } from '../ctx';
import { resolveRun } from '../ui/pickers';
import { runDocumentUri } from '../views/runDocument';

/** `notte.openRun(runNodeOrFunctionId?, runId?)`: the run's read-only document (live while the run is). */
export async function openRun(ctx: Ctx, target?: unknown, runId?: unknown): Promise<vscode.TextDocument | undefined> {
  const ref = await resolveRun(ctx, target, runId, () => true, 'Open Notte Run');
  if (!ref) return undefined;
  const doc = await vscode.workspace.openTextDocument(runDocumentUri(ref.functionId, ref.runId));
  await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: false });
  return doc;
}
