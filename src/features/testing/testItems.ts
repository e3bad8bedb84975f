// The Testing view's items, drawn from the workspace's sets files alone (no request, no Python): an
// item per function that has saved sets, a child per set. A function whose file the workspace links
// carries that file and its `run(` line, so the editor shows ▶ there; each set sits at its line of the
// sets file. A sets file that cannot be read is an item with its error (file and line), no children; a
// set that cannot run (a wrong field) is its item with its error, beside the others.
import fs = require('fs');
import vscode = require('vscode');
import { functionForSetsFile } from '../../contracts/setTests';
import type { LinkStore } from '../../core/links/linkStore';
import type { SetsFile } from '../../core/setTests/workspaceSets';
import { elementLines } from '../../shared/jsonWithLines';
import { findRunDefinitions } from '../../shared/runDefinitions';
import type Ajv from 'ajv';
import { readSetsEach, savedSetNames, SavedSetsError, setSchemaProblem } from '../../shared/savedSets';

/** A set's item id: the sets file's name and the set's, as the set runner names its test ("prices.json#smoke"). */
export function setItemId(fileName: string, setName: string): string {
  return `${fileName}#${setName}`;
}

/** The sets file and set an item stands for (no set for a function's item). */
export function itemTarget(id: string): { fileName: string; setName?: string } {
  const at = id.indexOf('#');
  return at < 0 ? { fileName: id } : { fileName: id.slice(0, at), setName: id.slice(at + 1) };
}

/** The function's own file, as the link file says, with the line of its `def run(`. */
interface FunctionFile {
  uri: vscode.Uri;
  line: number;
  name?: string;
}

/** The items of one sets file: undefined when it has no set (an empty list, or gone). */
export async function functionItem(controller: vscode.TestController, file: SetsFile, links: LinkStore): Promise<vscode.TestItem | undefined> {
  let names: string[];
  try {
    // The sets are listed first; the rest of the file is checked later (fileProblemItem).
    names = savedSetNames(file.text);
  } catch (error) {
    if (!(error instanceof SavedSetsError)) throw error;
    return brokenItem(controller, file, error);
  }
  if (names.length === 0) return undefined;
  const own = await linkedFile(file.fileName, links);
  const item = controller.createTestItem(file.fileName, own?.name || stem(file.fileName), own?.uri ?? file.uri);
  item.range = lineRange(own?.line ?? 0);
  if (own) item.description = vscode.workspace.asRelativePath(own.uri, false);
  // Every set's line in one scan of the text (a pointer's line is a scan each).
  const lines = elementLines(file.text);
  item.children.replace(
    names.map((name, index) => {
      const child = controller.createTestItem(setItemId(file.fileName, name), name, file.uri);
      child.range = lineRange((lines[index] ?? 1) - 1);
      return child;
    }),
  );
  return item;
}

/**
 * What the full read of a listed file finds: the file unusable (it is then an item with its error and no
 * set), or the sets that cannot run (a variable or contract field wrong, a result schema that does not
 * compile), each to show at its own item while the others run; undefined when every set reads.
 * A validator and its compiles cost milliseconds each, so the Testing view lists the sets first and
 * asks this afterwards, with one validator (`ajv`) for all the files it checks at once.
 */
export function fileProblems(file: SetsFile, ajv: Ajv): { file: SavedSetsError } | { sets: Map<string, SavedSetsError> } | undefined {
  let entries;
  try {
    entries = readSetsEach(file.text);
  } catch (error) {
    if (!(error instanceof SavedSetsError)) throw error;
    return { file: error };
  }
  const sets = new Map<string, SavedSetsError>();
  const names = new Set<string>();
  for (const entry of entries) {
    // A set without a name (or a second one of a name) cannot be an item of its own: the file is told broken.
    if (!('set' in entry) && (entry.name === undefined || names.has(entry.name))) return { file: entry.problem };
    const name = 'set' in entry ? entry.set.name : (entry.name as string);
    names.add(name);
    const problem = 'set' in entry ? setSchemaProblem(file.text, entry.set, entry.index, ajv) : entry.problem;
    if (problem) sets.set(name, problem);
  }
  return sets.size ? { sets } : undefined;
}

/** Shows what fileProblems found: the file's item replaced by one with its error, or each broken set's item with its own. */
export function showFileProblems(controller: vscode.TestController, file: SetsFile, found: NonNullable<ReturnType<typeof fileProblems>>): void {
  if ('file' in found) return controller.items.add(brokenItem(controller, file, found.file));
  const item = controller.items.get(file.fileName);
  for (const [name, problem] of found.sets) {
    const child = item?.children.get(setItemId(file.fileName, name));
    if (!child) continue;
    child.range = lineRange(problem.line - 1);
    child.error = vscode.l10n.t('{0}, line {1}: {2}. Fix the file by hand; the other sets run.', file.displayPath, problem.line, problem.reason);
  }
}

/** A sets file that cannot be used: its item carries the error (file and line), and no set. */
function brokenItem(controller: vscode.TestController, file: SetsFile, error: SavedSetsError): vscode.TestItem {
  const broken = controller.createTestItem(file.fileName, stem(file.fileName), file.uri);
  broken.range = lineRange(error.line - 1);
  broken.error = vscode.l10n.t('{0}, line {1}: {2}. Fix the file by hand; it is left as it is.', file.displayPath, error.line, error.reason);
  return broken;
}

/** The workspace file linked to the function the sets file is named after, if any. */
async function linkedFile(fileName: string, links: LinkStore): Promise<FunctionFile | undefined> {
  const linked = links.allLinked();
  if (linked.length === 0) return undefined;
  const owner = functionForSetsFile(
    fileName,
    linked.map((l) => ({ function_id: l.link.functionId, name: l.link.name })),
    [],
    links.currentApiUrl,
  );
  if (!('fn' in owner)) return undefined;
  const uri = links.filesOf(owner.fn.function_id)[0];
  if (!uri) return undefined;
  const text = await fs.promises.readFile(uri.fsPath, 'utf8').catch(() => '');
  return { uri, line: findRunDefinitions(text)[0]?.line ?? 0, name: owner.fn.name ?? undefined };
}

function lineRange(line: number): vscode.Range {
  const at = Math.max(0, line);
  return new vscode.Range(at, 0, at, 0);
}

function stem(fileName: string): string {
  return fileName.replace(/\.json$/, '');
}
