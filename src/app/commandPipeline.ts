// The command pipeline: what runs between VS Code calling a command id and the command's handler.
// The commands themselves are declared, as data, in app/commandTable.ts.
//
// On the first call of any command, the window is put in use (app/windowLoader.ts: its context and
// the features that show themselves with it); on the first call of a command, its module is loaded.
// A keyed command then gets the active profile's key (or the user is offered to set one or start the
// local server; when refused, the command answers undefined without running). Activation itself only
// registers the ids, so what it loads does not grow with the number of commands.
import vscode = require('vscode');
import type { CommandSpec } from './commandTable';
import type { WindowLoader } from './windowLoader';

/** Registers every command of the table; each registration is owned by `subscriptions`. */
export function registerCommands(subscriptions: vscode.Disposable[], windows: WindowLoader, table: readonly CommandSpec[]): void {
  for (const spec of table) {
    subscriptions.push(vscode.commands.registerCommand(spec.id, (...args: unknown[]) => runCommand(windows, spec, args)));
  }
}

async function runCommand(windows: WindowLoader, spec: CommandSpec, args: unknown[]): Promise<unknown> {
  const ctx = await windows.get();
  if (!spec.keyed) return (await spec.load())(ctx, ...args);
  const [handler, { ensureApiKey }] = await Promise.all([spec.load(), import('../core/apiKey')]);
  const key = await ensureApiKey(ctx);
  if (!key) return undefined;
  return handler(ctx, key, ...args);
}
