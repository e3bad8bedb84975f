import vscode = require('vscode');
import { Ctx } from '../../core/window';
import { formatStartTime } from '../../shared/time';
import { resolveRun, RunRef } from '../../core/ui/pickers';
import { shortId } from '../../shared/format';
import { runDocumentUri } from './runDocument';

/** `notte.openRun(runNodeOrFunctionId?, runId?)`: the run's read-only document (live while the run is). */
export async function openRun(ctx: Ctx, target?: unknown, runId?: unknown): Promise<vscode.TextDocument | undefined> {
  const ref = await resolveRun(ctx, target, runId, () => true, 'Open Notte Run');
  if (!ref) return undefined;
  const doc = await vscode.workspace.openTextDocument(runDocumentUri(ref.functionId, ref.runId, tabTitle(ctx, ref)));
  await vscode.window.showTextDocument(doc, { preview: true, preserveFocus: false });
  return doc;
}

/** "progress_report 18:31:10", from what this window knows of the run without asking the server. */
function tabTitle(ctx: Ctx, ref: RunRef): string {
  const followed = ctx.activeRuns.startedHere(ref.runId);
  const node = ctx.functions.findRun(ref.runId);
  const name = followed?.functionName ?? node?.functionName ?? ctx.functions.loadedFunctions().find((f) => f.function_id === ref.functionId)?.name ?? ref.functionId;
  const when = formatStartTime(followed?.startedAt ?? ref.run?.created_at ?? node?.run.created_at);
  return when ? `${name} ${when}` : `${name} run ${shortId(ref.runId)}`;
}
