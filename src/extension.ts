import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { clearApiKey, setApiKey } from './commands/apiKey';
import { runFunction, runFunctionWithJson } from './commands/runFunction';
import { copyAs, copySnippetPicker, copyWebhookUrl } from './commands/snippets';
import { stopRun } from './commands/stopRun';
import { loadMore, refresh, retry } from './commands/tree';
import { activateStatusBar } from './views/statusBar';
import { openRun, RunDocumentProvider, RUN_SCHEME } from './views/runDocument';
import { TreeNode } from './views/treeNodes';

/** What `activate` hands to other extensions and to the in-editor tests. */
export interface NotteExtensionApi {
  readonly ready: Promise<void>;
  /** The tree's children as the view would show them (root when no element). */
  treeChildren(element?: TreeNode): Promise<TreeNode[]>;
  treeItem(element: TreeNode): vscode.TreeItem;
  /** The last lines written to the "Notte Functions" Output channel. */
  outputLines(): readonly string[];
  activeRunCount(): number;
  connectionBaseUrl(): string;
}

export function activate(context: vscode.ExtensionContext): NotteExtensionApi {
  const ctx = new Ctx(context);

  const view = ctx.track(vscode.window.createTreeView('notte.functions', { treeDataProvider: ctx.tree, showCollapseAll: true }));
  ctx.track(vscode.workspace.registerTextDocumentContentProvider(RUN_SCHEME, ctx.track(new RunDocumentProvider(ctx))));
  activateStatusBar(ctx);
  void view;

  ctx.registerCommand('notte.setApiKey', setApiKey);
  ctx.registerCommand('notte.clearApiKey', clearApiKey);
  ctx.registerCommand('notte.refresh', refresh);
  ctx.registerCommand('notte.loadMore', loadMore);
  ctx.registerCommand('notte.retry', retry);
  ctx.registerCommand('notte.runFunction', runFunction);
  ctx.registerCommand('notte.runFunctionWithJson', runFunctionWithJson);
  ctx.registerCommand('notte.stopRun', stopRun);
  ctx.registerCommand('notte.openRun', openRun);
  ctx.registerCommand('notte.copyAsCurl', copyAs('curl'));
  ctx.registerCommand('notte.copyAsJavaScript', copyAs('javascript'));
  ctx.registerCommand('notte.copyAsPython', copyAs('python'));
  ctx.registerCommand('notte.copyAsHttp', copyAs('http'));
  ctx.registerCommand('notte.copyVariablesJson', copyAs('variables'));
  ctx.registerCommand('notte.copySnippet', copySnippetPicker);
  ctx.registerCommand('notte.copyWebhookUrl', copyWebhookUrl);

  return {
    ready: Promise.resolve(),
    treeChildren: (element) => ctx.tree.getChildren(element),
    treeItem: (element) => ctx.tree.getTreeItem(element),
    outputLines: () => ctx.output.recentLines(),
    activeRunCount: () => ctx.activeRuns.count,
    connectionBaseUrl: () => ctx.connection.baseUrl,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
