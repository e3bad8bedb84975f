import * as vscode from 'vscode';
import { FunctionRun, functionLabel, NotteFunction, isTerminalStatus, runState } from '../api/types';
import { Commands } from '../names';
import { describeRun, describeVariable, formatAge, shortId } from './format';

/** The elements of the Functions tree. Each builds its own TreeItem; contextValue drives the menus. */
export type TreeNode = FunctionNode | RunNode | LoadMoreNode | ErrorNode | MessageNode;

export class FunctionNode {
  readonly kind = 'function';
  constructor(public fn: NotteFunction) {}

  get id(): string {
    return this.fn.function_id;
  }

  get label(): string {
    return functionLabel(this.fn);
  }

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `function:${this.id}`;
    item.contextValue = 'function';
    item.iconPath = new vscode.ThemeIcon('symbol-function');
    const variables = this.fn.variables ?? [];
    item.description = variables.length ? `(${variables.map((v) => v.name).join(', ')})` : '()';
    item.tooltip = functionTooltip(this.fn);
    // A click opens the function's page; the twistie (or the arrow keys) expands its runs.
    item.command = { command: Commands.openFunctionPage, title: 'Open Function Page', arguments: [this] };
    return item;
  }
}

/**
 * A run as the tree keeps it: everything but its log lines, which can run to millions and would stay in
 * memory for as long as the item is shown; their count is enough to see that a run moved on, and Open
 * Run fetches the lines themselves.
 */
export type RunSummary = Pick<FunctionRun, 'function_id' | 'function_run_id' | 'created_at' | 'updated_at' | 'status' | 'session_id' | 'variables' | 'result' | 'local'> & {
  logCount: number;
};

export function summarizeRun(run: FunctionRun): RunSummary {
  const { function_id, function_run_id, created_at, updated_at, status, session_id, variables, result, local } = run;
  return { function_id, function_run_id, created_at, updated_at, status, session_id, variables, result, local, logCount: run.logs?.length ?? 0 };
}

export class RunNode {
  readonly kind = 'run';
  private summary: RunSummary;
  constructor(run: FunctionRun, readonly functionName: string) {
    this.summary = summarizeRun(run);
  }

  get run(): RunSummary {
    return this.summary;
  }

  /** Takes the server's newer state of the run; answers whether anything the item shows changed. */
  update(run: FunctionRun): boolean {
    const next = summarizeRun(run);
    const changed = next.status !== this.summary.status || next.updated_at !== this.summary.updated_at || next.logCount !== this.summary.logCount;
    this.summary = next;
    return changed;
  }

  get id(): string {
    return this.run.function_run_id;
  }

  get functionId(): string {
    return this.run.function_id;
  }

  get active(): boolean {
    return !isTerminalStatus(this.run.status) && this.run.status !== 'created';
  }

  toTreeItem(now: number = Date.now()): vscode.TreeItem {
    const item = new vscode.TreeItem(shortId(this.id), vscode.TreeItemCollapsibleState.None);
    item.id = `run:${this.id}`;
    item.contextValue = `run.${runState(this.run.status)}${this.run.session_id ? '.session' : ''}`;
    item.iconPath = runIcon(this.run.status);
    item.description = describeRun(this.run, now);
    item.tooltip = runTooltip(this.run, this.functionName);
    item.command = { command: Commands.openRun, title: 'Open Run', arguments: [this] };
    return item;
  }
}

export class LoadMoreNode {
  readonly kind = 'loadMore';
  constructor(readonly parent: FunctionNode | undefined) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Load more…', vscode.TreeItemCollapsibleState.None);
    item.id = `loadMore:${this.parent?.id ?? 'functions'}`;
    item.contextValue = 'loadMore';
    item.iconPath = new vscode.ThemeIcon('ellipsis');
    item.command = { command: Commands.loadMore, title: 'Load More', arguments: [this] };
    return item;
  }
}

export class ErrorNode {
  readonly kind = 'error';
  constructor(readonly message: string, readonly parent: FunctionNode | undefined) {}

  toTreeItem(): vscode.TreeItem {
    const what = this.parent ? 'Could not load runs' : 'Could not load functions';
    const item = new vscode.TreeItem(what, vscode.TreeItemCollapsibleState.None);
    item.id = `error:${this.parent?.id ?? 'functions'}`;
    item.contextValue = 'error';
    item.description = this.message;
    item.tooltip = new vscode.MarkdownString(`**${what}**\n\n${escapeMarkdown(this.message)}\n\nClick to retry.`);
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
    item.command = { command: Commands.retry, title: 'Retry', arguments: [this] };
    return item;
  }
}

export class MessageNode {
  readonly kind = 'message';
  constructor(readonly text: string, readonly parent: FunctionNode | undefined) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.text, vscode.TreeItemCollapsibleState.None);
    item.id = `message:${this.parent?.id ?? 'root'}`;
    item.contextValue = 'message';
    item.iconPath = new vscode.ThemeIcon('info');
    return item;
  }
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
  const lines = [
    `**${escapeMarkdown(functionName)}** run \`${run.function_run_id}\``,
    `Status: ${run.status}`,
    `Started: ${run.created_at}`,
  ];
  if (isTerminalStatus(run.status)) lines.push(`Ended: ${run.updated_at}`);
  if (run.session_id) lines.push(`Session: \`${run.session_id}\``);
  if (run.local) lines.push('Ran locally');
  return new vscode.MarkdownString(lines.join('\n\n'));
}

export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
