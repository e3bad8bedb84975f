// Reads the variable sets of a batch from JSON (an array of objects) or CSV (a header row).
// No vscode import: parsing errors name the line so the UI can point at it.

import { elementLines, parseJsonWithLine } from './jsonWithLines';

export type VariableSet = Record<string, unknown>;

export class VariableSetError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`Line ${line}: ${message}`);
    this.name = 'VariableSetError';
  }
}

/** The text of a CSV set's cells as written, before csvValue read them ("3.10" as 3.1). */
const cellTexts = new WeakMap<VariableSet, Record<string, string>>();

/** A CSV set's cell as written, for a reader that knows the variable's type; undefined for JSON sets. */
export function csvCellText(set: VariableSet, name: string): string | undefined {
  return cellTexts.get(set)?.[name];
}

export function parseVariableSets(text: string, format: 'json' | 'csv'): VariableSet[] {
  return format === 'csv' ? parseCsvSets(text) : parseJsonSets(text);
}

/** Picks the format from a file name, falling back to what the text looks like. */
export function detectFormat(fileName: string | undefined, text: string): 'json' | 'csv' {
  if (fileName?.toLowerCase().endsWith('.csv')) return 'csv';
  if (fileName?.toLowerCase().endsWith('.json')) return 'json';
  return /^\s*[[{]/.test(text) ? 'json' : 'csv';
}

export function parseJsonSets(text: string): VariableSet[] {
  const read = parseJsonWithLine(text);
  if (!read.ok) throw new VariableSetError(`invalid JSON (${read.reason})`, read.line);
  const parsed = read.value;
  if (!Array.isArray(parsed)) throw new VariableSetError('a batch file must hold a JSON array of objects, like [{"url": "https://example.com"}]', 1);
  if (parsed.length === 0) throw new VariableSetError('the array is empty: there is nothing to run', 1);
  const lines = elementLines(text);
  parsed.forEach((item, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new VariableSetError(`item ${index + 1} is not an object of variables`, lines[index] ?? 1);
    }
  });
  return parsed as VariableSet[];
}

/**
 * RFC 4180 CSV with a header row. Cells that parse as JSON numbers, booleans, null, arrays
 * or objects become those values; everything else stays text.
 */
export function parseCsvSets(text: string): VariableSet[] {
  const rows = parseCsvRows(text);
  const nonEmpty = rows.filter((row) => !(row.cells.length === 1 && row.cells[0] === ''));
  if (nonEmpty.length === 0) throw new VariableSetError('the file is empty', 1);
  const [header, ...records] = nonEmpty;
  const names = header.cells.map((name) => name.trim());
  names.forEach((name) => {
    if (!name) throw new VariableSetError('the header row has an empty column name', header.line);
  });
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate) throw new VariableSetError(`the header names "${duplicate}" twice`, header.line);
  if (records.length === 0) throw new VariableSetError('there is a header row but no rows to run', header.line);
  return records.map((record) => {
    if (record.cells.length !== names.length) {
      throw new VariableSetError(`expected ${names.length} cells (${names.join(', ')}) but found ${record.cells.length}`, record.line);
    }
    const set: VariableSet = {};
    names.forEach((name, i) => (set[name] = csvValue(record.cells[i])));
    cellTexts.set(set, Object.fromEntries(names.map((name, i) => [name, record.cells[i]])));
    return set;
  });
}

interface CsvRow {
  cells: string[];
  line: number;
}

function parseCsvRows(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const source = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"' && source[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') {
      quoted = true;
    } else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      cells.push(cell);
      rows.push({ cells, line: rowLine });
      cells = [];
      cell = '';
      line++;
      rowLine = line;
    } else {
      cell += ch;
    }
  }
  if (quoted) throw new VariableSetError('a quoted cell is never closed', rowLine);
  if (cell !== '' || cells.length) {
    cells.push(cell);
    rows.push({ cells, line: rowLine });
  }
  return rows;
}

function csvValue(cell: string): unknown {
  const trimmed = cell.trim();
  if (/^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null|\[.*\]|\{.*\})$/s.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return cell;
    }
  }
  return cell;
}
