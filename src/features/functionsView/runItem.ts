import vscode = require('vscode');
import { isTerminalStatus } from '../../api/types';
import { escapeMarkdown } from '../../shared/markdown';
import { runRowDescription, runRowLabel, RunRowRun, ShownRunState, shownRunState, shownStateNote } from '../../shared/runs';
import { formatDateTime } from '../../shared/time';
import { untrustedMarkdown } from './tooltip';

/** What the tree item of a run needs to know of it. */
export type RunItemRun = RunRowRun & { function_run_id: string; session_id?: string | null };

/**
 * A run's row: its start time as the label, how it went as the description, the id in the tooltip.
 * Its icon, its text and its menus (contextValue `run.<state>`) all follow the one rule of
 * shared/runs.ts, so a run stopped from here never spins or offers Stop while it says "stopped".
 */
export function runTreeItem(run: RunItemRun, functionName: string, stoppedHere: boolean, now: number = Date.now()): vscode.TreeItem {
  const item = new vscode.TreeItem(runRowLabel(run, now), vscode.TreeItemCollapsibleState.None);
  const state = shownRunState(run, stoppedHere);
  item.id = `run:${run.function_run_id}`;
  item.contextValue = `run.${state}${run.session_id ? '.session' : ''}`;
  item.iconPath = runItemIcon(state);
  item.description = runRowDescription(run, stoppedHere, now);
  item.tooltip = runItemTooltip(run, functionName, state);
  return item;
}

function runItemIcon(state: ShownRunState): vscode.ThemeIcon {
  switch (state) {
    case 'active':
      return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue'));
    case 'created':
      return new vscode.ThemeIcon('circle-large-outline');
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    case 'stopped':
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('charts.yellow'));
    case 'closed':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  }
}

function runItemTooltip(run: RunItemRun, functionName: string, state: ShownRunState): vscode.MarkdownString {
  const note = shownStateNote(run, state);
  const lines = [
    `**${escapeMarkdown(functionName)}** · ${escapeMarkdown(runRowLabel(run))}`,
    `Run ID: ${escapeMarkdown(run.function_run_id)}`,
    `Status: ${escapeMarkdown(state)}${note ? ` (${escapeMarkdown(note)})` : ''}`,
    `Started: ${escapeMarkdown(formatDateTime(run.created_at))}`,
  ];
  if (isTerminalStatus(run.status)) lines.push(`Ended: ${escapeMarkdown(formatDateTime(run.updated_at))}`);
  if (run.session_id) lines.push(`Session: ${escapeMarkdown(run.session_id)}`);
  if (run.local) lines.push('Ran locally');
  return untrustedMarkdown(lines.join('\n\n'));
}
