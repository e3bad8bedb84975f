// Saved sets as tests: a test per set of a `.notte/variables/<function>.json` file, the function a
// file belongs to (by the file-name rule of shared/savedSets.ts and the links of .notte/functions.json),
// and which tests a pattern picks. No vscode import; the caller reads the files.
import { messageOf } from '../api/errors';
import { functionLabel } from '../api/types';
import type Ajv from 'ajv';
import { newSchemaValidator } from '../shared/jsonSchema';
import { readSetsEach, SavedSetsError, SetContract, SetEntry, setSchemaProblem, setsFileName } from '../shared/savedSets';

export interface SetTest {
  /** Unique and stable across runs: the sets file's name and the set's ("prices.json#smoke"). */
  id: string;
  functionId: string;
  /** How the function is named to a person: its name, else its id. */
  functionLabel: string;
  /** The set's name; empty for a file that could not be read (then `problem` says why). */
  setName: string;
  variables: Record<string, unknown>;
  expect?: SetContract;
  /** Why it cannot run, known before running (a broken file, no such function): it fails with this. */
  problem?: string;
}

/** "prices / smoke", or the file alone for a file that could not be read. */
export function testTitle(test: SetTest): string {
  return test.setName ? `${test.functionLabel} / ${test.setName}` : test.functionLabel;
}

/** A function as a listing or a link knows it. */
export interface FunctionRef {
  function_id: string;
  name?: string | null;
}

/**
 * The function a sets file belongs to: the one its name comes from (its name, else its id, as
 * setsFileName writes it). A function the workspace links (.notte/functions.json, for the server
 * the tests run on) wins over the server's listing; two functions of the same name are told.
 */
export function functionForSetsFile(
  fileName: string,
  linked: readonly FunctionRef[],
  listed: readonly FunctionRef[],
  serverUrl: string,
): { fn: FunctionRef } | { problem: string } {
  const named = (fn: FunctionRef) => setsFileName(fn.name ?? undefined, fn.function_id) === fileName || setsFileName(undefined, fn.function_id) === fileName;
  for (const candidates of [linked, listed]) {
    const found = unique(candidates.filter(named));
    if (found.length === 1) return { fn: found[0] };
    if (found.length > 1) {
      return {
        problem: `${found.length} functions on ${serverUrl} give this file name (${found.map((f) => f.function_id).join(', ')}): link the function's file in .notte/functions.json to choose`,
      };
    }
  }
  const stem = fileName.replace(/\.json$/, '');
  return { problem: `no function on ${serverUrl} is named "${stem}" (a sets file is named after its function's name, else its id)` };
}

function unique(fns: FunctionRef[]): FunctionRef[] {
  return fns.filter((fn, i) => fns.findIndex((f) => f.function_id === fn.function_id) === i);
}

/**
 * The tests of one sets file, in the file's order. A file that cannot be read is one failing test
 * saying why (with the line); a set that cannot (a wrong field, a name used twice, a result schema that
 * does not compile) fails at its line while the others run; sets whose function cannot be found fail
 * saying so: nothing is silently skipped.
 */
export function testsOfSetsFile(fileName: string, displayPath: string, text: string, owner: { fn: FunctionRef } | { problem: string }): SetTest[] {
  const label = 'fn' in owner ? functionLabel(owner.fn) : fileName.replace(/\.json$/, '');
  const functionId = 'fn' in owner ? owner.fn.function_id : '';
  const broken = (problem: SavedSetsError) => `${displayPath}: line ${problem.line}: ${problem.reason}`;
  let entries: SetEntry[];
  try {
    entries = readSetsEach(text);
  } catch (error) {
    if (error instanceof SavedSetsError) return [{ id: fileName, functionId, functionLabel: label, setName: '', variables: {}, problem: broken(error) }];
    throw error;
  }
  // Without its function (none of that name, or the server unreachable), each set fails with the reason.
  const problem = 'problem' in owner ? owner.problem : undefined;
  const ids = new Set<string>();
  let ajv: Ajv | undefined;
  return entries.map((entry, position) => {
    const setName = 'set' in entry ? entry.set.name : (entry.name ?? `set ${position + 1}`);
    // A name used twice (or none) is told by its place, so every test keeps an id of its own (a place
    // another set took as its name, "3", gets a mark).
    let id = ids.has(`${fileName}#${setName}`) || !('set' in entry || entry.name) ? `${fileName}#${position + 1}` : `${fileName}#${setName}`;
    while (ids.has(id)) id += '′';
    ids.add(id);
    if (!('set' in entry)) return { id, functionId, functionLabel: label, setName, variables: {}, problem: broken(entry.problem) };
    const { set, index } = entry;
    const schema = set.expect?.result === undefined ? undefined : setSchemaProblem(text, set, index, (ajv ??= newSchemaValidator()));
    const why = problem ?? (schema && broken(schema));
    return { id, functionId, functionLabel: label, setName, variables: set.variables, expect: set.expect, ...(why ? { problem: why } : {}) };
  });
}

/** The tests a pattern picks: by function name or id, set name, or "function / set". */
export function testsMatching(tests: readonly SetTest[], pattern: RegExp): SetTest[] {
  return tests.filter((t) => [t.functionLabel, t.functionId, t.setName, testTitle(t)].some((text) => pattern.test(text)));
}

/** A sets file as read: its name in .notte/variables/, how messages name it, its text. */
export interface SetsFileText {
  fileName: string;
  displayPath: string;
  text: string;
}

/**
 * Every set of the files as a test, in file then set order, each file given to its function: one the
 * workspace links first, else one of the server's listing (asked only when a file needs it). When the
 * listing cannot be had (an unreachable server), each set of those files fails with that message.
 */
export async function testsOfSetsFiles(
  files: readonly SetsFileText[],
  linked: readonly FunctionRef[],
  listFunctions: () => AsyncIterable<FunctionRef>,
  serverUrl: string,
): Promise<SetTest[]> {
  const byLink = files.map((file) => functionForSetsFile(file.fileName, linked, [], serverUrl));
  let listed: FunctionRef[] | { problem: string } = [];
  if (byLink.some((owner) => 'problem' in owner)) {
    try {
      const all: FunctionRef[] = [];
      for await (const fn of listFunctions()) all.push(fn);
      listed = all;
    } catch (error) {
      listed = { problem: messageOf(error) };
    }
  }
  return files.flatMap((file, i) => {
    const owner = 'fn' in byLink[i] ? byLink[i] : Array.isArray(listed) ? functionForSetsFile(file.fileName, linked, listed, serverUrl) : listed;
    return testsOfSetsFile(file.fileName, file.displayPath, file.text, owner);
  });
}
