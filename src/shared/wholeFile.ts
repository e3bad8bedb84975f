// A file of ours written whole or not at all (a temporary file beside it, then a rename), so a crash or a
// reader at the wrong moment never sees half of it; and a JSON object file read back as an object, or
// nothing when it is missing or not one. The local server's data folder has its own writer, which also
// makes its files private (server/jsonFile.ts). No vscode import.
import fs = require('fs');
import path = require('path');

let written = 0;

/** Writes `content` to `file` (its folder made if need be) through a temporary file and a rename. */
export function writeWholeFile(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${++written}.tmp`;
  fs.writeFileSync(temporary, content);
  fs.renameSync(temporary, file);
}

/** The JSON object in `file`, or an empty one when it is missing, unreadable or not an object. */
export function readJsonObject<T>(file: string): Record<string, T> {
  try {
    const value: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, T>) : {};
  } catch {
    return {};
  }
}
