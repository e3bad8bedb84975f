import vscode = require('vscode');
import { WindowContext } from '../../core/windowContext';
import { Commands, ContextKeys } from '../../shared/contributions';
import { isLoopbackUrl } from '../../shared/loopback';
import { clockTime } from '../../shared/time';

/**
 * Which profile the window uses, where people look: a status-bar item (a click switches) and the
 * Functions view's description. `notte.profileIsLocal` lets menus and welcome content offer the
 * local server's own actions. A server that stopped answering (its last connection refused) shows on
 * the item, until it answers again.
 */
export function activateProfileStatus(ctx: WindowContext, view: vscode.TreeView<unknown>): void {
  const item = ctx.track(vscode.window.createStatusBarItem('notte.profile', vscode.StatusBarAlignment.Left, 11));
  item.name = 'Notte Functions: profile';
  item.command = Commands.switchProfile;
  const update = () => {
    const profile = ctx.profiles.active();
    const host = profile.apiUrl.replace(/^https?:\/\//, '');
    const local = ctx.profiles.isLocal(profile);
    // A server of this machine, the extension's own or one the settings point at, is not the cloud.
    const unreachable = ctx.connection.unreachable;
    const icon = unreachable ? '$(debug-disconnect)' : local || isLoopbackUrl(profile.apiUrl) ? '$(server-process)' : '$(cloud)';
    item.text = `${icon} Notte: ${profile.name}`;
    item.tooltip = unreachable
      ? `Notte profile: ${profile.name} (${host}): not reachable since ${clockTime(unreachable.at)} (${unreachable.why}). Click to switch profiles.`
      : `Notte profile: ${profile.name} (${host}). Click to switch profiles.`;
    item.backgroundColor = unreachable ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
    view.description = profile.name;
    void vscode.commands.executeCommand('setContext', ContextKeys.profileIsLocal, local);
  };
  ctx.track(ctx.profiles.onDidChange(update));
  ctx.track(ctx.connection.onDidChangeReachability(update));
  // The default profile's name and URL follow the settings.
  ctx.track(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('notte.apiUrl')) update();
    }),
  );
  update();
}
