// The data folder (runs with their variables and results, logs, schedules, code copies, uploads'
// trash) is private to the user running the server: folders 0700, files 0600, folders of an earlier
// version tightened on start. Without a writable home folder it goes under the temp folder, which
// every user can write to: there it has a name no one can guess (mkdtemp), and a folder found there
// is used only when it is this user's own and no one else can write to it, else another user could
// have made it first and read or plant what the server keeps.
import { dataFolderName } from '../shared/functionsFolderName';
import fs = require('fs');
import os = require('os');
import path = require('path');

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** Makes a folder (and its missing parents) private to this user. */
export function makePrivateDir(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
}

/** Writes a file only this user can read (a new file; an existing one keeps its mode). */
export function writePrivateFile(file: string, data: string | Buffer): void {
  fs.writeFileSync(file, data, { mode: PRIVATE_FILE_MODE });
}

/** Why a folder found under the temp folder must not be used (another user's, a link, writable by others), or undefined. */
export function privateFolderProblem(dir: string, uid = process.getuid?.()): string | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(dir);
  } catch (error) {
    return `it cannot be read (${(error as Error).message})`;
  }
  if (stat.isSymbolicLink()) return 'it is a symbolic link';
  if (!stat.isDirectory()) return 'it is not a folder';
  if (process.platform === 'win32') return undefined;
  if (uid !== undefined && stat.uid !== uid) return `it belongs to another user (uid ${stat.uid}, not ${uid})`;
  if ((stat.mode & 0o022) !== 0) return `other users can write to it (mode ${(stat.mode & 0o777).toString(8)})`;
  return undefined;
}

/** Takes away what other users may do in the data folder and the folders the server keeps in it (an earlier version made them 0755). */
export function tightenDataDir(dataDir: string): void {
  const folders = [dataDir, ...['runs', 'code', 'trash', 'tmp', 'downloads'].map((name) => path.join(dataDir, name))];
  try {
    for (const entry of fs.readdirSync(path.join(dataDir, 'code'), { withFileTypes: true })) if (entry.isDirectory()) folders.push(path.join(dataDir, 'code', entry.name));
  } catch {
    // No code copies yet.
  }
  for (const folder of folders) {
    try {
      if (fs.lstatSync(folder).isDirectory()) fs.chmodSync(folder, PRIVATE_DIR_MODE);
    } catch {
      // Not there (yet), or not ours to change: nothing to tighten.
    }
  }
}

export interface DataDirPlaces {
  home: string;
  tmp: string;
  /** The user the folder must belong to (tests give another to see a foreign folder refused). */
  uid?: number;
}

/**
 * One data folder per functions folder, in the home folder; when home is not writable, a private
 * folder under the temp folder: the one this user made there before for the same functions folder,
 * else a new one (mkdtemp). Folders found there that fail privateFolderProblem are passed over, and said.
 */
export function defaultDataDir(
  functionsDir: string,
  places: DataDirPlaces = { home: os.homedir(), tmp: os.tmpdir(), uid: process.getuid?.() },
  log?: (line: string) => void,
): string {
  const name = dataFolderName(functionsDir);
  const root = path.join(places.home, '.notte-functions-local');
  const inHome = path.join(root, name);
  try {
    makePrivateDir(inHome);
    fs.accessSync(inHome, fs.constants.W_OK);
    fs.chmodSync(root, PRIVATE_DIR_MODE);
    return inHome;
  } catch {
    // The home folder is not writable: the temp folder.
  }
  const prefix = `notte-functions-local-${name}-`;
  let found: string[] = [];
  try {
    found = fs.readdirSync(places.tmp).filter((entry) => entry.startsWith(prefix));
  } catch {
    // Nothing found.
  }
  for (const entry of found.sort()) {
    const dir = path.join(places.tmp, entry);
    const problem = privateFolderProblem(dir, places.uid);
    if (!problem) return dir;
    log?.(`Not using ${dir} as the data folder: ${problem}.`);
  }
  const dir = fs.mkdtempSync(path.join(places.tmp, prefix));
  const problem = privateFolderProblem(dir, places.uid);
  if (problem) {
    try {
      fs.rmdirSync(dir); // only if still empty: it is not ours to empty
    } catch {
      // Left as it is.
    }
    throw new Error(`Refusing ${dir} as the data folder: ${problem}. Give one with --data.`);
  }
  return dir;
}
