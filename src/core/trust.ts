import vscode = require('vscode');

/**
 * Whether the workspace's own code may run (its Python files, on this machine): only in a trusted
 * workspace. In Restricted Mode the user is told why nothing ran and how to trust the folder.
 */
export function workspaceCodeMayRun(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window
    .showWarningMessage(
      vscode.l10n.t("{0} runs this workspace's Python code, which Restricted Mode does not allow. Trust the workspace to run it.", what),
      'Manage Workspace Trust',
    )
    .then((choice) => (choice ? vscode.commands.executeCommand('workbench.trust.manage') : undefined));
  return false;
}
