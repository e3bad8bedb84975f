// Where recorded steps go in an existing function file, and as what text: inside the `with … .Session(…)
// as <name>:` block that holds the cursor, on that name and at that block's indentation; outside any such
// block, wrapped in one (and `from notte_sdk import NotteClient` added when missing). Variables become
// parameters of run(). Pure text in, edits out (in the document's coordinates): no vscode import.
import { findRunDefinitions } from '../../shared/runDefinitions';
import { parameterText, pyValue, RecordedStep, stepsLines, stepVariables } from './steps';

/** A `with … .Session(…) as <name>:` block. */
export interface SessionBlock {
  /** The session's name in the code (`session`, `s`…). */
  name: string;
  /** 0-based line of the `with`. */
  withLine: number;
  /** The indentation of the block's body. */
  bodyIndent: string;
}

/** A replacement of the range [line:character, endLine:endCharacter) by `text`. */
export interface TextEdit {
  line: number;
  character: number;
  endLine: number;
  endCharacter: number;
  text: string;
}

export interface Insertion {
  edits: TextEdit[];
  /** Undefined when the cursor was outside every session block (the steps are then wrapped in one). */
  block: SessionBlock | undefined;
}

const WITH_SESSION = /^(\s*)(?:async\s+)?with\b.*\.Session\s*\([^)]*\)\s+as\s+([A-Za-z_]\w*)\b.*:\s*(?:#.*)?$/;
const IMPORTS_CLIENT = /^(?:from\s+notte_sdk\s+import\s+.*\bNotteClient\b|from\s+notte_sdk\s+import\s*\()/m;

const indentOf = (line: string): number => /^[ \t]*/.exec(line)![0].length;
const isBlank = (line: string): boolean => line.trim() === '' || line.trim().startsWith('#');

/** The indentation a cursor on `line` stands at: a blank line takes its surroundings' (deeper after a `:`). */
function cursorIndent(lines: readonly string[], line: number): number {
  const text = lines[line] ?? '';
  if (!isBlank(text)) return indentOf(text);
  if (text.length > 0 && text.trim() === '') return text.length;
  let previous = line - 1;
  while (previous >= 0 && isBlank(lines[previous])) previous--;
  if (previous < 0) return 0;
  const prev = lines[previous];
  if (/:\s*(#.*)?$/.test(prev)) return indentOf(prev) + 1;
  let next = line + 1;
  while (next < lines.length && isBlank(lines[next])) next++;
  return Math.max(indentOf(prev), next < lines.length ? indentOf(lines[next]) : 0);
}

/** Where a new session block starts on `line`: its own indentation, else its surroundings'. */
function wrapIndent(lines: readonly string[], line: number): string {
  const text = lines[line] ?? '';
  if (text.trim() !== '' || text.length > 0) return /^[ \t]*/.exec(text)![0];
  let previous = line - 1;
  while (previous >= 0 && isBlank(lines[previous])) previous--;
  if (previous < 0) return '';
  const own = /^[ \t]*/.exec(lines[previous])![0];
  return /:\s*(#.*)?$/.test(lines[previous]) ? own + (own.includes('\t') ? '\t' : '    ') : own;
}

/** The session block that holds `line`, if any (the `with` line itself counts as in its block). */
export function sessionBlockAt(lines: readonly string[], line: number): SessionBlock | undefined {
  const own = WITH_SESSION.exec(lines[line] ?? '');
  if (own) return block(lines, line, own);
  let limit = cursorIndent(lines, line);
  for (let k = Math.min(line, lines.length) - 1; k >= 0 && limit > 0; k--) {
    if (isBlank(lines[k])) continue;
    const indent = indentOf(lines[k]);
    if (indent >= limit) continue;
    const match = WITH_SESSION.exec(lines[k]);
    if (match) return block(lines, k, match);
    limit = indent;
  }
  return undefined;
}

function block(lines: readonly string[], withLine: number, match: RegExpExecArray): SessionBlock {
  const withIndent = match[1];
  let body = withLine + 1;
  while (body < lines.length && isBlank(lines[body])) body++;
  const deeper = body < lines.length && indentOf(lines[body]) > withIndent.length;
  const unit = withIndent.includes('\t') ? '\t' : '    ';
  return { name: match[2], withLine, bodyIndent: deeper ? /^[ \t]*/.exec(lines[body])![0] : withIndent + unit };
}

/**
 * The edits that put `steps` at the cursor's line: inside its session block, or wrapped in a new one
 * (`wrap` must then be true: the caller asked the user first). Variables become parameters of the file's
 * run(), or assignments before the steps when run()'s signature cannot take them.
 */
export function insertSteps(text: string, cursor: number | Cursor, steps: readonly RecordedStep[], wrap: boolean): Insertion | undefined {
  return insertCode(text, cursor, (session) => stepsLines(steps, session), steps, wrap);
}

/** Where the cursor is: a line (0-based), and the character on it when known. */
export interface Cursor {
  line: number;
  character?: number;
}

/** Statements after which code never runs: steps go before them even from the end of their line. */
const ENDS_FLOW = /^\s*(?:return|raise|break|continue)\b/;

/**
 * Whether `line` ends a simple statement, so that code may follow it at the block's indentation: not a
 * header (`if …:`), not a line that leaves a bracket open or goes on (`,`, `\`), not one the next line
 * closes a bracket after (the last argument of a call split over lines), not a return or raise, not the
 * file's last line. Brackets are counted outside strings, roughly: a guess that errs towards "before".
 */
function endsStatement(lines: readonly string[], line: number): boolean {
  const code = lines[line]
    .replace(/(["'])(?:\\.|(?!\1).)*\1/g, '""')
    .replace(/#.*$/, '')
    .trimEnd();
  if (code.trim() === '' || ENDS_FLOW.test(code) || /[:([{,\\]$/.test(code)) return false;
  const open = (code.match(/[([{]/g) ?? []).length - (code.match(/[)\]}]/g) ?? []).length;
  if (open > 0) return false;
  let next = line + 1;
  while (next < lines.length && isBlank(lines[next])) next++;
  return next < lines.length && !/^\s*[)\]}]/.test(lines[next]);
}

/**
 * Lines of code at the cursor, as insertSteps puts steps there: `body` writes them for the block's session
 * name. Before the cursor's line, as an editor inserts; after it when the cursor ends a line of code (the
 * newcomer who put it after a step expected the next step there), and after a `with` line.
 */
export function insertCode(text: string, cursor: number | Cursor, body: (session: string) => string[], steps: readonly RecordedStep[], wrap: boolean): Insertion | undefined {
  const lines = text.split(/\r?\n/);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const { line: cursorLine, character } = typeof cursor === 'number' ? { line: cursor, character: undefined } : cursor;
  const line = Math.max(0, Math.min(cursorLine, lines.length - 1));
  const found = sessionBlockAt(lines, line);
  if (!found && !wrap) return undefined;
  const atWith = found?.withLine === line;
  const ofLine = lines[line].trimEnd();
  const atLineEnd = character !== undefined && character >= ofLine.length && !!found && !atWith && endsStatement(lines, line);
  const target = atWith || atLineEnd ? line + 1 : line;
  const indent = found ? found.bodyIndent : wrapIndent(lines, line);
  const edits: TextEdit[] = [];
  // The variables are run()'s parameters (added when missing); only where they cannot be, assignments.
  // An assignment of a parameter run() already has would override what the caller passed.
  const signature = parameterEdit(lines, steps, target);
  if (signature?.edit) edits.push(signature.edit);
  const assignments = signature ? [] : variableAssignments(steps);
  const code = body(found?.name ?? 'session');
  const block = found ? [...assignments, ...code].map((l) => (l ? indent + l : l)) : wrapped(indent, assignments, code);
  const current = lines[target];
  if (current !== undefined && current.trim() === '' && !atWith && !atLineEnd) {
    edits.push({ line: target, character: 0, endLine: target, endCharacter: current.length, text: block.join(eol) });
  } else {
    edits.push({ line: target, character: 0, endLine: target, endCharacter: 0, text: block.join(eol) + eol });
  }
  if (!found && !IMPORTS_CLIENT.test(text)) edits.push(importEdit(lines, eol));
  return { edits: edits.sort((a, b) => a.line - b.line || a.character - b.character), block: found };
}

/**
 * The body of the session block of a generated script (Notte's own export), dedented, on `session`
 * instead of the script's name for it; empty when the script has no session block.
 */
export function sessionBody(script: string, session: string): string[] {
  const lines = script.split(/\r?\n/);
  const start = lines.findIndex((l) => WITH_SESSION.test(l));
  if (start < 0) return [];
  const { name, bodyIndent } = block(lines, start, WITH_SESSION.exec(lines[start])!);
  const withIndent = indentOf(lines[start]);
  const body: string[] = [];
  for (let i = start + 1; i < lines.length; i++) {
    if (lines[i].trim() !== '' && indentOf(lines[i]) <= withIndent) break;
    body.push(lines[i].startsWith(bodyIndent) ? lines[i].slice(bodyIndent.length) : lines[i].trim());
  }
  while (body.length && body[body.length - 1].trim() === '') body.pop();
  return body.map((l) => l.replace(new RegExp(`\\b${name}\\.`, 'g'), `${session}.`));
}

function wrapped(indent: string, assignments: string[], body: string[]): string[] {
  const unit = indent.includes('\t') ? '\t' : '    ';
  return [...assignments.map((l) => indent + l), `${indent}with NotteClient().Session() as session:`, ...body.map((l) => indent + unit + l)];
}

function variableAssignments(steps: readonly RecordedStep[]): string[] {
  return stepVariables(steps).map(({ step, name, value }) =>
    step.secret ? `${name} = ""  # a password: what was typed while recording is not written into the code` : `${name} = ${pyValue(value)}`,
  );
}

/**
 * Adds the steps' variables to the signature of the top-level run() above `line`: `edit` is undefined when
 * it has them all already; the answer is undefined when they cannot be parameters (no such run(), **kwargs).
 */
function parameterEdit(lines: readonly string[], steps: readonly RecordedStep[], line: number): { edit?: TextEdit } | undefined {
  const definition = findRunDefinitions(lines.join('\n'))
    .filter((d) => d.line <= line)
    .pop();
  if (!definition) return undefined;
  const close = closingParen(lines, definition.line, lines[definition.line].indexOf('(') + 1);
  if (!close) return undefined;
  const params = paramsText(lines, definition.line, close);
  if (/\*\*/.test(params)) return undefined;
  const missing = stepVariables(steps).filter(({ name }) => !new RegExp(`(^|[(,\\s*])${name}\\s*[:=,)]|(^|[(,\\s])${name}\\s*$`).test(params));
  if (!missing.length) return {};
  // A password's parameter has no default: first in an empty signature, else keyword-only (after `*`),
  // the only place a parameter without a default may follow one with a default.
  const secrets = missing.filter((v) => v.step.secret).map(parameterText);
  const others = missing.filter((v) => !v.step.secret).map(parameterText);
  const trimmed = params.trim();
  // A bare `*` or `*args` among the parameters, not one inside a default's string or a comment.
  const code = params.replace(/("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|#[^\n]*)/g, '""');
  const starred = /(^|,)\s*\*(?!\*)/.test(code);
  const wanted = trimmed === '' ? [...secrets, ...others] : [...others, ...(secrets.length && !starred ? ['*'] : []), ...secrets];
  const text = trimmed === '' ? wanted.join(', ') : trimmed.endsWith(',') ? ` ${wanted.join(', ')}` : `, ${wanted.join(', ')}`;
  return { edit: { line: close.line, character: close.character, endLine: close.line, endCharacter: close.character, text } };
}

/** The `)` closing the `(` before `from` on `line`, skipping strings and nested brackets. */
function closingParen(lines: readonly string[], line: number, from: number): { line: number; character: number } | undefined {
  let depth = 0;
  let quote: string | undefined;
  for (let l = line; l < lines.length && l < line + 50; l++) {
    const text = lines[l];
    for (let c = l === line ? from : 0; c < text.length; c++) {
      const ch = text[c];
      if (quote) {
        if (ch === '\\') c++;
        else if (ch === quote) quote = undefined;
      } else if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '#') break;
      else if (ch === '(' || ch === '[' || ch === '{') depth++;
      else if (ch === ')' || ch === ']' || ch === '}') {
        if (depth === 0) return ch === ')' ? { line: l, character: c } : undefined;
        depth--;
      }
    }
  }
  return undefined;
}

function paramsText(lines: readonly string[], line: number, close: { line: number; character: number }): string {
  const open = lines[line].indexOf('(') + 1;
  if (close.line === line) return lines[line].slice(open, close.character);
  return [lines[line].slice(open), ...lines.slice(line + 1, close.line), lines[close.line].slice(0, close.character)].join('\n');
}

/** `from notte_sdk import NotteClient` after the file's last top-level import, else after its docstring. */
function importEdit(lines: readonly string[], eol: string): TextEdit {
  let after = -1;
  for (let i = 0; i < lines.length; i++) {
    if (/^(import\s|from\s\S+\s+import\s)/.test(lines[i])) after = i;
    else if (/^(def|class|async\s+def|with|if)\b/.test(lines[i])) break;
  }
  if (after < 0) after = docstringEnd(lines);
  const line = after + 1;
  return { line, character: 0, endLine: line, endCharacter: 0, text: `from notte_sdk import NotteClient${eol}` };
}

/** The last line of a module docstring at the top, or -1. */
function docstringEnd(lines: readonly string[]): number {
  const first = lines[0] ?? '';
  const quote = /^[rRuU]?("""|''')/.exec(first)?.[1];
  if (!quote) return -1;
  if (first.indexOf(quote, first.indexOf(quote) + 3) >= 0) return 0;
  for (let i = 1; i < lines.length; i++) if (lines[i].includes(quote)) return i;
  return -1;
}
