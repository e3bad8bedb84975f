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
/**
 * The second yardstick: an extension that registers what ours registers at activation (a command per
 * contributed command, the tree view, the run documents' provider, the page serializer, the agents'
 * tools, the CodeLens provider, the debug providers), each with a handler that does nothing. What it
 * costs is what any extension with our contributions pays VS Code, however its code is organised.
 */
export const FLOOR_EXTENSION_ID = 'notte-bench.registrations-only';

interface OurManifest {
  activationEvents?: string[];
  engines: { vscode: string };
  contributes: { commands: { command: string; title: string }[]; languageModelTools?: Record<string, unknown>[] };
}

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

/** Writes the registrations-only extension into `dir`, its ids ours renamed (notte… → notteFloor…); answers `dir`. */
export function writeFloorExtension(dir: string, ours: OurManifest): string {
  fs.mkdirSync(dir, { recursive: true });
  const rename = (id: string) => id.replace(/^notte\./, 'notteFloor.');
  const commands = ours.contributes.commands.map((c) => rename(c.command));
  const tools = (ours.contributes.languageModelTools ?? []).map((tool) => ({
    ...tool,
    name: `floor_${String(tool.name)}`,
    toolReferenceName: `floor${String(tool.toolReferenceName)}`,
  }));
  const manifest = {
    name: 'registrations-only',
    displayName: 'Bench: registrations only',
    publisher: 'notte-bench',
    version: '0.0.1',
    engines: ours.engines,
    main: './extension.js',
    activationEvents: (ours.activationEvents ?? []).map((event) => event.replace(/:notte\b/, ':notteFloor').replace(/:notte\./, ':notteFloor.')),
    contributes: {
      commands: commands.map((command, i) => ({ command, title: `Floor: ${ours.contributes.commands[i].title}` })),
      views: { explorer: [{ id: 'notteFloor.functions', name: 'Bench: registrations only' }] },
      languageModelTools: tools,
      debuggers: [{ type: 'notteFloor', label: 'Bench: registrations only' }],
    },
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  fs.writeFileSync(
    path.join(dir, 'extension.js'),
    [
      "'use strict';",
      "const vscode = require('vscode');",
      `const COMMANDS = ${JSON.stringify(commands)};`,
      `const TOOLS = ${JSON.stringify(tools.map((tool) => tool.name))};`,
      'const nothing = () => undefined;',
      'exports.activate = (context) => {',
      '  const owned = context.subscriptions;',
      '  for (const id of COMMANDS) owned.push(vscode.commands.registerCommand(id, nothing));',
      "  owned.push(vscode.window.createTreeView('notteFloor.functions', { treeDataProvider: { getChildren: () => [], getTreeItem: (e) => e }, showCollapseAll: true }));",
      "  owned.push(vscode.workspace.registerTextDocumentContentProvider('notte-floor-run', { provideTextDocumentContent: () => '' }));",
      "  owned.push(vscode.window.registerWebviewPanelSerializer('notteFloor.functionPage', { deserializeWebviewPanel: async () => undefined }));",
      '  owned.push(vscode.workspace.onDidChangeConfiguration(nothing));',
      "  if (vscode.workspace.getConfiguration().get('notte.agentTools.enabled', true)) for (const name of TOOLS) owned.push(vscode.lm.registerTool(name, { invoke: nothing }));",
      "  owned.push(vscode.languages.registerCodeLensProvider({ language: 'python', scheme: 'file' }, { provideCodeLenses: () => [] }));",
      '  owned.push(vscode.workspace.onDidChangeConfiguration(nothing));',
      "  owned.push(vscode.debug.registerDebugConfigurationProvider('notteFloor', {}));",
      "  owned.push(vscode.debug.registerDebugConfigurationProvider('notteFloor', { provideDebugConfigurations: () => [] }, vscode.DebugConfigurationProviderTriggerKind.Dynamic));",
      "  owned.push(vscode.debug.registerDebugAdapterDescriptorFactory('notteFloor', { createDebugAdapterDescriptor: nothing }));",
      '};',
      'exports.deactivate = () => undefined;',
      '',
    ].join('\n'),
  );
  return dir;
}

export function packageExtension(root: string, dir: string, vsix: string): string {
  execFileSync(path.join(root, 'node_modules', '.bin', 'vsce'), ['package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], {
    cwd: dir,
    stdio: 'ignore',
  });
  return vsix;
}

/** Writes, packages (vsce) and installs the two yardsticks (empty, registrations only) into a new extensions folder; answers the folder. */
export async function installEmptyExtension(root: string, workDir: string, log: (line: string) => void): Promise<string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as OurManifest;
  const empty = packageExtension(root, writeEmptyExtension(path.join(workDir, 'empty-extension'), manifest), path.join(workDir, 'empty-extension.vsix'));
  const floor = packageExtension(root, writeFloorExtension(path.join(workDir, 'registrations-only'), manifest), path.join(workDir, 'registrations-only.vsix'));
  const harness = require(path.join(root, 'test', 'harness', 'lib', 'vscode.js')) as Harness;
  await harness.ensureVSCode(log);
  const extensionsDir = path.join(workDir, 'extensions-with-empty');
  await harness.installVsix(empty, extensionsDir);
  await harness.installVsix(floor, extensionsDir);
  return extensionsDir;
}

export const READER_EXTENSION_ID = 'notte-bench.read-and-count';
export const READER_COMMAND = 'notteBenchReader.run';

/**
 * Packages and installs the "floor" build (readerExtension.ts, bundled beside this file as
 * readerExtension.js: the API client reading a run's stream and counting its lines) into a new
 * extensions folder; answers the folder.
 */
export async function installReaderExtension(root: string, workDir: string, benchDir: string, log: (line: string) => void): Promise<string> {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as OurManifest;
  const dir = path.join(workDir, 'read-and-count');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify(
      {
        name: 'read-and-count',
        displayName: 'Bench: read and count',
        publisher: 'notte-bench',
        version: '0.0.1',
        engines: manifest.engines,
        main: './extension.js',
        activationEvents: [],
        contributes: { commands: [{ command: READER_COMMAND, title: 'Bench: read a run and count its lines' }] },
      },
      null,
      2,
    ),
  );
  fs.copyFileSync(path.join(benchDir, 'readerExtension.js'), path.join(dir, 'extension.js'));
  const vsix = packageExtension(root, dir, path.join(workDir, 'read-and-count.vsix'));
  const harness = require(path.join(root, 'test', 'harness', 'lib', 'vscode.js')) as Harness;
  await harness.ensureVSCode(log);
  const extensionsDir = path.join(workDir, 'extensions-with-reader');
  await harness.installVsix(vsix, extensionsDir);
  return extensionsDir;
}
