import fs = require('fs');
import path = require('path');
import vscode = require('vscode');
import { Config } from '../config';
import { Connection } from '../connection';
import { DirectFolderWatch, namesIn } from '../folderWatch';
import { isFunctionFileName } from '../../shared/runDefinitions';
import { isLoopbackUrl } from '../../shared/loopback';
import { configuredFunctionsFolder } from '../notteFolder';

/** A burst of files (a checkout, an export) is one listing, once the folder is quiet this long… */
const QUIET_MS = 500;
/** …or this long after its first file, for a folder that never goes quiet. */
const MAX_WAIT_MS = 3000;

/**
 * A local Functions server serves the `.py` files of one folder (a workspace folder, or the folder in
 * `notte.localServer.functionsFolder`), so a function file added there, removed or renamed changes its
 * listing: `relist` is called. Only the top of those folders is watched (a virtual environment's packages
 * say nothing), and only while the server in use is on this machine (the extension's own, the demo's, one
 * set in `notte.apiUrl`): the cloud's functions do not follow the files. A file saved again lists nothing.
 */
export function relistOnFunctionFiles(connection: Connection, config: Config, relist: () => void): vscode.Disposable {
  const existed = new Map<string, boolean>();
  let timer: NodeJS.Timeout | undefined;
  let firstAt = 0;
  const later = () => {
    const now = Date.now();
    if (!timer) firstAt = now;
    clearTimeout(timer);
    timer = setTimeout(
      () => {
        timer = undefined;
        relist();
      },
      Math.max(0, Math.min(QUIET_MS, firstAt + MAX_WAIT_MS - now)),
    );
  };
  const local = () => isLoopbackUrl(connection.baseUrl);
  const known = new Set<string>();
  const watch = new DirectFolderWatch({
    folders: () => {
      const folders = local() ? servedFolders(config) : [];
      // Not watched meanwhile (the cloud in use): looked at afresh when watched again.
      for (const folder of [...known].filter((f) => !folders.includes(f))) {
        known.delete(folder);
        for (const file of [...existed.keys()].filter((f) => path.dirname(f) === folder)) existed.delete(file);
      }
      // A folder's files as it is first watched: a later event on one of them is a save, not a new file.
      for (const folder of folders.filter((f) => !known.has(f))) {
        known.add(folder);
        for (const name of namesIn(folder, isFunctionFileName)) existed.set(path.join(folder, name), true);
      }
      return folders;
    },
    isOurs: isFunctionFileName,
    changed: (file) => {
      if (!local()) return;
      const exists = fs.existsSync(file.fsPath);
      const before = existed.get(file.fsPath);
      existed.set(file.fsPath, exists);
      if (before !== exists) later();
    },
  });
  watch.rearm();
  return vscode.Disposable.from(watch, { dispose: () => clearTimeout(timer) });
}

function servedFolders(config: Config): string[] {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  const configured = configuredFunctionsFolder(config);
  return [...new Set([...folders, ...(configured ? [configured] : [])].map((folder) => path.resolve(folder)))];
}
