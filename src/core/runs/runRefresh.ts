import type { Connection } from '../connection';
import type { FunctionsModel } from '../functions/functionsModel';

/**
 * Shows a run's real state in the tree after something happened to it (it ended, it was stopped).
 * A run the tree does not show needs no fetch (the contract answers a run with its log lines): its
 * function's list reloads when, and if, it is shown.
 */
export async function refreshRunInTree(ctx: { functions: FunctionsModel; connection: Connection }, functionId: string, runId: string): Promise<void> {
  if (!ctx.functions.findRun(runId)) {
    ctx.functions.refreshRuns(functionId);
    return;
  }
  try {
    ctx.functions.updateRun(await ctx.connection.client().getRun(functionId, runId));
  } catch {
    ctx.functions.refreshRuns(functionId);
  }
}
