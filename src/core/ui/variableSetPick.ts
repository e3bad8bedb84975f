import vscode = require('vscode');
import type { NotteFunction } from '../../api/types';
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
    if (read.uri) void vscode.window.showWarningMessage(`Saved variable sets not offered: ${read.message}`);
    return { kind: 'enter' };
  }
  if (read.sets.length === 0) return { kind: 'enter' };
  type Pick = vscode.QuickPickItem & { variables?: Record<string, unknown> };
  const items: Pick[] = [];
  const last = ctx.state.lastVariables(fn.function_id);
  if (Object.keys(last).length) items.push({ label: '$(history) Last values', detail: JSON.stringify(last), variables: last });
  for (const set of read.sets) items.push({ label: `$(bookmark) ${set.name}`, description: 'saved set', detail: JSON.stringify(set.variables), variables: set.variables });
  items.push({ label: '$(edit) Enter new values…', description: 'one box per variable' });
  const choice = await vscode.window.showQuickPick(items, {
    title: `Run ${fn.name || fn.function_id}`,
    placeHolder: 'Which variables?',
    ignoreFocusOut: true,
    matchOnDetail: true,
  });
  if (!choice) return { kind: 'cancel' };
  return choice.variables ? { kind: 'run', variables: choice.variables } : { kind: 'enter' };
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
