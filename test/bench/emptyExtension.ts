// The bench's empty extension: the yardstick of the activation rows. It has our activation events
// (none declared: VS Code derives them from the contributions; the bench activates both through
// the API anyway) and one command, and its activate does nothing but register that command. It
// runs in the same VS Code as ours, each repetition, in alternating order (vscode.ts, extensionHost.ts).
import * as fs from 'fs';
import * as path from 'path';

export const EMPTY_EXTENSION_ID = 'notte-bench.empty-extension';
export const EMPTY_COMMAND = 'notteBenchEmpty.command';

/** Writes the extension into `dir` (a folder loaded as a development extension); answers `dir`. */
export function writeEmptyExtension(dir: string, ours: { activationEvents?: string[]; engines: { vscode: string } }): string {
  fs.mkdirSync(dir, { recursive: true });
  const manifest = {
    name: 'empty-extension',
    displayName: 'Bench: empty extension',
    publisher: 'notte-bench',
    version: '0.0.1',
    engines: ours.engines,
    main: './extension.js',
    activationEvents: ours.activationEvents ?? [],
    contributes: { commands: [{ command: EMPTY_COMMAND, title: 'Bench: empty command' }] },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(
    path.join(dir, 'extension.js'),
    [
      "'use strict';",
      "const vscode = require('vscode');",
      `exports.activate = (context) => { context.subscriptions.push(vscode.commands.registerCommand('${EMPTY_COMMAND}', () => undefined)); };`,
      'exports.deactivate = () => undefined;',
      '',
    ].join('\n'),
  );
  return dir;
}
