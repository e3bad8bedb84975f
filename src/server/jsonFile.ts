// Small file helpers: atomic writes (temp file + rename), so a crash never leaves half a file, written
// in bounded pieces by whoever has a lot to write (a run's log lines), never as one huge string. The
// one writer of the data folder's JSON and log files: each is made readable by this user only (0600),
// in folders made 0700 (see dataFolder.ts).
import fs = require('fs');
import path = require('path');
import { makePrivateDir, PRIVATE_FILE_MODE } from './dataFolder';

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
  writeFileAtomic(file, (fd) => writeAllSync(fd, text));
}

/** Writes `file` anew through `write` (given the open temporary file), then puts it in place at once. */
export function writeFileAtomic(file: string, write: (fd: number) => void): void {
  makePrivateDir(path.dirname(file));
  const temporary = `${file}.${process.pid}.${++counter}.tmp`;
  const fd = fs.openSync(temporary, 'w', PRIVATE_FILE_MODE);
  try {
    write(fd);
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(temporary, { force: true });
    throw error;
  }
  fs.closeSync(fd);
  fs.renameSync(temporary, file);
}

/** Appends to `file` through `write` (given the open file). */
export function appendToFile(file: string, write: (fd: number) => void): void {
  const fd = fs.openSync(file, 'a', PRIVATE_FILE_MODE);
  try {
    write(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes all of `text` at the file's position (writeSync may write less than asked). */
export function writeAllSync(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
}
