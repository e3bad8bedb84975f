import vscode = require('vscode');
import { WindowContext } from '../../core/windowContext';
import { ContextKeys } from '../../shared/contributions';
import { endedByItself } from '../../shared/finishedRun';
import { deployedCodeFetcher } from './deployedCodeFetcher';
import { runFailuresPart } from './runFailures';
import { TracebackLinkProvider } from './tracebackLinks';

/**
 * What the author's loop needs once the window is in use (its first command, view or debug session):
 * the Problems entries of failed runs (from every run the launcher ends), traceback links in the Output
 * channel and run documents, fetching deployed code quietly, and the moments that learn a linked
 * function's latest version. The lenses and the link status bar need none of this (app/ loads them
 * with the link store alone).
 */
export function activateAuthoring(ctx: WindowContext): void {
  const { links, deployedCode } = ctx.linked;
  deployedCode.setFetcher(deployedCodeFetcher(ctx));
  ctx.track(vscode.languages.registerDocumentLinkProvider(TracebackLinkProvider.selector(), new TracebackLinkProvider(ctx.get(runFailuresPart))));
  ctx.track(ctx.connection.onDidChange(() => links.serverChanged()));

  // The view read the functions anyway: a linked one with a newer version gets its code compared.
  ctx.track(
    ctx.functions.onDidChange(() => {
      for (const fn of ctx.functions.loadedFunctions()) {
        if (fn.latest_version && links.filesOf(fn.function_id).length) void deployedCode.check(links.currentApiUrl, fn.function_id, fn.latest_version);
      }
    }),
  );
  // The walkthrough's Run step is done when a run ended by itself, not when the command was asked for.
  ctx.track(ctx.launcher.onDidFinishRun((run) => endedByItself(run) && void vscode.commands.executeCommand('setContext', ContextKeys.ranAFunction, true)));
  // Saving a linked file is a moment to learn what it is compared with, once.
  ctx.track(
    vscode.workspace.onDidSaveTextDocument((document) => {
      const linked = document.languageId === 'python' ? links.linkOf(document.uri) : undefined;
      if (linked) void deployedCode.check(linked.link.apiUrl, linked.link.functionId);
    }),
  );
}
