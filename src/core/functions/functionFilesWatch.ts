import path = require('path');
import vscode = require('vscode');
import { Config } from '../config';
import { Connection } from '../connection';
import { isFunctionFileName } from '../../shared/runDefinitions';
import { isLoopbackUrl } from '../../shared/loopback';
import { configuredFunctionsFolder } from '../notteFolder';

const QUIET_MS = 500;

/**
 * A local Functions server serves the `.py` files of one folder (a workspace folder, or the folder in
 * `notte.localServer.functionsFolder`), so a function file added there, removed or renamed changes its
 * listing: `relist` is called once the folder is quiet (a checkout or an export writes several files).
 * Files elsewhere (a virtual environment's packages, subfolders) and the cloud's functions, which do not
 * follow the files, call nothing. A server on this machine is taken for a local Functions server
 * (the extension's own, or one started by hand or by the demo and set in `notte.apiUrl`).
 */
export function relistOnFunctionFiles(connection: Connection, config: Config, relist: () => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher('**/*.py', false, true, false);
  let timer: NodeJS.Timeout | undefined;
  const changed = (uri: vscode.Uri) => {
    if (!isLoopbackUrl(connection.baseUrl) || !isFunctionFileName(path.basename(uri.fsPath)) || !servedFolders(config).has(path.dirname(uri.fsPath))) return;
    clearTimeout(timer);
    timer = setTimeout(relist, QUIET_MS);
  };
  return vscode.Disposable.from(watcher, watcher.onDidCreate(changed), watcher.onDidDelete(changed), { dispose: () => clearTimeout(timer) });
}

function servedFolders(config: Config): Set<string> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const configured = configuredFunctionsFolder(config);
  if (configured) folders.push(configured);
  return new Set(folders.map((folder) => path.resolve(folder)));
}
