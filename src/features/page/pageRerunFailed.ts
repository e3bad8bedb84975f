// "Rerun failed runs since…" on the page's history: every run of the function that failed within the
// chosen window (a failed status, or closed with a Python traceback as its result, as a local run
// records a failure; runs a person stopped from here are not failures) runs again with its variables,
// through Run Batch (its concurrency bound, its 429 waits, its summary document), then the page says
// how many now pass.
import vscode = require('vscode');
import type { FunctionRun } from '../../api/types';
import { describeError } from '../../core/ui/errorText';
import { Commands } from '../../shared/contributions';
import { runStartedAtMs, shownRunState } from '../../shared/runs';
import type { PageHost } from './pageHost';
import { RERUN_WINDOWS } from './protocol';

/** Runs read at most, newest first, looking for failures in the window. */
const MAX_RUNS_READ = 1000;
/** Failed runs run again at most, the most recent ones. */
export const MAX_RERUNS = 100;
const PAGE_SIZE = 50;

/** What Run Batch answers its caller. */
interface BatchAnswer {
  outcomes: { status: string }[];
}

export async function rerunFailedRuns(page: PageHost, sinceHours: number): Promise<void> {
  const window = RERUN_WINDOWS.find(([hours]) => hours === sinceHours)?.[1] ?? `the last ${sinceHours} hours`;
  let failed: FunctionRun[];
  try {
    failed = await failedRunsSince(page, Date.now() - sinceHours * 3_600_000);
  } catch (error) {
    page.notice('error', `Could not list the runs of ${page.functionName}: ${describeError(error)}`);
    return;
  }
  if (failed.length === 0) {
    page.notice('info', `No run of ${page.functionName} failed in ${window}: nothing to run again.`);
    return;
  }
  const chosen = failed.slice(0, MAX_RERUNS);
  const more = failed.length > chosen.length ? ` (the ${chosen.length} most recent of ${failed.length})` : '';
  page.notice('info', `Running the variables of ${chosen.length} failed run${chosen.length === 1 ? '' : 's'} of ${window} again${more}…`);
  const answer = await vscode.commands.executeCommand<BatchAnswer | undefined>(
    Commands.runBatch,
    page.functionId,
    chosen.map((run) => run.variables ?? {}),
  );
  if (!answer || !Array.isArray(answer.outcomes)) {
    page.notice('info', 'The failed runs were not run again.');
    return;
  }
  const passed = answer.outcomes.filter((o) => o.status === 'closed').length;
  const stillFailing = answer.outcomes.length - passed;
  page.notice(
    stillFailing ? 'error' : 'info',
    `Ran the variables of ${answer.outcomes.length} failed run${answer.outcomes.length === 1 ? '' : 's'} of ${window} again${more}: ${passed} closed now, ${stillFailing} failed again. The batch's summary is open beside.`,
  );
}

/** The function's failed runs started since `since` (ms), newest first. */
async function failedRunsSince(page: PageHost, since: number): Promise<FunctionRun[]> {
  const client = page.ctx.connection.client();
  const failed: FunctionRun[] = [];
  for (let number = 1; number <= MAX_RUNS_READ / PAGE_SIZE; number++) {
    const answer = await client.listRuns(page.functionId, { page: number, page_size: PAGE_SIZE, only_active: false });
    for (const run of answer.items) {
      if (runStartedAtMs(run, 0) < since) return failed;
      if (shownRunState(run, page.ctx.stoppedRuns.has(run.function_run_id)) === 'failed') failed.push(run);
    }
    if (!answer.has_next || answer.items.length === 0) break;
  }
  return failed;
}
