// Small JSON file helpers: atomic writes (temp file + rename), so a crash never leaves half a file.
import fs = require('fs');
import path = require('path');

export function readJsonFile<T>(file: string): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

let counter = 0;

export function writeJsonFileAtomic(file: string, value: unknown): void {
  writeTextFileAtomic(file, JSON.stringify(value));
}

export function writeTextFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${++counter}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}
