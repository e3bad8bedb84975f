import vscode = require('vscode');
import { describeError } from '../../core/ui/errorText';
import { Ctx } from '../../core/window';
import { refreshRunInTree } from '../../core/runs/launcher';
import { runTitle } from '../../shared/runs';
import { resolveRun, RunRef } from '../../core/ui/pickers';
import { runState } from '../../api/types';

/**
 * `notte.stopRun(runNodeOrFunctionId?, runId?)`: stops an active run and repaints it in its final state.
 * A run this window is following says how it ended itself, once: Stop adds no notification of its own then.
 */
export async function stopRun(ctx: Ctx, target?: unknown, runId?: unknown): Promise<string | undefined> {
  const ref = await resolveRun(ctx, target, runId, (run) => runState(run.status) === 'active' || runState(run.status) === 'created', 'Stop Notte Run');
  if (!ref) return undefined;
  const followed = ctx.activeRuns.findByRunId(ref.runId);
  const title = titleOf(ctx, ref);
  // Marked before asking: the run's stream may end before the answer to the stop arrives.
  ctx.activeRuns.markStopped(ref.runId, 'by Stop Run');
  try {
    const answer = await ctx.connection.client().stopRun(ref.functionId, ref.runId);
    if (!followed) void vscode.window.showInformationMessage(`${title} stopped.`);
    return answer.status;
  } catch (error) {
    ctx.activeRuns.forgetStopped(ref.runId);
    void vscode.window.showErrorMessage(`Could not stop ${title}: ${describeError(error)}`);
    return undefined;
  } finally {
    await refreshRunInTree(ctx, ref.functionId, ref.runId);
  }
}

/** "progress_report · 18:31:10", from what this window knows of the run. */
function titleOf(ctx: Ctx, ref: RunRef): string {
  const followed = ctx.activeRuns.startedHere(ref.runId);
  if (followed) return runTitle(followed.functionName, followed.startedAt);
  const node = ctx.functions.findRun(ref.runId);
  const name = node?.functionName ?? ctx.functions.loadedFunctions().find((f) => f.function_id === ref.functionId)?.name ?? ref.functionId;
  return runTitle(name, ref.run?.created_at ?? node?.run.created_at);
}
