// The commands on a saved set's test (its context menu in the Testing view, its result and its
// messages in the Test Results view): Save as Expected, and the run it last made: Open Run, the
// function's page on that run, its replay.
import vscode = require('vscode');
import { inferSchema } from '../../contracts/schemaInference';
import { setsFolder } from '../../core/setTests/workspaceSets';
import type { WindowContext } from '../../core/windowContext';
import { Commands } from '../../shared/contributions';
import { withExpectedResult } from '../../shared/savedSets';
import { savedSetTestsPart } from './savedSetTests';
import { itemTarget } from './testItems';
import type { SetResult } from './testRun';

/** The test an argument names: a TestItem, `{ test, message }` of a message's menu, or an id. */
function testIdOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (!arg || typeof arg !== 'object') return undefined;
  const holder = arg as { id?: unknown; test?: { id?: unknown } };
  if (typeof holder.id === 'string') return holder.id;
  return typeof holder.test?.id === 'string' ? holder.test.id : undefined;
}

/** The set's last result in this window, or undefined after saying why there is none. */
function lastResultOf(ctx: WindowContext, arg: unknown, what: string): { id: string; result: SetResult } | undefined {
  const id = testIdOf(arg);
  const result = id ? ctx.peek(savedSetTestsPart)?.lastResult(id) : undefined;
  if (id && result) return { id, result };
  const set = id ? itemTarget(id).setName : undefined;
  void vscode.window.showInformationMessage(
    set
      ? vscode.l10n.t('{0}: run the set "{1}" first (from the Testing view).', what, set)
      : vscode.l10n.t("{0} works on a saved set's test: run one from the Testing view first.", what),
  );
  return undefined;
}

/**
 * "Save as Expected": the shape of the set's last result (a JSON Schema inferred from it) becomes its
 * contract's `expect.result`, its other contract fields and the file's other sets kept. A file that
 * cannot be read, or has unsaved changes, is left as it is. Answers whether it was written.
 */
export async function saveAsExpected(ctx: WindowContext, arg?: unknown): Promise<boolean> {
  const title = vscode.l10n.t('Save as Expected');
  const found = lastResultOf(ctx, arg, title);
  if (!found) return false;
  const { fileName, setName } = itemTarget(found.id);
  const { outcome } = found.result;
  const folder = setsFolder();
  if (!setName || !folder) return false;
  if (outcome.status !== 'closed' || outcome.verdict.failures.some((f) => f.check === 'traceback')) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('{0}: the last run of "{1}" did not close with a result ({2}); run it again until it does.', title, setName, outcome.status),
    );
    return false;
  }
  const uri = vscode.Uri.joinPath(folder, fileName);
  try {
    await ctx.savedSets.updateFile(uri, (sets) => withExpectedResult(sets, setName, inferSchema(outcome.verdict.value)));
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} did not write anything: {1}', title, (error as Error).message));
    return false;
  }
  const open = vscode.l10n.t('Open File');
  void vscode.window
    .showInformationMessage(
      vscode.l10n.t(
        'The shape of the last result of "{0}" is now its expected result (expect.result in {1}): edit it to loosen what it asks.',
        setName,
        ctx.savedSets.displayPath(uri),
      ),
      open,
    )
    .then((choice) => {
      if (choice === open) void vscode.window.showTextDocument(uri);
    });
  return true;
}

/** Open Run: the set's last run, as a read-only document. */
export async function openTestRun(ctx: WindowContext, arg?: unknown): Promise<void> {
  const run = runOf(ctx, arg, vscode.l10n.t('Open Run'));
  if (run) await vscode.commands.executeCommand(Commands.openRun, run.functionId, run.runId);
}

/** The function's page, on the set's last run. */
export async function openTestRunPage(ctx: WindowContext, arg?: unknown): Promise<void> {
  const run = runOf(ctx, arg, vscode.l10n.t('Open Function Page'));
  if (run) await vscode.commands.executeCommand(Commands.openFunctionPage, run.functionId, run.runId);
}

/** The replay of the set's last run's browser session. */
export async function openTestReplay(ctx: WindowContext, arg?: unknown): Promise<void> {
  const run = runOf(ctx, arg, vscode.l10n.t('Open Replay'));
  if (!run) return;
  if (!run.sessionId) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The last run of this set had no browser session, so there is no replay.'));
    return;
  }
  await vscode.commands.executeCommand(Commands.openReplay, run.functionId, run.runId);
}

function runOf(ctx: WindowContext, arg: unknown, what: string): { functionId: string; runId: string; sessionId?: string } | undefined {
  const found = lastResultOf(ctx, arg, what);
  if (!found) return undefined;
  const { outcome } = found.result;
  if (!outcome.runId) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The last test of this set made no run: {0}', outcome.verdict.failures[0]?.message ?? ''));
    return undefined;
  }
  return { functionId: outcome.test.functionId, runId: outcome.runId, sessionId: outcome.sessionId };
}
