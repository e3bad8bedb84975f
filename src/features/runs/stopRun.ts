import vscode = require('vscode');
import type { ApiKey } from '../../core/apiKey';
import { describeError } from '../../core/ui/errorText';
import { WindowContext } from '../../core/windowContext';
import { refreshRunInTree } from '../../core/runs/runRefresh';
import { resolveRun, titleOfRun } from '../../core/ui/pickers';
import { pressActivePage } from '../../core/ui/activePage';

/**
 * `notte.stopRun(runNodeOrFunctionId?, runId?)`: stops an active run and repaints it in its final state.
 * A run this window is following says how it ended itself, once: Stop adds no notification of its own then.
 */
export async function stopRun(ctx: WindowContext, _key: ApiKey, target?: unknown, runId?: unknown): Promise<string | undefined> {
  // With no run, on a function page: the page's Stop (its run).
  if (pressActivePage(ctx, 'stop', target)) return undefined;
  const ref = await resolveRun(
    ctx,
    target,
    runId,
    (_run, state) => state === 'active' || state === 'created',
    'Stop Notte Run',
    vscode.l10n.t('No run is going: there is nothing to stop.'),
  );
  if (!ref) return undefined;
  const followed = ctx.activeRuns.findByRunId(ref.runId);
  const title = titleOfRun(ctx, ref);
  // Marked before asking: the run's stream may end before the answer to the stop arrives.
  ctx.stoppedRuns.mark(ref.runId, 'by Stop Run');
  // A run this window follows on another server than the one in use now (the profile was switched since):
  // stopped by its own stream's client, which asks its server (the one in use would not know the run).
  if (followed?.baseUrl !== undefined && followed.baseUrl !== ctx.connection.baseUrl) {
    followed.cancel();
    return 'stopped';
  }
  try {
    const answer = await ctx.connection.client().stopRun(ref.functionId, ref.runId);
    if (!followed) void vscode.window.showInformationMessage(vscode.l10n.t('{0} stopped.', title));
    return answer.status;
  } catch (error) {
    ctx.stoppedRuns.forget(ref.runId);
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not stop {0}: {1}', title, describeError(error)));
    return undefined;
  } finally {
    await refreshRunInTree(ctx, ref.functionId, ref.runId);
  }
}
