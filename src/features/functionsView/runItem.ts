import vscode = require('vscode');
import { isTerminalStatus } from '../../api/types';
import { runRowDescription, runRowLabel, RunRowRun, runStatusWord } from '../../shared/runRow';

/** What the tree item of a run needs to know of it. */
export type RunItemRun = RunRowRun & { function_run_id: string; session_id?: string | null };

/** A run's row: its start time as the label, status and duration as the description, the id in the tooltip. */
export function runTreeItem(run: RunItemRun, functionName: string, stoppedHere: boolean, now: number = Date.now()): vscode.TreeItem {
  const item = new vscode.TreeItem(runRowLabel(run, now), vscode.TreeItemCollapsibleState.None);
  const state = runItemState(run.status, stoppedHere);
  item.id = `run:${run.function_run_id}`;
  item.contextValue = `run.${state}${run.session_id ? '.session' : ''}`;
  item.iconPath = runItemIcon(state);
  item.description = runRowDescription(run, stoppedHere, now);
  item.tooltip = runItemTooltip(run, functionName, stoppedHere);
  return item;
}

export type RunItemState = 'active' | 'created' | 'closed' | 'failed' | 'stopped';

/** As runState, plus "stopped": the service's own word, or a run this window stopped that did not close. */
export function runItemState(status: string, stoppedHere: boolean): RunItemState {
  if (status === 'stopped' || (stoppedHere && status === 'failed')) return 'stopped';
  if (status === 'created') return 'created';
  if (status === 'failed') return 'failed';
  if (isTerminalStatus(status)) return 'closed';
  return 'active';
}

function runItemIcon(state: RunItemState): vscode.ThemeIcon {
  switch (state) {
    case 'active':
      return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue'));
    case 'created':
      return new vscode.ThemeIcon('circle-large-outline');
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    case 'stopped':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('charts.yellow'));
    default:
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  }
}

function runItemTooltip(run: RunItemRun, functionName: string, stoppedHere: boolean): vscode.MarkdownString {
  const lines = [
    `**${escape(functionName)}** · ${escape(runRowLabel(run))}`,
    `Run ID: \`${run.function_run_id}\``,
    `Status: ${escape(runStatusWord(run, stoppedHere))}${stoppedHere && run.status !== 'closed' ? ` (stopped from this window; the service says ${escape(run.status)})` : ''}`,
    `Started: ${run.created_at}`,
  ];
  if (isTerminalStatus(run.status)) lines.push(`Ended: ${run.updated_at}`);
  if (run.session_id) lines.push(`Session: \`${run.session_id}\``);
  if (run.local) lines.push('Ran locally');
  return new vscode.MarkdownString(lines.join('\n\n'));
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
