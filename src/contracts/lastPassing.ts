// The last passing result of each saved set, kept per workspace and not committed, so that a
// failure can say what changed since it last passed. The Testing view may keep it in the
// workspace's state; notte-test keeps it in a file. No vscode import.
import fs = require('fs');
import path = require('path');
import { readJsonObject, writeWholeFile } from '../shared/wholeFile';

export interface LastPassingStore {
  get(testId: string): unknown;
  set(testId: string, value: unknown): void;
}

/** Where notte-test keeps them: a folder that tells git to ignore itself, as pytest's cache does. */
export const LAST_PASSING_FILE = path.join('.notte', '.cache', 'last-passing.json');

/** The store as a JSON file (test id → result), read when made, written by save(). */
export class LastPassingFile implements LastPassingStore {
  private readonly values: Record<string, unknown>;

  constructor(readonly file: string) {
    // None yet, or unreadable: a cache, so it starts again empty.
    this.values = readJsonObject(file);
  }

  get(testId: string): unknown {
    return this.values[testId];
  }

  set(testId: string, value: unknown): void {
    this.values[testId] = value;
  }

  save(): void {
    const folder = path.dirname(this.file);
    fs.mkdirSync(folder, { recursive: true });
    const ignore = path.join(folder, '.gitignore');
    if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# Written by notte-test: last passing results, per machine, not to commit.\n*\n');
    writeWholeFile(this.file, JSON.stringify(this.values, null, 2) + '\n');
  }
}
