import * as vscode from 'vscode';
import { Ctx } from './ctx';
import { clearApiKey, setApiKey } from './commands/apiKey';
import { runFunction, runFunctionWithJson } from './commands/runFunction';
import { copyAs, copySnippetPicker, copyWebhookUrl } from './commands/snippets';
import { stopRun } from './commands/stopRun';
import { loadMore, refresh, retry } from './commands/tree';
import { checkRunStatus, copyRunId, createRun, startCreatedRun } from './commands/asyncRuns';
import { runBatchCommand } from './commands/batch';
import { forgetDecryptionKey, runFileLocally, runLocally } from './commands/localRun';
import { LocalServerManager, startLocalServer, stopLocalServer } from './commands/localServer';
import { openLiveSession, openReplay } from './commands/sessions';
import { removeSchedule, schedule } from './commands/schedule';
import { updateFunctionCode, uploadFunction } from './commands/upload';
import { activateStatusBar } from './views/statusBar';
import { openRun, RunDocumentProvider, RUN_SCHEME } from './views/runDocument';
import { TreeNode } from './views/treeNodes';
import { loadedFunctionPages, openFunctionPage, registerFunctionPageSerializer } from './commands/functionPage';

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
  /** Keeps a function's decryption key in secret storage, as Run Locally does after asking. */
  storeDecryptionKey(functionId: string, key: string): Promise<void>;
  /** The URL of the local Functions server this window started, if any. */
  localServerUrl(): string | undefined;
  /** For the in-editor tests: a function's open page (undefined until a page was ever opened). */
  functionPage(functionId: string): import('./page/functionPage').FunctionPage | undefined;
}

export function activate(context: vscode.ExtensionContext): NotteExtensionApi {
  const ctx = new Ctx(context);

  ctx.track(vscode.window.createTreeView('notte.functions', { treeDataProvider: ctx.tree, showCollapseAll: true }));
  ctx.track(vscode.workspace.registerTextDocumentContentProvider(RUN_SCHEME, ctx.track(new RunDocumentProvider(ctx))));
  activateStatusBar(ctx);

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
  ctx.registerCommand('notte.copyRunId', copyRunId);
  ctx.registerCommand('notte.createRun', createRun);
  ctx.registerCommand('notte.startCreatedRun', startCreatedRun);
  ctx.registerCommand('notte.checkRunStatus', checkRunStatus);
  ctx.registerCommand('notte.runBatch', runBatchCommand);
  ctx.registerCommand('notte.openLiveSession', openLiveSession);
  ctx.registerCommand('notte.openReplay', openReplay);
  ctx.registerCommand('notte.schedule', schedule);
  ctx.registerCommand('notte.removeSchedule', removeSchedule);
  ctx.registerCommand('notte.uploadFunction', uploadFunction);
  ctx.registerCommand('notte.updateFunctionCode', updateFunctionCode);
  ctx.registerCommand('notte.runLocally', runLocally);
  ctx.registerCommand('notte.runFileLocally', runFileLocally);
  ctx.registerCommand('notte.forgetDecryptionKey', forgetDecryptionKey);
  ctx.registerCommand('notte.openFunctionPage', openFunctionPage);
  registerFunctionPageSerializer(ctx);

  const localServer = ctx.track(new LocalServerManager(ctx));
  ctx.registerCommand('notte.startLocalServer', startLocalServer(localServer));
  ctx.registerCommand('notte.stopLocalServer', stopLocalServer(localServer));

  return {
    ready: Promise.resolve(),
    treeChildren: (element) => ctx.tree.getChildren(element),
    treeItem: (element) => ctx.tree.getTreeItem(element),
    outputLines: () => ctx.output.recentLines(),
    activeRunCount: () => ctx.activeRuns.count,
    connectionBaseUrl: () => ctx.connection.baseUrl,
    localServerUrl: () => localServer.server?.url,
    storeDecryptionKey: async (functionId, key) => ctx.decryptionKeys.set(functionId, key),
    functionPage: (functionId) => loadedFunctionPages()?.find(functionId),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
