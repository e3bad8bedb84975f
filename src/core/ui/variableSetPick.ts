import vscode = require('vscode');
import { functionLabel, NotteFunction } from '../../api/types';
import { maskedNames } from '../../shared/savedSets';
import { convertToolVariables } from '../../shared/variableValues';
import type { WindowContext } from '../windowContext';

export type StartingValues = { kind: 'run'; variables: Record<string, unknown> } | { kind: 'enter' } | { kind: 'cancel' };

/**
 * Run Function's first step when the function has saved variable sets: the last values, each set, or
 * "enter new" (the input boxes). Without saved sets it asks nothing. A broken sets file is reported
 * (file and line) and the input boxes follow.
 */
export async function pickStartingValues(ctx: WindowContext, fn: NotteFunction): Promise<StartingValues> {
  const store = ctx.savedSets;
  const read = await store.read(fn.name ?? undefined, fn.function_id);
  if (!read.ok) {
    if (read.uri) void vscode.window.showWarningMessage(vscode.l10n.t('Saved variable sets not offered: {0}', read.message));
    return { kind: 'enter' };
  }
  if (read.sets.length === 0) return { kind: 'enter' };
  type Pick = vscode.QuickPickItem & { variables?: Record<string, unknown>; what?: string };
  const items: Pick[] = [];
  const last = ctx.state.lastVariables(fn.function_id);
  if (Object.keys(last).length) items.push({ label: '$(history) Last values', detail: JSON.stringify(last), variables: last, what: 'The last values' });
  for (const set of read.sets)
    items.push({
      label: `$(bookmark) ${set.name}`,
      description: 'saved set',
      detail: JSON.stringify(set.variables),
      variables: set.variables,
      what: `The saved set "${set.name}"`,
    });
  items.push({ label: '$(edit) Enter new values…', description: 'one box per variable' });
  const choice = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Run {0}', functionLabel(fn)),
    placeHolder: vscode.l10n.t('Which variables?'),
    ignoreFocusOut: true,
    matchOnDetail: true,
  });
  if (!choice) return { kind: 'cancel' };
  if (!choice.variables) return { kind: 'enter' };
  const filled = await fillMaskedValues(choice.variables, `Run ${functionLabel(fn)}`);
  if (!filled) return { kind: 'cancel' };
  // A set written by hand, or saved before run(...) changed, is checked as the JSON box checks what is typed.
  const checked = Array.isArray(fn.variables) ? convertToolVariables(fn.variables, filled) : { ok: true as const, variables: filled };
  if (checked.ok) return { kind: 'run', variables: checked.variables };
  const problem = checked.message.split('\n')[0];
  const file = vscode.workspace.asRelativePath(read.uri);
  void vscode.window.showErrorMessage(
    vscode.l10n.t('{0} does not fit run(...) of {1}: {2} Enter the values instead, or fix the set in {3}.', choice.what!, functionLabel(fn), problem, file),
  );
  return { kind: 'enter' };
}

/**
 * A set's variables with the values it keeps masked (a password saved as ••••••) asked for, one
 * hidden input box each; undefined when the user cancels. The same answer fills every set of a batch.
 */
export async function fillMaskedValues(variables: Record<string, unknown>, title: string, answers = new Map<string, string>()): Promise<Record<string, unknown> | undefined> {
  const filled = { ...variables };
  for (const name of maskedNames(variables)) {
    let value = answers.get(name);
    if (value === undefined) {
      value = await vscode.window.showInputBox({
        title,
        prompt: vscode.l10n.t('{0}: its saved value is masked (secret-looking name). Type it for this run; it is not saved.', name),
        password: true,
        ignoreFocusOut: true,
      });
      if (value === undefined) return undefined;
      answers.set(name, value);
    }
    filled[name] = value;
  }
  return filled;
}

/** Every saved set of a function, for Run Batch's "all sets"; undefined when there are none or the file is broken. */
export async function allSavedSets(
  ctx: WindowContext,
  fn: Pick<NotteFunction, 'function_id' | 'name'>,
): Promise<{ sets: Record<string, unknown>[]; file: string } | { error: string } | undefined> {
  const store = ctx.savedSets;
  const read = await store.read(fn.name ?? undefined, fn.function_id);
  if (!read.ok) return read.uri ? { error: read.message } : undefined;
  if (!read.sets.length) return undefined;
  return { sets: read.sets.map((s) => s.variables), file: store.displayPath(read.uri) };
}
