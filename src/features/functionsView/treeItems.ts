// How each node of the Functions tree is drawn: label, icon, description, tooltip, and the
// contextValue the menus of package.json match on.
import vscode = require('vscode');
import { functionLabel, NotteFunction } from '../../api/types';
import { Commands } from '../../shared/contributions';
import { describeVariable } from '../../shared/format';
import { formatAge, formatDateTime } from '../../shared/time';
import { escapeMarkdown } from '../../shared/markdown';
import { untrustedMarkdown } from './tooltip';
import { ActionNode } from '../../core/functions/viewProblem';
import { runTreeItem } from './runItem';
import { ErrorNode, FunctionNode, LoadMoreNode, MessageNode, RunNode, TreeNode } from '../../core/functions/nodes';

/** `stoppedHere`: this window stopped the run, so it reads "stopped" even where the service says failed. */
export function toTreeItem(node: TreeNode, now: number = Date.now(), stoppedHere = false): vscode.TreeItem {
  switch (node.kind) {
    case 'function':
      return functionItem(node);
    case 'run':
      return runItem(node, now, stoppedHere);
    case 'loadMore':
      return loadMoreItem(node);
    case 'error':
      return errorItem(node);
    case 'message':
      return messageItem(node);
    case 'action':
      return actionItem(node);
  }
}

function functionItem(node: FunctionNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `function:${node.id}`;
  item.contextValue = 'function';
  item.iconPath = new vscode.ThemeIcon('symbol-function');
  const variables = node.fn.variables ?? [];
  item.description = variables.length ? `(${variables.map((v) => v.name).join(', ')})` : '()';
  item.tooltip = functionTooltip(node.fn);
  // A click opens the function's page; the twistie (or the arrow keys) expands its runs.
  item.command = { command: Commands.openFunctionPage, title: 'Open Function Page', arguments: [node] };
  return item;
}

function runItem(node: RunNode, now: number, stoppedHere: boolean): vscode.TreeItem {
  // The row's label, description, icon and tooltip: runItem.ts (issue 14).
  const item = runTreeItem(node.run, node.functionName, stoppedHere, now);
  item.command = { command: Commands.openRun, title: 'Open Run', arguments: [node] };
  return item;
}

function loadMoreItem(node: LoadMoreNode): vscode.TreeItem {
  const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
  item.id = `loadMore:${node.parent?.id ?? 'functions'}`;
  item.contextValue = 'loadMore';
  item.iconPath = new vscode.ThemeIcon('ellipsis');
  item.command = { command: Commands.loadMore, title: 'Load More', arguments: [node] };
  return item;
}

function errorItem(node: ErrorNode): vscode.TreeItem {
  const what = node.parent ? 'Could not load runs' : 'Could not load functions';
  const item = new vscode.TreeItem(what, vscode.TreeItemCollapsibleState.None);
  item.id = `error:${node.parent?.id ?? 'functions'}`;
  item.contextValue = 'error';
  item.description = node.message;
  item.tooltip = untrustedMarkdown(`**${what}**\n\n${escapeMarkdown(node.message)}\n\nClick to retry.`);
  item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
  item.command = { command: Commands.retry, title: 'Retry', arguments: [node] };
  return item;
}

function messageItem(node: MessageNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
  item.id = `message:${node.parent?.id ?? 'root'}`;
  item.contextValue = 'message';
  item.iconPath = new vscode.ThemeIcon('info');
  return item;
}

function actionItem(node: ActionNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.action.label, vscode.TreeItemCollapsibleState.None);
  item.id = `action:${node.action.command}`;
  item.contextValue = 'action';
  item.iconPath = new vscode.ThemeIcon(node.action.icon);
  item.command = { command: node.action.command, title: node.action.label, arguments: node.action.arguments };
  return item;
}

function functionTooltip(fn: NotteFunction): vscode.MarkdownString {
  const lines = [`**${escapeMarkdown(functionLabel(fn))}**`, ''];
  if (fn.description) lines.push(escapeMarkdown(fn.description), '');
  lines.push(`ID: ${escapeMarkdown(fn.function_id)}`);
  if (fn.latest_version) lines.push(`Version: ${escapeMarkdown(fn.latest_version)}${fn.versions?.length ? ` (${fn.versions.length} in all)` : ''}`);
  if (fn.updated_at) lines.push(`Updated: ${formatAge(fn.updated_at)} (${escapeMarkdown(formatDateTime(fn.updated_at))})`);
  const variables = fn.variables ?? [];
  if (variables.length) {
    lines.push('', 'Variables:');
    for (const variable of variables) lines.push(`- ${escapeMarkdown(describeVariable(variable))}`);
  } else {
    lines.push('', 'No variables.');
  }
  return untrustedMarkdown(lines.join('\n\n').replace(/\n\n- /g, '\n- '));
}
