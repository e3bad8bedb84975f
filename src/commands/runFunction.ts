import * as vscode from 'vscode';
import { NotteFunction, RunResult } from '../api/types';
import { Ctx } from '../ctx';
import { launchRun, LaunchOutcome } from '../runs/runLauncher';
import { describeError } from '../api';
import { chooseFunction } from '../ui/pickers';
import { promptForJson, promptForVariables } from '../ui/variablesPrompt';
import { pickStartingValues } from '../ui/variableSetPick';
import { ensureApiKey } from './apiKey';

const PROGRESS_INTERVAL_MS = 250;

/** What a run command returns to its caller (tests, keybindings, other extensions). */
export interface RunCommandResult {
  runId?: string;
  status?: string;
  result?: unknown;
  sessionId?: string | null;
  error?: string;
}

/** `notte.runFunction(functionIdOrNode?, variables?)`: asks what it was not given. */
export const runFunction = (ctx: Ctx) => async (target?: unknown, variables?: unknown): Promise<RunCommandResult | undefined> => {
  if (!(await ensureApiKey(ctx))) return undefined;
  const fn = await chooseFunction(ctx, target, 'Run Notte Function');
  if (!fn) return undefined;
  let values: Record<string, unknown> | undefined = isVariables(variables) ? variables : undefined;
  if (!values) {
    const start = await pickStartingValues(ctx, fn);
    if (start.kind === 'cancel') return undefined;
    values = start.kind === 'run' ? start.variables : await promptForVariables(fn, ctx.state.lastVariables(fn.function_id));
  }
  if (!values) return undefined;
  return runWithProgress(ctx, fn, values);
};

/** Same as Run Function, but asks for all variables as one JSON object. */
export const runFunctionWithJson = (ctx: Ctx) => async (target?: unknown): Promise<RunCommandResult | undefined> => {
  if (!(await ensureApiKey(ctx))) return undefined;
  const fn = await chooseFunction(ctx, target, 'Run Notte Function with JSON');
  if (!fn) return undefined;
  const values = await promptForJson(fn.variables ?? [], ctx.state.lastVariables(fn.function_id), `Run ${fn.name || fn.function_id}`);
  if (!values) return undefined;
  return runWithProgress(ctx, fn, values);
};

/** Runs with a cancellable progress notification, then says how it ended, with follow-up actions. */
export async function runWithProgress(ctx: Ctx, fn: NotteFunction, variables: Record<string, unknown>, runId?: string): Promise<RunCommandResult> {
  const name = fn.name || fn.function_id;
  await ctx.state.rememberVariables(fn.function_id, variables);
  ctx.output.show();
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Running ${name}`, cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      // Each report crosses to the workbench: at most a few a second, however fast lines come.
      let lastReport = 0;
      return launchRun(ctx, {
        functionId: fn.function_id,
        functionName: name,
        variables,
        runId,
        signal: controller.signal,
        onRunId: (id) => progress.report({ message: `run ${id}` }),
        onRetry: (message) => progress.report({ message }),
        onLog: (count) => {
          const now = Date.now();
          if (now - lastReport < PROGRESS_INTERVAL_MS) return;
          lastReport = now;
          progress.report({ message: `${count} log line${count === 1 ? '' : 's'}` });
        },
      });
    },
  );
  void announceOutcome(ctx, fn, outcome);
  return toCommandResult(outcome);
}

export function toCommandResult(outcome: LaunchOutcome): RunCommandResult {
  return {
    runId: outcome.runId,
    status: outcome.result?.status ?? (outcome.cancelled ? 'stopped' : undefined),
    result: outcome.result?.result,
    sessionId: outcome.result?.session_id,
    error: outcome.error === undefined ? undefined : describeError(outcome.error),
  };
}

async function announceOutcome(ctx: Ctx, fn: NotteFunction, outcome: LaunchOutcome): Promise<void> {
  const name = fn.name || fn.function_id;
  const result: RunResult | undefined = outcome.result;
  const actions: string[] = [];
  if (outcome.runId) actions.push('Show Result', 'Copy Run ID');
  if (result?.session_id) actions.push('Open Live Session');
  let choice: string | undefined;
  if (outcome.cancelled) {
    choice = await vscode.window.showInformationMessage(`${name}: run stopped.`, ...actions);
  } else if (outcome.error !== undefined) {
    choice = await vscode.window.showErrorMessage(`${name}: ${describeError(outcome.error)}`, ...actions);
  } else if (result?.status === 'failed') {
    choice = await vscode.window.showErrorMessage(`${name} failed: ${firstLine(result.result)}`, ...actions);
  } else {
    choice = await vscode.window.showInformationMessage(`${name} finished (${result?.status ?? 'closed'}).`, ...actions);
  }
  if (!outcome.runId) return;
  if (choice === 'Show Result') await vscode.commands.executeCommand('notte.openRun', fn.function_id, outcome.runId);
  if (choice === 'Copy Run ID') {
    await vscode.env.clipboard.writeText(outcome.runId);
    void vscode.window.showInformationMessage(`Copied run ID ${outcome.runId}.`);
  }
  if (choice === 'Open Live Session') await vscode.commands.executeCommand('notte.openLiveSession', fn.function_id, outcome.runId);
}

function firstLine(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const line = (text ?? '').trim().split('\n').pop() ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

export function isVariables(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
