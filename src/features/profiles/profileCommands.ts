import vscode = require('vscode');
import { WindowContext } from '../../core/windowContext';
import { Commands } from '../../shared/contributions';
import { DEFAULT_PROFILE_ID, Profile } from '../../core/profiles';

interface ProfilePick extends vscode.QuickPickItem {
  action: 'switch' | 'add' | 'remove' | 'key';
  profile?: Profile;
}

function host(url: string): string {
  return url.replace(/^https?:\/\//, '');
}

/**
 * `notte.switchProfile(idOrName?)`: with an argument it switches at once (scripts, tests); without, a
 * quick pick lists the profiles and offers to add one, remove one, or set the active one's key.
 */
export async function switchProfile(ctx: WindowContext, target?: unknown): Promise<string | undefined> {
  const profiles = ctx.profiles;
  if (typeof target === 'string' && target) {
    const profile = profiles.list().find((p) => p.id === target || p.name === target);
    if (!profile) {
      void vscode.window.showErrorMessage(vscode.l10n.t('No Notte profile named "{0}".', target));
      return undefined;
    }
    return (await profiles.activate(profile.id)).id;
  }
  const active = profiles.active();
  const items: ProfilePick[] = [];
  for (const profile of profiles.list()) {
    const hasKey = (await profiles.key(profile)) !== undefined;
    items.push({
      label: `${profile.id === active.id ? '$(check)' : '$(blank)'} ${profile.name}`,
      description: host(profile.apiUrl),
      detail: hasKey ? undefined : 'no API key yet',
      action: 'switch',
      profile,
    });
  }
  items.push(
    { label: '', kind: vscode.QuickPickItemKind.Separator, action: 'switch' },
    { label: '$(add) Add Profile…', description: 'a name, an API URL and its key', action: 'add' },
    { label: `$(key) Set API Key of ${active.name}…`, action: 'key' },
  );
  if (profiles.list().length > 1) items.push({ label: '$(trash) Remove a Profile…', action: 'remove' });
  const choice = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Notte Profile'),
    placeHolder: vscode.l10n.t('Runs go to {0} ({1})', active.name, host(active.apiUrl)),
  });
  if (!choice) return undefined;
  if (choice.action === 'add') return vscode.commands.executeCommand<string | undefined>(Commands.addProfile);
  if (choice.action === 'key') {
    await vscode.commands.executeCommand(Commands.setApiKey);
    return active.id;
  }
  if (choice.action === 'remove') return removeProfile(ctx);
  if (!choice.profile) return undefined;
  const switched = await profiles.activate(choice.profile.id);
  if ((await profiles.key(switched)) === undefined) {
    void vscode.window.showWarningMessage(vscode.l10n.t('{0} has no API key yet.', switched.name), 'Set API Key').then((answer) => {
      if (answer) void vscode.commands.executeCommand(Commands.setApiKey);
    });
  }
  return switched.id;
}

/** `notte.addProfile({ name, apiUrl, key }?)`: asks for what is missing, stores the key as a secret, switches to it. */
export async function addProfile(ctx: WindowContext, given?: unknown): Promise<string | undefined> {
  const args = (given && typeof given === 'object' ? given : {}) as { name?: unknown; apiUrl?: unknown; key?: unknown; activate?: unknown };
  const name =
    typeof args.name === 'string'
      ? args.name
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Add Notte Profile (1/3)'),
          prompt: vscode.l10n.t('A name for the profile'),
          placeHolder: vscode.l10n.t('Staging'),
          ignoreFocusOut: true,
          validateInput: (v) => (v.trim() ? undefined : 'The name cannot be empty'),
        });
  if (!name?.trim()) return undefined;
  const apiUrl =
    typeof args.apiUrl === 'string'
      ? args.apiUrl
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Add Notte Profile (2/3)'),
          prompt: vscode.l10n.t('The API URL of {0}', name),
          value: 'https://',
          ignoreFocusOut: true,
          validateInput: validateUrl,
        });
  if (!apiUrl || validateUrl(apiUrl)) {
    if (apiUrl) void vscode.window.showErrorMessage(vscode.l10n.t('Profile not added: {0}', validateUrl(apiUrl) ?? ''));
    return undefined;
  }
  const key =
    typeof args.key === 'string'
      ? args.key
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('Add Notte Profile (3/3)'),
          prompt: vscode.l10n.t("The API key of {0} (kept in VS Code's secret storage)", name),
          password: true,
          ignoreFocusOut: true,
        });
  if (key === undefined) return undefined;
  const profile = await ctx.profiles.save({ name: name.trim(), apiUrl: apiUrl.trim() }, key || undefined);
  if (args.activate !== false) await ctx.profiles.activate(profile.id);
  return profile.id;
}

/** `notte.removeProfile(id?)`: the default profile (the settings) cannot be removed. */
export async function removeProfile(ctx: WindowContext, target?: unknown): Promise<string | undefined> {
  let id = typeof target === 'string' ? target : undefined;
  if (!id) {
    const picks = ctx.profiles
      .list()
      .filter((p) => p.id !== DEFAULT_PROFILE_ID)
      .map((p) => ({ label: p.name, description: host(p.apiUrl), id: p.id }));
    id = (await vscode.window.showQuickPick(picks, { title: vscode.l10n.t('Remove Notte Profile'), placeHolder: vscode.l10n.t('Its key is deleted from secret storage too') }))?.id;
  }
  if (!id || id === DEFAULT_PROFILE_ID) return undefined;
  await ctx.profiles.remove(id);
  return id;
}

function validateUrl(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    return url.protocol === 'http:' || url.protocol === 'https:' ? undefined : 'The URL must start with http:// or https://';
  } catch {
    return 'Not a URL, like https://api.notte.cc';
  }
}
