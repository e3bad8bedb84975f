// The Get Started walkthrough opens by itself once, at the first activation after the extension is
// installed in a profile (a flag in globalState; activation comes with the first use: the Notte view,
// a Python file, a workspace with saved sets, never with the window alone), never again: Help: Get Started (or Notte's entry in
// Welcome) shows it when asked. VS Code's own `workbench.welcomePage.walkthroughs.openOnInstall` turned
// off means the user does not want walkthroughs opened for them: then it stays closed.
import vscode = require('vscode');
import { WALKTHROUGH_ID, WALKTHROUGH_SHOWN } from '../shared/contributions';

/** The walkthrough's id as VS Code's openWalkthrough command takes it. */
export function walkthroughId(context: vscode.ExtensionContext): string {
  return `${context.extension.id}#${WALKTHROUGH_ID}`;
}

export async function openWalkthroughOnce(context: vscode.ExtensionContext): Promise<boolean> {
  if (context.globalState.get<boolean>(WALKTHROUGH_SHOWN)) return false;
  // The extension's own tests open it when they mean to, not at every start of their VS Code.
  if (context.extensionMode === vscode.ExtensionMode.Test) return false;
  await context.globalState.update(WALKTHROUGH_SHOWN, true);
  if (!vscode.workspace.getConfiguration('workbench.welcomePage').get<boolean>('walkthroughs.openOnInstall', true)) return false;
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthroughId(context), false);
  return true;
}
