import vscode = require('vscode');
import { seconds } from '../../contracts/contractCheck';
import { describeDiff } from '../../contracts/jsonDiff';
import type { TestOutcome } from '../../contracts/setRunner';
import type { SetTest } from '../../contracts/setTests';
import { runSetTests } from '../../core/setTests/runSetTests';
import { readSetsFiles, setTestsOf } from '../../core/setTests/workspaceSets';
import type { WindowContext } from '../../core/windowContext';
import { md } from '../../shared/markdown';
import { abortOn, missingKey, NotteTool, requireString, whereItRuns } from './toolHelpers';

interface TestInput {
  function_id: string;
  set?: string;
}

/** Violations and changes told per failed set, at most. */
const SHOWN = 10;

/**
 * `notte_test_function`: runs a function's saved sets (or one) as tests on the server this editor is
 * connected to, as the Testing view's "Run on Notte" does, and answers each verdict, the contract's
 * violations and what changed since the set last passed.
 */
export const testFunctionTool: NotteTool<TestInput> = {
  async prepare(ctx, input) {
    const id = requireString(input, 'function_id');
    const functionId = 'value' in id ? id.value : '(no function_id given)';
    const found = 'value' in id && (await ctx.connection.hasApiKey()) ? await setsOf(ctx, functionId, input.set) : undefined;
    const sets = found && 'tests' in found ? found.tests.map((t) => t.setName).join(', ') : input?.set || 'all its saved sets';
    const message = new vscode.MarkdownString(
      md`Runs the saved sets of ${functionId} (${sets}) on ${whereItRuns(ctx)} as tests, each checked against its contract; each set is one run.`,
    );
    return {
      invocationMessage: `Testing ${functionId} on ${whereItRuns(ctx)}`,
      confirmationMessages: { title: `Test the Notte function ${functionId}?`, message },
    };
  },

  async invoke(ctx, input, token) {
    const id = requireString(input, 'function_id');
    if ('error' in id) return `${id.error} Call notte_list_functions to see the function ids.`;
    const noKey = await missingKey(ctx);
    if (noKey) return noKey;
    const found = await setsOf(ctx, id.value, input.set);
    if ('error' in found) return found.error;
    const outcomes = await runSetTests(ctx, found.tests, { place: 'server', signal: abortOn(token).signal, askMasked: false });
    const failed = outcomes.filter((o) => !o.verdict.passed).length;
    return [`${outcomes.length - failed} passed, ${failed} failed (saved sets of ${id.value} on ${whereItRuns(ctx)}).`, ...outcomes.map(describeOutcome)].join('\n\n');
  },
};

/** The function's saved sets in this workspace (or the one named), or the text to answer. */
async function setsOf(ctx: WindowContext, functionId: string, set: string | undefined): Promise<{ tests: SetTest[] } | { error: string }> {
  const all = (await setTestsOf(ctx, await readSetsFiles())).filter((t) => t.functionId === functionId || t.functionLabel === functionId);
  if (all.length === 0) {
    return { error: `There are no saved sets of ${functionId} in this workspace (.notte/variables/<function name>.json). Save a set from the function's page first.` };
  }
  if (!set) return { tests: all };
  const chosen = all.filter((t) => t.setName === set);
  return chosen.length ? { tests: chosen } : { error: `${functionId} has no saved set named "${set}"; its sets: ${all.map((t) => t.setName).join(', ')}.` };
}

function describeOutcome(outcome: TestOutcome): string {
  const { test, verdict } = outcome;
  const run = outcome.runId ? `run_id ${outcome.runId}, status ${outcome.status}` : 'no run was made';
  if (verdict.passed) return `✓ ${test.setName}: passed in ${seconds(outcome.durationMs ?? 0)} s (${run}).`;
  const lines = [`✗ ${test.setName || test.functionLabel}: failed (${run}).`];
  for (const failure of verdict.failures) {
    lines.push(`- ${failure.message}`);
    for (const v of (failure.violations ?? []).slice(0, SHOWN)) lines.push(`  - ${v.path} ${v.message}`);
  }
  if (outcome.diff) lines.push('Since the set last passed:', ...describeDiff(outcome.diff, SHOWN).map((l) => `- ${l}`));
  return lines.join('\n');
}
