import vscode = require('vscode');
import { Commands } from '../shared/contributions';
import type { WindowContext } from './windowContext';

/** A key the active profile has: what a command that talks to the server receives (app/commandTable.ts `keyed`). */
export type ApiKey = string & { readonly __apiKey: unique symbol };

/**
 * The active profile's key; without one, offers to set one or to start the local server, and answers
 * the key that then exists (undefined when the user declined). Run before every command declared
 * `keyed` and wherever else a server is about to be asked (the page's Run).
 */
export async function ensureApiKey(ctx: WindowContext): Promise<ApiKey | undefined> {
  const key = await ctx.connection.apiKey();
  if (key) return key as ApiKey;
  // The "Local server" profile's key is its server's, made at each start: no key to set, a server to start.
  if (ctx.profiles.isLocal()) {
    const start = await vscode.window.showWarningMessage(vscode.l10n.t('The local Functions server is not running: start it to run here.'), 'Start Local Server', 'Switch Profile');
    if (start === 'Switch Profile') await vscode.commands.executeCommand(Commands.switchProfile);
    if (start === 'Start Local Server') await vscode.commands.executeCommand(Commands.startLocalServer);
    return start ? ((await ctx.connection.apiKey()) as ApiKey | undefined) : undefined;
  }
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('No API key is set for {0}: set one, or start the local Functions server to run offline.', ctx.connection.label),
    'Set API Key',
    'Start Local Server',
  );
  if (choice === 'Set API Key') await vscode.commands.executeCommand<boolean>(Commands.setApiKey);
  if (choice === 'Start Local Server') await vscode.commands.executeCommand(Commands.startLocalServer);
  return choice ? ((await ctx.connection.apiKey()) as ApiKey | undefined) : undefined;
}
