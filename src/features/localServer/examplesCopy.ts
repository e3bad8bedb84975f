// The bundled examples, kept in a folder of the extension's storage that the local server serves when the
// workspace has no function file: what a Deploy uploads lands there, not in the installed extension
// (replaced by each update, maybe read-only). No vscode import: tested on its own.
import { createHash } from 'crypto';
import fs = require('fs');
import path = require('path');
import { readJsonObject, writeWholeFile } from '../../shared/wholeFile';

/** Beside the copies: each example's hash as it was last placed, to tell the user's changes from ours. */
const PLACED_FILE = '.placed-examples.json';

/**
 * Brings `copy` up to this version's examples: a new one is placed, one still as an earlier version placed
 * it is replaced, one the user changed (an update through the server) or removed (a delete) is left so.
 * Each file is written whole under another name first, so a second window starting at the same moment
 * never serves half a file.
 */
export function syncExamples(bundled: string, copy: string): void {
  fs.mkdirSync(copy, { recursive: true });
  const placedFile = path.join(copy, PLACED_FILE);
  const placed = readJsonObject<string>(placedFile);
  for (const name of fs.readdirSync(bundled).filter((n) => n.endsWith('.py'))) {
    const source = fs.readFileSync(path.join(bundled, name));
    const target = path.join(copy, name);
    const current = fs.existsSync(target) ? hashOf(fs.readFileSync(target)) : undefined;
    const ours = current === undefined ? !(name in placed) : current === placed[name];
    if (!ours) continue;
    if (current !== hashOf(source)) writeWholeFile(target, source);
    placed[name] = hashOf(source);
  }
  writeWholeFile(placedFile, JSON.stringify(placed, null, 2) + '\n');
}

function hashOf(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
