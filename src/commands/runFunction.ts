import * as vscode from 'vscode';
import { describeError } from '../ui/errorText';
import { functionLabel, NotteFunction, RunResult } from '../api/types';
import { Ctx } from '../ctx';
import { Commands } from '../names';
import { launchRun, LaunchOutcome } from '../runs/runLauncher';
import { chooseFunctionAndVariables } from '../ui/functionInputs';
import { withCancellableProgress } from '../ui/progress';

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
export async function runFunction(ctx: Ctx, target?: unknown, variables?: unknown): Promise<RunCommandResult | undefined> {
  const chosen = await chooseFunctionAndVariables(ctx, target, variables, 'Run Notte Function');
  return chosen && runWithProgress(ctx, chosen.fn, chosen.variables);
}

/** Same as Run Function, but asks for all variables as one JSON object. */
export async function runFunctionWithJson(ctx: Ctx, target?: unknown): Promise<RunCommandResult | undefined> {
  const chosen = await chooseFunctionAndVariables(ctx, target, undefined, 'Run Notte Function with JSON', { asJson: true });
  return chosen && runWithProgress(ctx, chosen.fn, chosen.variables);
}

/**
 * Runs with a cancellable progress notification, then says how it ended, with follow-up actions.
 * The variables were remembered when they were asked (ui/functionInputs.ts).
 */
export async function runWithProgress(ctx: Ctx, fn: NotteFunction, variables: Record<string, unknown>, runId?: string): Promise<RunCommandResult> {
  const name = functionLabel(fn);
  ctx.output.show();
  const outcome = await withCancellableProgress(`Running ${name}`, (signal, progress) => {
    // Each report crosses to the workbench: at most a few a second, however fast lines come.
    let lastReport = 0;
    return launchRun(ctx, {
      functionId: fn.function_id,
      functionName: name,
      variables,
      runId,
      signal,
      onRunId: (id) => progress.report({ message: `run ${id}` }),
      onRetry: (message) => progress.report({ message }),
      onLog: (count) => {
        const now = Date.now();
        if (now - lastReport < PROGRESS_INTERVAL_MS) return;
        lastReport = now;
        progress.report({ message: `${count} log line${count === 1 ? '' : 's'}` });
      },
    });
  });
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
  const name = functionLabel(fn);
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
  if (choice === 'Show Result') await vscode.commands.executeCommand(Commands.openRun, fn.function_id, outcome.runId);
  if (choice === 'Copy Run ID') {
    await vscode.env.clipboard.writeText(outcome.runId);
    void vscode.window.showInformationMessage(`Copied run ID ${outcome.runId}.`);
  }
  if (choice === 'Open Live Session') await vscode.commands.executeCommand(Commands.openLiveSession, fn.function_id, outcome.runId);
}

function firstLine(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const line = (text ?? '').trim().split('\n').pop() ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
