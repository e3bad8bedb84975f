// The workspace's saved sets as tests, vscode-side: the sets files of the Notte folder (where
// core/savedSetsStore.ts keeps them), and each file's tests with its function resolved through the
// link file, else the server's listing (contracts/setTests.ts, shared with notte-test).
import fs = require('fs');
import path = require('path');
import vscode = require('vscode');
import { SetsFileText, SetTest, testsOfSetsFiles } from '../../contracts/setTests';
import { SETS_FOLDER } from '../../shared/savedSets';
import type { WindowContext } from '../windowContext';
import { notteFolder } from '../notteFolder';

export interface SetsFile extends SetsFileText {
  uri: vscode.Uri;
}

/** The folder of the sets files, when a folder is open. */
export function setsFolder(): vscode.Uri | undefined {
  const folder = notteFolder();
  return folder && vscode.Uri.joinPath(folder.uri, ...SETS_FOLDER.split('/'));
}

/** Whether the file is one of the sets files (.notte/variables/<name>.json of the Notte folder). */
export function isSetsFile(uri: vscode.Uri): boolean {
  const folder = setsFolder();
  return !!folder && uri.scheme === 'file' && path.dirname(uri.fsPath) === folder.fsPath && uri.fsPath.endsWith('.json');
}

/** Whether the folder is the sets folder or the `.notte` folder that holds it: made, moved or removed whole, with its files. */
export function isSetsFolderOrParent(uri: vscode.Uri): boolean {
  const folder = setsFolder();
  return !!folder && uri.scheme === 'file' && (uri.fsPath === folder.fsPath || uri.fsPath === path.dirname(folder.fsPath));
}

/** Every sets file of the workspace, by name; none without a folder or a .notte/variables/. */
export async function readSetsFiles(): Promise<SetsFile[]> {
  const folder = setsFolder();
  if (!folder) return [];
  let names: string[];
  try {
    names = (await fs.promises.readdir(folder.fsPath, { withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.json')).map((e) => e.name);
  } catch {
    return [];
  }
  const files = await Promise.all(names.sort().map((name) => readSetsFile(vscode.Uri.joinPath(folder, name))));
  return files.filter((f): f is SetsFile => f !== undefined);
}

/** One sets file, or undefined when it is gone. */
export async function readSetsFile(uri: vscode.Uri): Promise<SetsFile | undefined> {
  try {
    const text = await fs.promises.readFile(uri.fsPath, 'utf8');
    const fileName = path.basename(uri.fsPath);
    return { uri, fileName, displayPath: `${SETS_FOLDER}/${fileName}`, text };
  } catch {
    return undefined;
  }
}

/**
 * The files' sets as tests on the active profile's server: each file given to the function a
 * workspace file links to, else to the function of that name on the server (listed only when needed).
 */
export function setTestsOf(ctx: WindowContext, files: readonly SetsFile[]): Promise<SetTest[]> {
  const linked = ctx.linked.links.allLinked().map((l) => ({ function_id: l.link.functionId, name: l.link.name }));
  const client = ctx.connection.client();
  return testsOfSetsFiles(files, linked, () => client.functions({ page_size: 100 }), ctx.connection.baseUrl);
}
