// What Pick Element writes at the cursor: in a `session.execute(…)` call, the picked selector in place of
// its selector (or id); on an empty line of a session block, a whole `<name>.execute(type=…, selector=…)`
// line with the element's action; anywhere else, the selector as a string. And, the other way, the
// selector a line's `selector=` names, to outline it on the live page. No vscode import: unit-tested.
import type { TextEdit } from './insertion';
import { sessionBlockAt } from './insertion';
import { pyString } from './steps';

const STRING = String.raw`(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')`;
const SELECTOR_ARG = new RegExp(String.raw`\bselector\s*=\s*${STRING}`);
const ID_ARG = new RegExp(String.raw`\bid\s*=\s*(?:${STRING}|[A-Za-z_][\w.\[\]"']*)`);

/** The argument an action gets besides its selector, as a placeholder to fill in. */
function valueArgument(action: string): string {
  if (action === 'fill' || action === 'select_dropdown_option') return ', value=""';
  if (action === 'check') return ', value=True';
  return '';
}

export function pickEdit(lines: readonly string[], line: number, character: number, selector: string, action: string): TextEdit {
  const text = lines[line] ?? '';
  const literal = pyString(selector);
  if (/\.execute\s*\(/.test(text)) {
    const existing = SELECTOR_ARG.exec(text) ?? ID_ARG.exec(text);
    if (existing) return { line, character: existing.index, endLine: line, endCharacter: existing.index + existing[0].length, text: `selector=${literal}` };
    const open = text.indexOf('(', text.search(/\.execute\s*\(/)) + 1;
    const rest = text.slice(open).trimStart();
    const glue = rest.startsWith(')') ? '' : ', ';
    return { line, character: open, endLine: line, endCharacter: open, text: `selector=${literal}${glue}` };
  }
  if (text.trim() === '') {
    const block = sessionBlockAt(lines, line);
    if (block) {
      const call = `${block.name}.execute(type=${pyString(action)}, selector=${literal}${valueArgument(action)})`;
      return { line, character: 0, endLine: line, endCharacter: text.length, text: block.bodyIndent + call };
    }
  }
  return { line, character, endLine: line, endCharacter: character, text: literal };
}

/** The selector that a line's `selector="…"` names (a Python string read back), if the line has one. */
export function selectorOnLine(text: string): string | undefined {
  const match = SELECTOR_ARG.exec(text);
  if (!match) return undefined;
  const literal = /(["'])((?:[^\\]|\\.)*?)\1\s*$/.exec(match[0]);
  if (!literal) return undefined;
  return literal[2].replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, esc: string) =>
    esc.length === 5 ? String.fromCharCode(parseInt(esc.slice(1), 16)) : esc === 'n' ? '\n' : esc === 't' ? '\t' : esc,
  );
}
