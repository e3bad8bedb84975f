import * as vscode from 'vscode';
import { describeError } from '../ui/errorText';
import { functionLabel, runState } from '../api/types';
import { Ctx } from '../ctx';
import { Commands } from '../names';
import { askVariables } from '../ui/functionInputs';
import { fetchFunction, resolveFunction, resolveRun } from '../ui/pickers';
import { RunCommandResult, runWithProgress } from './runFunction';

/** `notte.createRun(functionIdOrNode?)`: a run that exists but has not started, as the SDK's create_run. */
export async function createRun(ctx: Ctx, target?: unknown): Promise<string | undefined> {
  const fn = await resolveFunction(ctx, target, 'Create Notte Run');
  if (!fn) return undefined;
  try {
    const created = await ctx.connection.client().createRun(fn.function_id, { local: false });
    ctx.functions.refreshRuns(fn.function_id);
    void vscode.window
      .showInformationMessage(`Created run ${created.function_run_id} of ${functionLabel(fn)}. Start it when you are ready.`, 'Start Run', 'Copy Run ID')
      .then((choice) => {
        if (choice === 'Start Run') void vscode.commands.executeCommand(Commands.startCreatedRun, fn.function_id, created.function_run_id);
        if (choice === 'Copy Run ID') void vscode.env.clipboard.writeText(created.function_run_id);
      });
    return created.function_run_id;
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not create a run of ${fn.function_id}: ${describeError(error)}`);
    return undefined;
  }
}

/** `notte.startCreatedRun(runNodeOrFunctionId?, runId?, variables?)`: starts a created run, asking its variables. */
export async function startCreatedRun(ctx: Ctx, target?: unknown, runId?: unknown, variables?: unknown): Promise<RunCommandResult | undefined> {
  const ref = await resolveRun(ctx, target, runId, (run) => run.status === 'created', 'Start Created Run');
  if (!ref) return undefined;
  const fn = await fetchFunction(ctx, ref.functionId);
  if (!fn) return undefined;
  const values = await askVariables(ctx, fn, variables, { title: `Start run ${ref.runId}` });
  if (!values) return undefined;
  return runWithProgress(ctx, fn, values, ref.runId);
}

/** `notte.checkRunStatus(runNodeOrFunctionId?, runId?)`: asks the server and shows where the run is. */
export async function checkRunStatus(ctx: Ctx, target?: unknown, runId?: unknown): Promise<string | undefined> {
  const ref = await resolveRun(ctx, target, runId, () => true, 'Check Run Status');
  if (!ref) return undefined;
  try {
    const run = await ctx.connection.client().getRun(ref.functionId, ref.runId);
    ctx.functions.updateRun(run);
    const state = runState(run.status);
    const detail = state === 'failed' ? `: ${String(run.result ?? '').split('\n').filter(Boolean).pop() ?? ''}` : '';
    void vscode.window.showInformationMessage(`Run ${run.function_run_id} is ${run.status}${detail} (${run.logs?.length ?? 0} log lines).`, 'Open Run').then((choice) => {
      if (choice) void vscode.commands.executeCommand(Commands.openRun, run.function_id, run.function_run_id);
    });
    return run.status;
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not check run ${ref.runId}: ${describeError(error)}`);
    return undefined;
  }
}

export async function copyRunId(ctx: Ctx, target?: unknown, runId?: unknown): Promise<string | undefined> {
  const ref = await resolveRun(ctx, target, runId, () => true, 'Copy Run ID');
  if (!ref) return undefined;
  await vscode.env.clipboard.writeText(ref.runId);
  void vscode.window.showInformationMessage(`Copied run ID ${ref.runId}.`);
  return ref.runId;
}
