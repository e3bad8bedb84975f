// Run Function, Start Run and Run on Notte end the same way: the run with a cancellable progress
// notification, then one notification that says how it ended and offers only what can work now.
import vscode = require('vscode');
import { isNotteApiError } from '../../api';
import { functionLabel, NotteFunction, RunResult } from '../../api/types';
import { Commands } from '../../shared/contributions';
import { describeError } from '../ui/errorText';
import type { WindowContext } from '../windowContext';
import type { LaunchOutcome } from './launcher';
import { launchWithProgress } from './launchWithProgress';

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
  /** A run that failed on an import: what to install, as the server said. */
  installHint?: string;
}

/**
 * Runs with a cancellable progress notification, then says how it ended, with follow-up actions.
 * The variables were remembered when they were asked (core/ui/functionInputs.ts).
 */
export async function runWithProgress(ctx: WindowContext, fn: NotteFunction, variables: Record<string, unknown>, runId?: string): Promise<RunCommandResult> {
  const name = functionLabel(fn);
  const ranOn = { baseUrl: ctx.connection.baseUrl, label: ctx.connection.label };
  const { outcome } = await launchWithProgress(ctx, { title: `Running ${name}`, functionId: fn.function_id, functionName: name, variables, runId });
  void announceOutcome(ctx, fn, outcome, ranOn);
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
    installHint: outcome.installHint?.text,
  };
}

/** One notification per outcome, offering only what can work now. */
async function announceOutcome(ctx: WindowContext, fn: NotteFunction, outcome: LaunchOutcome, ranOn: { baseUrl: string; label: string }): Promise<void> {
  const result: RunResult | undefined = outcome.result;
  const title = outcome.title;
  // The server in use changed meanwhile (the local server stopped, the profile switched back): the run is not there.
  const elsewhere = () => ctx.connection.baseUrl !== ranOn.baseUrl;
  // The run can be shown when the server answered about it; after a network failure it cannot.
  const readable = outcome.runId !== undefined && (result !== undefined || !unreachable(outcome.error)) && !elsewhere();
  const actions: string[] = [];
  if (readable) actions.push('Show Result');
  if (outcome.folded > 0 && outcome.logFile) actions.push('Open Full Log');
  if (outcome.runId) actions.push('Copy Run ID');
  if (result?.session_id && !outcome.stopped && readable) actions.push('Open Live Session');
  const serverGone = isNotteApiError(outcome.error) && outcome.error.kind === 'network';
  if (serverGone && ctx.profiles.isLocal()) actions.push('Start Local Functions Server');
  if (serverGone) actions.push('Switch Profile');
  let choice: string | undefined;
  if (outcome.stopped !== undefined) {
    choice = await vscode.window.showInformationMessage(vscode.l10n.t('{0} stopped {1}.', title, outcome.stopped), ...actions);
  } else if (outcome.error !== undefined) {
    choice = await vscode.window.showErrorMessage(vscode.l10n.t('{0} could not finish: {1}', title, describeError(outcome.error)), ...actions);
  } else if (result?.status === 'failed') {
    // A failed import says what to install rather than Python's "No module named …".
    const hint = outcome.installHint;
    choice = await vscode.window.showErrorMessage(
      vscode.l10n.t('{0} failed: {1}', title, hint?.text ?? firstLine(result.result)),
      ...(hint ? ['Copy Command', ...actions] : actions),
    );
    if (choice === 'Copy Command' && hint) await vscode.env.clipboard.writeText(hint.command);
  } else {
    choice = await vscode.window.showInformationMessage(vscode.l10n.t('{0} finished ({1}).', title, result?.status ?? 'closed'), ...actions);
  }
  if (choice === 'Start Local Functions Server') await vscode.commands.executeCommand(Commands.startLocalServer);
  if (choice === 'Switch Profile') await vscode.commands.executeCommand(Commands.switchProfile);
  if (choice === 'Open Full Log' && outcome.logFile) await vscode.commands.executeCommand(Commands.openFullLog, outcome.logFile);
  if (!outcome.runId) return;
  if ((choice === 'Show Result' || choice === 'Open Live Session') && elsewhere()) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} ran on {1}, which is no longer the server in use: its run is there.', title, ranOn.label));
    return;
  }
  if (choice === 'Show Result') await vscode.commands.executeCommand(Commands.openRun, fn.function_id, outcome.runId);
  if (choice === 'Copy Run ID') {
    await vscode.env.clipboard.writeText(outcome.runId);
    void vscode.window.showInformationMessage(vscode.l10n.t('Copied the run ID of {0}.', title));
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
