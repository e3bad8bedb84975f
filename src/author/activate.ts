import * as vscode from 'vscode';
import { Ctx } from '../ctx';
import { NotteDebugger, DEBUG_TYPE } from '../debug/notteDebug';
import { FunctionCodeLensProvider } from './codeLens';
import { deployedCodeFetcher } from './deployedCodeFetcher';
import { LinkStatusBar } from './linkStatusBar';
import { TracebackLinkProvider } from './tracebackLinks';

export interface AuthorFeatures {
  lenses: FunctionCodeLensProvider;
  statusBar: LinkStatusBar;
  debugger: NotteDebugger;
}

/**
 * The author's loop in the editor: lenses over run(...), the linked function in the status bar,
 * traceback links, and the `notte` debug type. Nothing here makes a request when a file opens;
 * the deployed code is fetched only after an action of the author's or a list the view already read.
 */
export function activateAuthor(ctx: Ctx): AuthorFeatures {
  const { links, deployedCode } = ctx.author;
  deployedCode.setFetcher(deployedCodeFetcher(ctx));

  const lenses = ctx.track(new FunctionCodeLensProvider(links, deployedCode));
  ctx.track(vscode.languages.registerCodeLensProvider({ language: 'python', scheme: 'file' }, lenses));
  const statusBar = ctx.track(new LinkStatusBar(links));
  ctx.track(vscode.languages.registerDocumentLinkProvider(TracebackLinkProvider.selector(), new TracebackLinkProvider(ctx.author.failures)));
  ctx.track(
    ctx.connection.onDidChange(() => {
      lenses.refresh();
      statusBar.update();
    }),
  );

  // The view read the functions anyway: a linked one with a newer version gets its code compared.
  ctx.track(
    ctx.tree.onDidChangeTreeData(() => {
      for (const fn of ctx.tree.loadedFunctions()) {
        if (fn.latest_version && links.filesOf(fn.function_id).length) void deployedCode.check(links.currentApiUrl, fn.function_id, fn.latest_version);
      }
    }),
  );
  // Saving a linked file is a moment to learn what it is compared with, once.
  ctx.track(
    vscode.workspace.onDidSaveTextDocument((document) => {
      const linked = document.languageId === 'python' ? links.linkOf(document.uri) : undefined;
      if (linked) void deployedCode.check(linked.link.apiUrl, linked.link.functionId);
    }),
  );

  const notteDebugger = ctx.track(new NotteDebugger(ctx));
  ctx.track(vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, notteDebugger));
  ctx.track(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, { provideDebugConfigurations: () => notteDebugger.provideDebugConfigurations() }, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
  );
  ctx.track(vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, notteDebugger));
  return { lenses, statusBar, debugger: notteDebugger };
}
