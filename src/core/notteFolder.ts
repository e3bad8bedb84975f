import path = require('path');
import vscode = require('vscode');
import { chooseNotteFolder } from '../shared/notteFolderChoice';
import type { Config } from './config';

/**
 * The workspace folder of this workspace's Notte files: its `.notte/` (saved sets, their last passing
 * results) and, unless a setting says otherwise, its new function files (shared/notteFolderChoice.ts).
 */
export function notteFolder(): vscode.WorkspaceFolder | undefined {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
  const chosen = chooseNotteFolder(folders.map((folder) => folder.uri.fsPath));
  return folders.find((folder) => folder.uri.fsPath === chosen);
}

/** `notte.localServer.functionsFolder`, a relative one taken from the Notte folder; undefined when unset. */
export function configuredFunctionsFolder(config: Config): string | undefined {
  const configured = config.localServerFunctionsFolder;
  if (!configured || path.isAbsolute(configured)) return configured;
  const root = notteFolder()?.uri.fsPath;
  return root && path.join(root, configured);
}

/** The folder new function files go to (New Function, the recorder's export), where the local server finds them: the setting, else the Notte folder. */
export function newFunctionsFolder(config: Config): string | undefined {
  return configuredFunctionsFolder(config) ?? notteFolder()?.uri.fsPath;
}
