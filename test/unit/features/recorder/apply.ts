// Applies the recorder's text edits (document coordinates, non-overlapping) to a text, as VS Code's
// WorkspaceEdit does: the unit tests compare the resulting file, exactly.
import type { TextEdit } from '../../../../src/features/recorder/insertion';

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(/\r?\n/);
  const offset = (line: number, character: number) => lines.slice(0, line).reduce((n, l) => n + l.length + eol.length, 0) + character;
  const sorted = [...edits].sort((a, b) => offset(b.line, b.character) - offset(a.line, a.character));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.line, e.character)) + e.text + out.slice(offset(e.endLine, e.endCharacter));
  return out;
}
