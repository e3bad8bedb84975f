// The bench's empty extension: the yardstick of the activation rows. It has our activation events
// (none declared: VS Code derives them from the contributions; the bench activates both through
// the API anyway) and one command, and its activate does nothing but register that command. It is
// packaged and installed into the VS Code server's extensions folder, so it runs in the same
// extension host as ours (loaded for development), each repetition, in alternating order
// (vscode.ts, extensionHost.ts).
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Harness } from './editor';

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

/** Writes, packages (vsce) and installs the empty extension into a new extensions folder; answers the folder. */
export async function installEmptyExtension(root: string, workDir: string, log: (line: string) => void): Promise<string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { activationEvents?: string[]; engines: { vscode: string } };
  const dir = writeEmptyExtension(path.join(workDir, 'empty-extension'), manifest);
  const vsix = path.join(workDir, 'empty-extension.vsix');
  execFileSync(path.join(root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], {
    cwd: dir,
    stdio: 'ignore',
  });
  const harness = require(path.join(root, 'test', 'harness', 'lib', 'vscode.js')) as Harness;
  await harness.ensureVSCode(log);
  const extensionsDir = path.join(workDir, 'extensions-with-empty');
  await harness.installVsix(vsix, extensionsDir);
  return extensionsDir;
}
