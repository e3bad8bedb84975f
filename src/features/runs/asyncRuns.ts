import vscode = require('vscode');
import type { ApiKey } from '../../core/apiKey';
import { describeError } from '../../core/ui/errorText';
import { functionLabel, runState } from '../../api/types';
import { WindowContext } from '../../core/windowContext';
import { Commands } from '../../shared/contributions';
import { runTitle } from '../../shared/runs';
import { askVariables } from '../../core/ui/functionInputs';
import { fetchFunction, resolveFunction, resolveRun, titleOfRun } from '../../core/ui/pickers';
import { RunCommandResult, runWithProgress } from '../../core/runs/runCommand';

/** `notte.createRun(functionIdOrNode?)`: a run that exists but has not started, as the SDK's create_run. */
export async function createRun(ctx: WindowContext, _key: ApiKey, target?: unknown): Promise<string | undefined> {
  const fn = await resolveFunction(ctx, target, 'Create Notte Run');
  if (!fn) return undefined;
  try {
    const created = await ctx.connection.client().createRun(fn.function_id, { local: false });
    ctx.functions.refreshRuns(fn.function_id);
    void vscode.window
      .showInformationMessage(
        vscode.l10n.t('Created a run of {0}. Start it when you are ready.', runTitle(functionLabel(fn), created.created_at || new Date())),
        'Start Run',
        'Copy Run ID',
      )
      .then((choice) => {
        if (choice === 'Start Run') void vscode.commands.executeCommand(Commands.startCreatedRun, fn.function_id, created.function_run_id);
        if (choice === 'Copy Run ID') void vscode.env.clipboard.writeText(created.function_run_id);
      });
    return created.function_run_id;
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not create a run of {0}: {1}', functionLabel(fn), describeError(error)));
    return undefined;
  }
}

/** `notte.startCreatedRun(runNodeOrFunctionId?, runId?, variables?)`: starts a created run, asking its variables. */
export async function startCreatedRun(ctx: WindowContext, _key: ApiKey, target?: unknown, runId?: unknown, variables?: unknown): Promise<RunCommandResult | undefined> {
  const ref = await resolveRun(
    ctx,
    target,
    runId,
    (_run, state) => state === 'created',
    'Start Created Run',
    vscode.l10n.t('No created run to start: Create Run makes one (a run not started yet), which Start Run then starts.'),
  );
  if (!ref) return undefined;
  const fn = await fetchFunction(ctx, ref.functionId);
  if (!fn) return undefined;
  const values = await askVariables(ctx, fn, variables, { title: `Start ${runTitle(functionLabel(fn), ref.run?.created_at)}` });
  if (!values) return undefined;
  return runWithProgress(ctx, fn, values, ref.runId);
}

/** `notte.checkRunStatus(runNodeOrFunctionId?, runId?)`: asks the server and shows where the run is. */
export async function checkRunStatus(ctx: WindowContext, _key: ApiKey, target?: unknown, runId?: unknown): Promise<string | undefined> {
  const ref = await resolveRun(ctx, target, runId, () => true, 'Check Run Status');
  if (!ref) return undefined;
  try {
    const run = await ctx.connection.client().getRun(ref.functionId, ref.runId);
    ctx.functions.updateRun(run);
    const state = runState(run.status);
    const detail =
      state === 'failed'
        ? `: ${
            String(run.result ?? '')
              .split('\n')
              .filter(Boolean)
              .pop() ?? ''
          }`
        : '';
    const stopped = ctx.stoppedRuns.reason(run.function_run_id);
    const shown = stopped ? `stopped ${stopped}` : `${run.status}${detail}`;
    void vscode.window
      .showInformationMessage(vscode.l10n.t('{0} is {1} ({2} log lines).', titleOfRun(ctx, { ...ref, run }), shown, run.logs?.length ?? 0), 'Open Run')
      .then((choice) => {
        if (choice) void vscode.commands.executeCommand(Commands.openRun, run.function_id, run.function_run_id);
      });
    return run.status;
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not check the run (ID {0}): {1}', ref.runId, describeError(error)));
    return undefined;
  }
}

export async function copyRunId(ctx: WindowContext, target?: unknown, runId?: unknown): Promise<string | undefined> {
  const ref = await resolveRun(ctx, target, runId, () => true, 'Copy Run ID');
  if (!ref) return undefined;
  await vscode.env.clipboard.writeText(ref.runId);
  void vscode.window.showInformationMessage(vscode.l10n.t('Copied run ID {0}.', ref.runId));
  return ref.runId;
}
