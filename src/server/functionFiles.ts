// Names of the function files in the folder: which files are functions, the stable id of a file,
// the version of a content, and free file names for uploads and forks.
import { createHash } from 'crypto';
import fs = require('fs');
import path = require('path');

/** Stable, URL-safe id of a function file: its name when already safe, else a slug plus a short hash. */
export function functionIdForFile(fileName: string): string {
  const stem = fileName.replace(/\.py$/i, '');
  if (/^[A-Za-z0-9_-]{1,100}$/.test(stem)) return stem;
  const slug = stem
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  const hash = createHash('sha256').update(stem).digest('hex').slice(0, 8);
  return slug ? `${slug}-${hash}` : `fn-${hash}`;
}

export function versionOf(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 12);
}

/** The file name without its folder and `.py`. */
export function fileStem(file: string): string {
  return path.basename(file).replace(/\.py$/i, '');
}

/** A file-name stem made of safe characters from what a client asked for. */
export function slugFileStem(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^[_-]+|[_-]+$/g, '')
    .slice(0, 80);
  return slug || 'function';
}

/** A file name in `dir` not taken yet: `<stem>.py`, else `<stem>_2.py`, `<stem>_3.py`... */
export function uniqueFileName(dir: string, stem: string): string {
  for (let i = 1; ; i++) {
    const file = path.join(dir, `${stem}${i === 1 ? '' : `_${i}`}.py`);
    if (!fs.existsSync(file)) return file;
  }
}
