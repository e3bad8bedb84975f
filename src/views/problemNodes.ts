import * as vscode from 'vscode';
import { ProblemAction } from './loadProblem';

/** A row of the view's error state that runs one action (Retry, Start Local Functions Server…). */
export class ActionNode {
  readonly kind = 'action';
  readonly parent = undefined;
  constructor(readonly action: ProblemAction) {}

  toTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.action.label, vscode.TreeItemCollapsibleState.None);
    item.id = `action:${this.action.command}`;
    item.contextValue = 'action';
    item.iconPath = new vscode.ThemeIcon(this.action.icon);
    item.command = { command: this.action.command, title: this.action.label, arguments: this.action.arguments };
    return item;
  }
}
