import vscode = require('vscode');
import { MissingModule, pipInstallCommand } from '../../shared/traceback';

/** The one message a run or debug session ends with when an import failed: module, interpreter, command. */
export function missingModuleMessage(python: string, missing: MissingModule): string {
  return `The function imports ${missing.module}, which ${python} cannot find. Install it with: ${pipInstallCommand(python, missing.pipName)}`;
}

export async function showMissingModule(python: string, missing: MissingModule): Promise<void> {
  const choice = await vscode.window.showErrorMessage(missingModuleMessage(python, missing), 'Copy Command', 'Choose Interpreter');
  if (choice === 'Copy Command') await vscode.env.clipboard.writeText(pipInstallCommand(python, missing.pipName));
  if (choice === 'Choose Interpreter') await vscode.commands.executeCommand('workbench.action.openSettings', 'notte.python.interpreter');
}
