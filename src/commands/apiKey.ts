import * as vscode from 'vscode';
import { Ctx } from '../ctx';
import { Commands } from '../names';

export async function setApiKey(ctx: Ctx, key?: unknown): Promise<boolean> {
  let value = typeof key === 'string' ? key : undefined;
  if (value === undefined) {
    value = await vscode.window.showInputBox({
      title: 'Notte API Key',
      prompt: 'Your Notte API key (from the Notte console). It is kept in VS Code\'s secret storage.',
      placeHolder: 'sk-…',
      password: true,
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() ? undefined : 'The key cannot be empty'),
    });
  }
  if (!value?.trim()) return false;
  await ctx.keys.set(value);
  void vscode.window.showInformationMessage('Notte API key saved in secret storage.');
  return true;
}

export async function clearApiKey(ctx: Ctx): Promise<void> {
  await ctx.keys.clear();
  const stillFromEnvironment = (await ctx.keys.source()) === 'environment';
  void vscode.window.showInformationMessage(
    stillFromEnvironment ? 'Notte API key removed from secret storage. NOTTE_API_KEY from the environment is still used.' : 'Notte API key removed.',
  );
}

/** Run by the command pipeline before every command declared `needsKey`; with no key it offers to set one. */
export async function ensureApiKey(ctx: Ctx): Promise<boolean> {
  if (await ctx.connection.hasApiKey()) return true;
  const choice = await vscode.window.showWarningMessage('No Notte API key is set.', 'Set API Key', 'Start Local Server');
  if (choice === 'Set API Key') return (await vscode.commands.executeCommand<boolean>(Commands.setApiKey)) === true;
  if (choice === 'Start Local Server') {
    await vscode.commands.executeCommand(Commands.startLocalServer);
    return ctx.connection.hasApiKey();
  }
  return false;
}
