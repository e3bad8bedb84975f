// Which of a workspace's folders holds its Notte files, read from the disk alone (no vscode import:
// tested on its own; core/notteFolder.ts gives it the window's folders).
import fs = require('fs');
import path = require('path');
import { hasRunDefinition, isFunctionFileName } from './runDefinitions';

/**
 * One folder: that one. Several (a multi-root workspace, whose functions' folder need not come first):
 * the first with saved sets (`.notte/variables/`), else the first with a `.notte/` (a link file alone: a
 * file of another folder linked does not take the sets away from theirs), else the first holding a
 * function file (as the local server picks what to serve), else the first.
 */
export function chooseNotteFolder(folders: readonly string[]): string | undefined {
  if (folders.length < 2) return folders[0];
  const has = (part: string) => (folder: string) => isFolder(path.join(folder, part));
  return folders.find(has('.notte/variables')) ?? folders.find(has('.notte')) ?? folders.find(holdsFunctionFile) ?? folders[0];
}

/** Whether a Python file at the folder's top defines run(...); an unreadable folder holds none. */
export function holdsFunctionFile(folder: string): boolean {
  try {
    return fs.readdirSync(folder).some((name) => isFunctionFileName(name) && hasRunDefinition(fs.readFileSync(path.join(folder, name), 'utf8')));
  } catch {
    return false;
  }
}

function isFolder(candidate: string): boolean {
  try {
    return fs.statSync(candidate).isDirectory();
  } catch {
    return false;
  }
}
