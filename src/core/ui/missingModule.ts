import vscode = require('vscode');
import { MissingModule, missingModuleMessage, pipInstallCommand } from '../../shared/traceback';

export async function showMissingModule(python: string, missing: MissingModule): Promise<void> {
  const choice = await vscode.window.showErrorMessage(missingModuleMessage(python, missing), 'Copy Command', 'Choose Interpreter');
  if (choice === 'Copy Command') await vscode.env.clipboard.writeText(pipInstallCommand(python, missing.pipName));
  if (choice === 'Choose Interpreter') await vscode.commands.executeCommand('workbench.action.openSettings', 'notte.python.interpreter');
}
