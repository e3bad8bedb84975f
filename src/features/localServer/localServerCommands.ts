import vscode = require('vscode');
import { WindowContext } from '../../core/windowContext';
import { LOCAL_PROFILE_NAME } from '../../core/profiles';
import { localServerPart } from './localServerManager';
import { isLoopbackUrl } from '../../shared/loopback';

/** `notte.startLocalServer(functionsDir?)`: starts (or finds running) this window's local server; answers its URL. */
export async function startServer(ctx: WindowContext, functionsDir?: unknown): Promise<string | undefined> {
  // A server of this machine that is not this window's (the demo's, one started by hand): its runs are its own.
  const other = !ctx.profiles.isLocal() && isLoopbackUrl(ctx.connection.baseUrl) ? ctx.connection.baseUrl : undefined;
  try {
    const manager = ctx.get(localServerPart);
    const server = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Starting the local Functions server') }, () =>
      manager.start(typeof functionsDir === 'string' ? functionsDir : undefined),
    );
    // A folder without a function file yet gets the examples: a new file there is not served until Deployed, or the server restarted.
    const started = manager.servesExamples(server)
      ? vscode.l10n.t(
          'Local Functions server running at {0} with the bundled examples{1}. The "{2}" profile is active.',
          server.url,
          !vscode.workspace.workspaceFolders?.length
            ? ''
            : vscode.workspace.isTrusted
              ? vscode.l10n.t(' (no function file in the workspace yet: Deploy one to add it, or stop and start the server once there is one)')
              : vscode.l10n.t(" (Restricted Mode: the workspace's files are not run until you trust it)"),
          LOCAL_PROFILE_NAME,
        )
      : vscode.l10n.t('Local Functions server running at {0} with the functions of {1}. The "{2}" profile is active.', server.url, server.functionsDir, LOCAL_PROFILE_NAME);
    // Even on the port the other server had (free once it died): the runs listed are this one's.
    const elsewhere = other ? ' ' + vscode.l10n.t('It keeps runs of its own: those of the server that was at {0} show again when that server runs instead.', other) : '';
    void vscode.window.showInformationMessage(started + elsewhere);
    return server.url;
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not start the local Functions server: {0}', (error as Error).message));
    return undefined;
  }
}

export async function stopServer(ctx: WindowContext): Promise<boolean> {
  if (!(await confirmStopWithRuns(ctx))) return false;
  const stopped = await ctx.get(localServerPart).stop();
  void vscode.window.showInformationMessage(stopped ? `Local Functions server stopped. Runs go to ${ctx.profiles.active().name} again.` : 'No local Functions server is running.');
  return stopped;
}

/** Stopping the server ends the runs on it: asked first while runs this window started on it are going. */
async function confirmStopWithRuns(ctx: WindowContext): Promise<boolean> {
  const server = ctx.get(localServerPart).server;
  // The runs on this server, whichever profile is in use now (not those sent to the cloud before it started).
  const going = ctx.activeRuns.all().filter((run) => run.baseUrl === server?.url).length;
  if (!server || !going) return true;
  const stop = vscode.l10n.t('Stop Server');
  const choice = await vscode.window.showWarningMessage(
    going === 1
      ? vscode.l10n.t('A run started from this window is still going on the local Functions server. Stop the server anyway?')
      : vscode.l10n.t('{0} runs started from this window are still going on the local Functions server. Stop the server anyway?', going),
    { modal: true, detail: vscode.l10n.t('Runs on the server end with it, and their browser sessions close.') },
    stop,
  );
  return choice === stop;
}
