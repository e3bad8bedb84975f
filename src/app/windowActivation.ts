// What shows the window's state as soon as it is in use (app/windowLoader.ts): loaded with the
// window's context, never at activation.
import type vscode = require('vscode');
import type { WindowContext } from '../core/windowContext';

export async function activateWindow(ctx: WindowContext, view: vscode.TreeView<unknown>): Promise<void> {
  const [{ activateActiveRunsStatus }, { activateViewMessage }, { activateProfileStatus }, { activateAuthoring }] = await Promise.all([
    import('../features/functionsView/activeRunsStatus'),
    import('../features/functionsView/viewMessage'),
    import('../features/profiles/profileStatus'),
    import('../features/authoring/activate'),
  ]);
  activateActiveRunsStatus(ctx);
  activateViewMessage(ctx, view);
  activateProfileStatus(ctx, view);
  activateAuthoring(ctx);
}
