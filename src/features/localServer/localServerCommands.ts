import vscode = require('vscode');
import { WindowContext } from '../../core/windowContext';
import { LOCAL_PROFILE_NAME } from '../../core/profiles';
import { localServerPart } from './localServerManager';

/** `notte.startLocalServer(functionsDir?)`: starts (or finds running) this window's local server; answers its URL. */
export async function startServer(ctx: WindowContext, functionsDir?: unknown): Promise<string | undefined> {
  try {
    const server = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Starting the local Functions server' }, () =>
      ctx.get(localServerPart).start(typeof functionsDir === 'string' ? functionsDir : undefined),
    );
    void vscode.window.showInformationMessage(
      `Local Functions server running at ${server.url} with the functions of ${server.functionsDir}. The "${LOCAL_PROFILE_NAME}" profile is active.`,
    );
    return server.url;
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not start the local Functions server: ${(error as Error).message}`);
    return undefined;
  }
}

export async function stopServer(ctx: WindowContext): Promise<boolean> {
  const stopped = await ctx.get(localServerPart).stop();
  void vscode.window.showInformationMessage(stopped ? `Local Functions server stopped. Runs go to ${ctx.profiles.active().name} again.` : 'No local Functions server is running.');
  return stopped;
}
