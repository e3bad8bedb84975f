// A function's code run on this machine: a file on disk as it is (Run File Locally of a saved file),
// or text (Run Locally downloads it; an unsaved editor) written to a private temporary folder for the
// run and removed afterwards whatever happened. No vscode import.
import fs = require('fs');
import os = require('os');
import path = require('path');

/** The code a local run runs. */
export interface FunctionCode {
  code: string;
  /** Name of the temporary copy (the module's name in Python). */
  fileName: string;
  /** Run this file itself instead of a copy. */
  path?: string;
}

/** Hands `body` the path of a file holding the code, and removes a temporary copy afterwards. */
export async function withFunctionFile<T>(source: FunctionCode, body: (file: string) => Promise<T>): Promise<T> {
  if (source.path) return body(source.path);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-local-run-'));
  const file = path.join(dir, source.fileName);
  try {
    fs.writeFileSync(file, source.code);
    return await body(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
