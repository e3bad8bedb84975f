import type { Connection } from '../connection';
import type { FunctionsModel } from '../functions/functionsModel';

/** Runs of the function's first page asked for a run's new state: a run just started or ended is among them. */
const RECENT_RUNS = 10;

/**
 * Shows a run's real state in the tree after something happened to it (it ended, it was stopped).
 * A run the tree does not show needs no fetch: its function's list reloads when, and if, it is shown.
 * A row never fetches the run itself (a GET answers every line it printed): the function's recent runs
 * are listed, which carry no lines.
 */
export async function refreshRunInTree(ctx: { functions: FunctionsModel; connection: Connection }, functionId: string, runId: string): Promise<void> {
  if (!ctx.functions.findRun(runId)) {
    ctx.functions.refreshRuns(functionId);
    return;
  }
  try {
    const listed = await ctx.connection.client().listRuns(functionId, { page: 1, page_size: RECENT_RUNS, only_active: false });
    const run = listed.items.find((r) => r.function_run_id === runId);
    if (run) ctx.functions.updateRun(run);
    else ctx.functions.refreshRuns(functionId);
  } catch {
    ctx.functions.refreshRuns(functionId);
  }
}
