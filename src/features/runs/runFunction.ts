import vscode = require('vscode');
import { isNotteApiError } from '../../api';
import { describeError } from '../../core/ui/errorText';
import { functionLabel, NotteFunction, RunResult } from '../../api/types';
import { Ctx } from '../../core/window';
import { Commands } from '../../shared/contributions';
import { launchRun, LaunchOutcome } from '../../core/runs/launcher';
import { chooseFunctionAndVariables } from '../../core/ui/functionInputs';
import { withCancellableProgress } from '../../core/ui/progress';

const PROGRESS_INTERVAL_MS = 250;

/** What a run command returns to its caller (tests, keybindings, other extensions). */
export interface RunCommandResult {
  runId?: string;
  status?: string;
  result?: unknown;
  sessionId?: string | null;
  error?: string;
  /** Why this window stopped the run, when it did ("by Stop Run", "by Cancel", "after 300 s (the run timeout)"). */
  stopped?: string;
  /** The run's full log file: every line, even those folded out of the Output channel. */
  logFile?: string;
  /** How many lines were folded out of the Output channel. */
  folded?: number;
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
      onRunId: () => progress.report({ message: 'started' }),
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
    status: outcome.stopped !== undefined ? 'stopped' : (outcome.result?.status ?? (outcome.cancelled ? 'stopped' : undefined)),
    result: outcome.result?.result,
    sessionId: outcome.result?.session_id,
    error: outcome.error === undefined ? undefined : describeError(outcome.error),
    stopped: outcome.stopped,
    logFile: outcome.logFile,
    folded: outcome.folded,
  };
}

/** One notification per outcome, offering only what can work now. */
async function announceOutcome(ctx: Ctx, fn: NotteFunction, outcome: LaunchOutcome): Promise<void> {
  const result: RunResult | undefined = outcome.result;
  const title = outcome.title;
  // The run can be shown when the server answered about it; after a network failure it cannot.
  const readable = outcome.runId !== undefined && (result !== undefined || !unreachable(outcome.error));
  const actions: string[] = [];
  if (readable) actions.push('Show Result');
  if (outcome.folded > 0 && outcome.logFile) actions.push('Open Full Log');
  if (outcome.runId) actions.push('Copy Run ID');
  if (result?.session_id && !outcome.stopped) actions.push('Open Live Session');
  const serverGone = isNotteApiError(outcome.error) && outcome.error.kind === 'network';
  if (serverGone && ctx.profiles.isLocal()) actions.push('Start Local Functions Server');
  if (serverGone) actions.push('Switch Profile');
  let choice: string | undefined;
  if (outcome.stopped !== undefined) {
    choice = await vscode.window.showInformationMessage(`${title} stopped ${outcome.stopped}.`, ...actions);
  } else if (outcome.error !== undefined) {
    choice = await vscode.window.showErrorMessage(`${title} could not finish: ${describeError(outcome.error)}`, ...actions);
  } else if (result?.status === 'failed') {
    choice = await vscode.window.showErrorMessage(`${title} failed: ${firstLine(result.result)}`, ...actions);
  } else {
    choice = await vscode.window.showInformationMessage(`${title} finished (${result?.status ?? 'closed'}).`, ...actions);
  }
  if (choice === 'Start Local Functions Server') await vscode.commands.executeCommand(Commands.startLocalServer);
  if (choice === 'Switch Profile') await vscode.commands.executeCommand(Commands.switchProfile);
  if (choice === 'Open Full Log' && outcome.logFile) await vscode.commands.executeCommand(Commands.openFullLog, outcome.logFile);
  if (!outcome.runId) return;
  if (choice === 'Show Result') await vscode.commands.executeCommand(Commands.openRun, fn.function_id, outcome.runId);
  if (choice === 'Copy Run ID') {
    await vscode.env.clipboard.writeText(outcome.runId);
    void vscode.window.showInformationMessage(`Copied the run ID of ${title}.`);
  }
  if (choice === 'Open Live Session') await vscode.commands.executeCommand(Commands.openLiveSession, fn.function_id, outcome.runId);
}

function unreachable(error: unknown): boolean {
  return isNotteApiError(error) && (error.kind === 'network' || error.kind === 'auth');
}

function firstLine(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const line = (text ?? '').trim().split('\n').pop() ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}
