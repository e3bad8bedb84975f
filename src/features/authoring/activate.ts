import vscode = require('vscode');
import { Ctx } from '../../core/window';
import { deployedCodeFetcher } from './deployedCodeFetcher';
import { TracebackLinkProvider } from './tracebackLinks';

/**
 * What the author's loop needs once the window's services exist (the Ctx is built on the first
 * command or view): fetching deployed code quietly, traceback links in the Output channel and run
 * documents, and the moments that learn a linked function's latest version. The lenses and the
 * status bar need none of this (src/extension.ts loads them with the link store alone).
 */
export function activateAuthor(ctx: Ctx): void {
  const { links, deployedCode } = ctx.author;
  deployedCode.setFetcher(deployedCodeFetcher(ctx));
  ctx.track(vscode.languages.registerDocumentLinkProvider(TracebackLinkProvider.selector(), new TracebackLinkProvider(ctx.author.failures)));
  ctx.track(ctx.connection.onDidChange(() => links.serverChanged()));

  // The view read the functions anyway: a linked one with a newer version gets its code compared.
  ctx.track(
    ctx.functions.onDidChange(() => {
      for (const fn of ctx.functions.loadedFunctions()) {
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
}
