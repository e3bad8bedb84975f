// The tests of a workspace, as notte-test finds them: every set of DIR/.notte/variables/*.json, each
// file given to the function it is named after on the server, or to the function its file is
// linked to in DIR/.notte/functions.json for that server.
import fs = require('fs');
import path = require('path');
import type { NotteClient } from '../api/client';
import { FunctionRef, SetTest, testsOfSetsFiles } from '../contracts/setTests';
import { LINK_FILE, normalizeApiUrl, parseLinkFile } from '../shared/linkFile';
import { SETS_FOLDER } from '../shared/savedSets';
import { UsageError } from './testArgs';

/** The sets files of the workspace, by name; a workspace without any is a usage mistake. */
export function setsFiles(workspace: string): string[] {
  if (!fs.existsSync(workspace) || !fs.statSync(workspace).isDirectory()) throw new UsageError(`The workspace ${workspace} is not a folder.`);
  const folder = path.join(workspace, SETS_FOLDER);
  const files = fs.existsSync(folder) ? fs.readdirSync(folder).filter((name) => name.endsWith('.json') && fs.statSync(path.join(folder, name)).isFile()) : [];
  if (files.length === 0) throw new UsageError(`No saved sets in ${folder}: save a set from a function's page (or write .notte/variables/<function>.json) first.`);
  return files.sort();
}

/** Where the tests run: the API's address, and the folder of function files when it is a local server of notte-test's. */
export interface TestTarget {
  url: string;
  localFolder?: string;
}

/** Every set of the workspace as a test, in file then set order; what cannot be run is a failing test saying why. */
export async function workspaceTests(workspace: string, client: Pick<NotteClient, 'functions'>, target: TestTarget): Promise<SetTest[]> {
  const files = setsFiles(workspace).map((file) => ({
    fileName: file,
    displayPath: `${SETS_FOLDER}/${file}`,
    text: fs.readFileSync(path.join(workspace, SETS_FOLDER, file), 'utf8'),
  }));
  const links = linkedFunctions(workspace, target);
  const tests: SetTest[] = [];
  if ('problem' in links) tests.push({ id: 'functions.json', functionId: '', functionLabel: LINK_FILE, setName: '', variables: {}, problem: links.problem });
  // A local server's address is new at each run and means nothing to the reader: its folder does.
  const where = target.localFolder ? `the local server of ${target.localFolder} (a .py file at the top of that folder with a def run(...))` : target.url;
  tests.push(...(await testsOfSetsFiles(files, 'linked' in links ? links.linked : [], () => client.functions({ page_size: 100 }), where)));
  return tests;
}

/**
 * The functions the workspace links to on this API (none without a link file), or why the file cannot
 * be read. On a local server of notte-test's, a linked file at the top of its folder is the function
 * named after the file, whichever server it was linked on: the sets of a cloud function then run on
 * the repository's own code.
 */
function linkedFunctions(workspace: string, target: TestTarget): { linked: FunctionRef[] } | { problem: string } {
  const file = path.join(workspace, LINK_FILE);
  if (!fs.existsSync(file)) return { linked: [] };
  const read = parseLinkFile(fs.readFileSync(file, 'utf8'));
  if (!read.ok) return { problem: `line ${read.line}: ${read.message}` };
  const folder = target.localFolder;
  if (folder) {
    return {
      linked: [...read.content.links.entries()].flatMap(([linkedFile, links]) => {
        const absolute = path.resolve(workspace, linkedFile);
        if (path.dirname(absolute) !== folder || !absolute.endsWith('.py')) return [];
        return links.map((link) => ({ function_id: path.basename(absolute, '.py'), name: link.name ?? link.functionId }));
      }),
    };
  }
  const api = normalizeApiUrl(target.url);
  const links = [...read.content.links.values()].flat().filter((link) => link.apiUrl === api);
  return { linked: links.map((link) => ({ function_id: link.functionId, name: link.name })) };
}
