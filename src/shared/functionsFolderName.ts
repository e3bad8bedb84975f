// The name of a functions folder's own data folder, readable and unique: the local server's default data
// folder and the extension's, one per functions folder (two projects' weather.py are two functions, each
// with its runs). No vscode import.
import { createHash } from 'crypto';
import path = require('path');

/** `my_functions-1a2b3c4d`: the folder's name, made safe, and a hash of its full path. */
export function dataFolderName(functionsDir: string): string {
  return `${path.basename(functionsDir).replace(/[^A-Za-z0-9_-]+/g, '_') || 'functions'}-${createHash('sha256').update(path.resolve(functionsDir)).digest('hex').slice(0, 8)}`;
}
