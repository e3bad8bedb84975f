// How each node of the Functions tree is drawn: label, icon, description, tooltip, and the
// contextValue the menus of package.json match on.
import * as vscode from 'vscode';
import { functionLabel, isTerminalStatus, NotteFunction, runState } from '../api/types';
import { Commands } from '../names';
import { describeRun, describeVariable, formatAge, shortId } from './format';
import { ErrorNode, FunctionNode, LoadMoreNode, MessageNode, RunNode, RunSummary, TreeNode } from './treeNodes';

export function toTreeItem(node: TreeNode, now: number = Date.now()): vscode.TreeItem {
  switch (node.kind) {
    case 'function':
      return functionItem(node);
    case 'run':
      return runItem(node, now);
    case 'loadMore':
      return loadMoreItem(node);
    case 'error':
      return errorItem(node);
    case 'message':
      return messageItem(node);
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

function runItem(node: RunNode, now: number): vscode.TreeItem {
  const item = new vscode.TreeItem(shortId(node.id), vscode.TreeItemCollapsibleState.None);
  item.id = `run:${node.id}`;
  item.contextValue = `run.${runState(node.run.status)}${node.run.session_id ? '.session' : ''}`;
  item.iconPath = runIcon(node.run.status);
  item.description = describeRun(node.run, now);
  item.tooltip = runTooltip(node.run, node.functionName);
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
  item.tooltip = new vscode.MarkdownString(`**${what}**\n\n${escapeMarkdown(node.message)}\n\nClick to retry.`);
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

function runIcon(status: string): vscode.ThemeIcon {
  switch (runState(status)) {
    case 'active':
      return new vscode.ThemeIcon('sync~spin', new vscode.ThemeColor('charts.blue'));
    case 'created':
      return new vscode.ThemeIcon('circle-large-outline');
    case 'failed':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    default:
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  }
}

function functionTooltip(fn: NotteFunction): vscode.MarkdownString {
  const lines = [`**${escapeMarkdown(functionLabel(fn))}**`, ''];
  if (fn.description) lines.push(escapeMarkdown(fn.description), '');
  lines.push(`ID: \`${fn.function_id}\``);
  if (fn.latest_version) lines.push(`Version: ${escapeMarkdown(fn.latest_version)}${fn.versions?.length ? ` (${fn.versions.length} in all)` : ''}`);
  if (fn.updated_at) lines.push(`Updated: ${formatAge(fn.updated_at)} (${fn.updated_at})`);
  const variables = fn.variables ?? [];
  if (variables.length) {
    lines.push('', 'Variables:');
    for (const variable of variables) lines.push(`- \`${describeVariable(variable).replace(/`/g, "'")}\``);
  } else {
    lines.push('', 'No variables.');
  }
  return new vscode.MarkdownString(lines.join('\n\n').replace(/\n\n- /g, '\n- '));
}

function runTooltip(run: RunSummary, functionName: string): vscode.MarkdownString {
  const lines = [`**${escapeMarkdown(functionName)}** run \`${run.function_run_id}\``, `Status: ${run.status}`, `Started: ${run.created_at}`];
  if (isTerminalStatus(run.status)) lines.push(`Ended: ${run.updated_at}`);
  if (run.session_id) lines.push(`Session: \`${run.session_id}\``);
  if (run.local) lines.push('Ran locally');
  return new vscode.MarkdownString(lines.join('\n\n'));
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
