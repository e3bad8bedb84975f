// When the interpreter cannot import debugpy (debugpy's adapter would then wait forever): say so once,
// and offer what fixes it — install debugpy into that interpreter, or choose another that has it.
import fs = require('fs');
import path = require('path');
import vscode = require('vscode');
import { checkDebugpy } from '../../python/debugpyCheck';
import { pipInstallCommand } from '../../shared/traceback';
import type { WindowContext } from '../../core/windowContext';

const INSTALL = 'Install debugpy';
const CHOOSE = 'Choose Interpreter…';
const COPY = 'Copy Command';

/** Says why Debug cannot start (Output and a notification with the fixes); answers the message. */
export function offerDebugpy(ctx: WindowContext, python: string, reason: string, resource: vscode.Uri): string {
  const command = pipInstallCommand(python, 'debugpy');
  const message =
    `Debugging needs debugpy, which ${python} cannot import (${reason}). Install it with: ${command}` +
    (process.platform === 'linux' ? ' (on Debian or Ubuntu, the python3-debugpy package gives it to /usr/bin/python3)' : '');
  ctx.output.error(message);
  void vscode.window.showErrorMessage(message, INSTALL, CHOOSE, COPY).then(async (choice) => {
    if (choice === COPY) await vscode.env.clipboard.writeText(command);
    if (choice === INSTALL) installDebugpy(python, command);
    if (choice === CHOOSE) await chooseDebugInterpreter(python, resource);
  });
  return message;
}

/** Runs pip in a terminal of its own, where its progress and its errors show. */
function installDebugpy(python: string, command: string): void {
  const terminal = vscode.window.createTerminal({ name: `Install debugpy (${path.basename(python)})` });
  terminal.show();
  terminal.sendText(command);
  void vscode.window.showInformationMessage(vscode.l10n.t('When pip has finished in the terminal, start Debug again.'));
}

interface InterpreterPick extends vscode.QuickPickItem {
  python?: string;
}

/** The interpreters on this machine, those that can import debugpy first; the one picked becomes notte.python.interpreter. */
async function chooseDebugInterpreter(current: string, resource: vscode.Uri): Promise<void> {
  const quickPick = vscode.window.createQuickPick<InterpreterPick>();
  quickPick.title = 'Interpreter for Notte runs and debugging';
  quickPick.placeholder = 'Looking for Python interpreters that can import debugpy…';
  quickPick.busy = true;
  quickPick.show();
  const candidates = pythonCandidates().filter((python) => python !== current);
  const checked = await Promise.all(candidates.map(async (python) => ({ python, debugpy: await checkDebugpy(python) })));
  const items: InterpreterPick[] = checked
    .sort((a, b) => Number(b.debugpy.ok) - Number(a.debugpy.ok))
    .map(({ python, debugpy }) => ({ label: python, description: debugpy.ok ? `debugpy ${debugpy.version}` : 'no debugpy', python }));
  items.push({ label: '$(folder-opened) Enter the path of an interpreter…' });
  quickPick.items = items;
  quickPick.busy = false;
  quickPick.placeholder = 'Pick the interpreter Notte runs and debugs functions with';
  const picked = await new Promise<InterpreterPick | undefined>((resolve) => {
    quickPick.onDidAccept(() => resolve(quickPick.selectedItems[0]));
    quickPick.onDidHide(() => resolve(undefined));
  });
  quickPick.dispose();
  if (!picked) return;
  const python =
    picked.python ??
    (
      await vscode.window.showInputBox({
        title: vscode.l10n.t('Python interpreter'),
        prompt: vscode.l10n.t('The path of a Python interpreter (it needs debugpy to debug)'),
        ignoreFocusOut: true,
      })
    )?.trim();
  if (!python) return;
  // The user's own choice, in their settings (a workspace could not set where code runs without asking).
  await vscode.workspace.getConfiguration('notte', resource).update('python.interpreter', python, vscode.ConfigurationTarget.Global);
  void vscode.window.showInformationMessage(vscode.l10n.t('Notte runs and debugs functions with {0} from now on (notte.python.interpreter). Try again.', python));
}

/** Python executables on PATH (python3, python3.N, python) and Debian's, each once. */
function pythonCandidates(): string[] {
  const found = new Map<string, string>();
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/bin', '/usr/local/bin'];
  for (const dir of dirs) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names.filter((n) => /^python(3(\.\d+)?)?$/.test(n))) {
      const file = path.join(dir, name);
      try {
        const real = fs.realpathSync(file);
        if (!found.has(real)) found.set(real, file);
      } catch {
        // A dangling link is no interpreter.
      }
    }
  }
  return [...found.values()];
}
