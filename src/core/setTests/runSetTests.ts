// Runs saved sets as tests from the editor (the Testing view, the agents' tool): the set runner of
// contracts/ (the checks before running, Run Batch's concurrency and 429 waits, the contract's
// verdict, the diff against the last passing result) with a client of the place they run on, the
// values a set keeps masked asked once, and the last passing results in the same file notte-test keeps.
import path = require('path');
import vscode = require('vscode');
import { LAST_PASSING_FILE, LastPassingFile } from '../../contracts/lastPassing';
import { runSets, SetRunOptions, TestOutcome } from '../../contracts/setRunner';
import { SetTest, testTitle } from '../../contracts/setTests';
import { maskedNames } from '../../shared/savedSets';
import { fillMaskedValues } from '../ui/variableSetPick';
import type { WindowContext } from '../windowContext';
import { debugRunClient } from './debugRunClient';
import { localRunClient, serverRunClient, TestPlace } from './placeClients';
import { notteFolder } from '../notteFolder';

export type { TestPlace };

export interface SetTestsRequest extends Pick<SetRunOptions, 'onOutcome' | 'onLog' | 'onStarted'> {
  place: TestPlace;
  signal?: AbortSignal;
  /** The Testing view's run, which a debug session is tied to. */
  testRun?: vscode.TestRun;
  /** Ask for the values the sets keep masked (a person is there); else such sets fail saying so. */
  askMasked: boolean;
}

/** The last passing results of the workspace (shared with notte-test), or none without a folder. */
export function lastPassingResults(): LastPassingFile | undefined {
  const folder = notteFolder();
  return folder && new LastPassingFile(path.join(folder.uri.fsPath, LAST_PASSING_FILE));
}

/** Runs the tests where asked; answers their outcomes in the order given. */
export async function runSetTests(ctx: WindowContext, tests: readonly SetTest[], request: SetTestsRequest): Promise<TestOutcome[]> {
  const titles = new Map<string, string>();
  const runTitles = { titleOf: (runId: string) => titles.get(runId) };
  const client =
    request.place === 'server' ? serverRunClient(ctx, runTitles) : request.place === 'local' ? localRunClient(ctx, runTitles) : debugRunClient(ctx, runTitles, request.testRun);
  const masked = request.askMasked ? await askMaskedValues(tests) : new Map<string, string>();
  const lastPassing = lastPassingResults();
  try {
    return await runSets(client, tests, {
      // One debug session at a time: each may stop at a breakpoint and wait for the author.
      concurrency: request.place === 'debug' ? 1 : ctx.config.batchMaxConcurrent,
      signal: request.signal,
      runTimeoutMs: ctx.config.runTimeoutSeconds * 1000,
      maskedValue: (name) => masked.get(name),
      maskedHint: () => (request.askMasked ? 'it was not typed when asked' : 'run the set from the Testing view, which asks for it'),
      lastPassing,
      onOutcome: request.onOutcome,
      onLog: request.onLog,
      onStarted: (test, runId) => {
        titles.set(runId, testTitle(test));
        request.onStarted?.(test, runId);
      },
    });
  } finally {
    try {
      lastPassing?.save();
    } catch (error) {
      ctx.output.line(`The last passing results could not be kept in ${LAST_PASSING_FILE}: ${(error as Error).message}`, 'warning');
    }
  }
}

/** The values the tests keep masked (a password saved as ••••••), each asked once; those not typed are left out. */
async function askMaskedValues(tests: readonly SetTest[]): Promise<Map<string, string>> {
  const answers = new Map<string, string>();
  for (const test of tests) {
    if (test.problem || maskedNames(test.variables).every((name) => answers.has(name))) continue;
    if (!(await fillMaskedValues(test.variables, `Test ${testTitle(test)}`, answers))) break;
  }
  return answers;
}
