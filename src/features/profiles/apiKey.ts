import vscode = require('vscode');
import { WindowContext } from '../../core/windowContext';
import { DEFAULT_PROFILE_ID } from '../../core/profiles';

/** `notte.setApiKey(key?)`: the key of the active profile (the default one: what NOTTE_API_KEY would be). */
export async function setApiKey(ctx: WindowContext, key?: unknown): Promise<boolean> {
  const profile = ctx.profiles.active();
  let value = typeof key === 'string' ? key : undefined;
  if (value === undefined) {
    value = await vscode.window.showInputBox({
      title: vscode.l10n.t('Notte API Key for {0}', profile.name),
      prompt: vscode.l10n.t("Your Notte API key (from the Notte console). It is kept in VS Code's secret storage."),
      placeHolder: vscode.l10n.t('sk-…'),
      password: true,
      ignoreFocusOut: true,
      validateInput: (text) => (text.trim() ? undefined : 'The key cannot be empty'),
    });
  }
  if (!value?.trim()) return false;
  await ctx.profiles.setKey(profile, value);
  void vscode.window.showInformationMessage(vscode.l10n.t('Notte API key saved in secret storage for {0}.', profile.name));
  return true;
}

export async function clearApiKey(ctx: WindowContext): Promise<void> {
  const profile = ctx.profiles.active();
  await ctx.profiles.clearKey(profile);
  const stillFromEnvironment = profile.id === DEFAULT_PROFILE_ID && (await ctx.keys.source()) === 'environment';
  void vscode.window.showInformationMessage(
    stillFromEnvironment ? 'Notte API key removed from secret storage. NOTTE_API_KEY from the environment is still used.' : 'Notte API key removed.',
  );
}
