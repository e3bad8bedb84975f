import path = require('path');
import vscode = require('vscode');
import { chooseNotteFolder } from '../shared/notteFolderChoice';
import type { Config } from './config';

const KEEP_CHOICE_MS = 5000;
/** The last choice among several folders: of which folders, when, and the folder chosen. */
let chosen: { key: string; at: number; path: string | undefined } | undefined;

/**
 * The workspace folder of this workspace's Notte files: its `.notte/` (saved sets, their last passing
 * results) and, unless a setting says otherwise, its new function files (shared/notteFolderChoice.ts).
 */
export function notteFolder(): vscode.WorkspaceFolder | undefined {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((folder) => folder.uri.scheme === 'file');
  const paths = folders.map((folder) => folder.uri.fsPath);
  // Several folders cost a look at their files (a folder watch asks every 2 s): the choice is kept a few
  // seconds, and made again at once when the folders change.
  const key = paths.join('\n');
  if (paths.length > 1 && (chosen?.key !== key || Date.now() - chosen.at > KEEP_CHOICE_MS)) chosen = { key, at: Date.now(), path: chooseNotteFolder(paths) };
  const choice = paths.length > 1 ? chosen!.path : paths[0];
  return folders.find((folder) => folder.uri.fsPath === choice);
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
