// The identity of a function's code, to tell whether a file differs from a deployed version. No vscode import.
import { createHash } from 'crypto';

/** Line endings and trailing newlines do not make a file "changed". */
export function codeHash(text: string): string {
  return createHash('sha256').update(text.replace(/\r\n?/g, '\n').replace(/\n+$/, '')).digest('hex');
}
