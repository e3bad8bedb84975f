import * as vscode from 'vscode';
import { describeError } from '../ui/errorText';
import { Ctx } from '../ctx';
import { refreshRunInTree } from '../runs/runLauncher';
import { resolveRun } from '../ui/pickers';
import { runState } from '../api/types';

/** `notte.stopRun(runNodeOrFunctionId?, runId?)`: stops an active run and repaints it in its final state. */
export async function stopRun(ctx: Ctx, target?: unknown, runId?: unknown): Promise<string | undefined> {
  const ref = await resolveRun(ctx, target, runId, (run) => runState(run.status) === 'active' || runState(run.status) === 'created', 'Stop Notte Run');
  if (!ref) return undefined;
  try {
    const answer = await ctx.connection.client().stopRun(ref.functionId, ref.runId);
    // A stream of this window reading the run ends on its own once the server closes it.
    void vscode.window.showInformationMessage(`Run ${ref.runId} stopped.`);
    return answer.status;
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not stop run ${ref.runId}: ${describeError(error)}`);
    return undefined;
  } finally {
    await refreshRunInTree(ctx, ref.functionId, ref.runId);
  }
}
