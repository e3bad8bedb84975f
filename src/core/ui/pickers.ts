import vscode = require('vscode');
import { describeError } from './errorText';
import { FunctionRun, functionLabel, NotteFunction } from '../../api/types';
import { Ctx } from '../window';
import { shortId } from '../../shared/format';
import { formatAge } from '../../shared/time';
import { FunctionNode, RunNode } from '../functions/nodes';

interface FunctionPick extends vscode.QuickPickItem {
  fn: NotteFunction;
}

/** A function chosen from a quick pick filled page by page, so large accounts show results at once. */
export async function pickFunction(ctx: Ctx, title: string): Promise<NotteFunction | undefined> {
  const quickPick = vscode.window.createQuickPick<FunctionPick>();
  quickPick.title = title;
  quickPick.placeholder = 'Pick a function';
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.busy = true;
  const controller = new AbortController();
  const chosen = new Promise<NotteFunction | undefined>((resolve) => {
    quickPick.onDidAccept(() => {
      resolve(quickPick.selectedItems[0]?.fn);
      quickPick.hide();
    });
    quickPick.onDidHide(() => {
      resolve(undefined);
      controller.abort();
      quickPick.dispose();
    });
  });
  quickPick.show();
  void (async () => {
    try {
      const items: FunctionPick[] = [];
      for await (const fn of ctx.connection.client().functions({ page_size: 100 }, { signal: controller.signal })) {
        items.push({
          label: functionLabel(fn),
          description: fn.function_id,
          detail: fn.description ?? undefined,
          fn,
        });
        if (items.length % 100 === 0) quickPick.items = [...items];
      }
      quickPick.items = items;
      if (items.length === 0) quickPick.placeholder = 'No functions on this server';
    } catch (error) {
      if (!controller.signal.aborted) {
        quickPick.placeholder = `Could not list functions: ${describeError(error)}`;
      }
    } finally {
      quickPick.busy = false;
    }
  })();
  return chosen;
}

/** Accepts a tree node, a function id, or nothing (then asks). */
export async function resolveFunction(ctx: Ctx, target: unknown, title: string): Promise<NotteFunction | undefined> {
  if (target instanceof FunctionNode) return target.fn;
  if (typeof target === 'string' && target) return { function_id: target, created_at: '', updated_at: '' };
  if (isFunctionLike(target)) return target;
  return pickFunction(ctx, title);
}

/** The function a command acts on, as the server describes it now (its variables included). */
export async function chooseFunction(ctx: Ctx, target: unknown, title: string): Promise<NotteFunction | undefined> {
  const chosen = await resolveFunction(ctx, target, title);
  return chosen && fetchFunction(ctx, chosen.function_id);
}

/** The function as the server describes it now (variables included); errors are shown and give undefined. */
export async function fetchFunction(ctx: Ctx, functionId: string): Promise<NotteFunction | undefined> {
  try {
    return await ctx.connection.client().getFunction(functionId);
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not load function ${functionId}: ${describeError(error)}`);
    return undefined;
  }
}

/** What run pickers filter on; both a fetched run and a tree item's summary have it. */
export type RunInfo = Pick<FunctionRun, 'status' | 'session_id' | 'created_at'>;

export interface RunRef {
  functionId: string;
  runId: string;
  run?: RunInfo;
}

/** Accepts a run node, (functionId, runId), a run object, or nothing (then asks among known runs). */
export async function resolveRun(ctx: Ctx, target: unknown, maybeRunId: unknown, filter: (run: RunInfo) => boolean, title: string): Promise<RunRef | undefined> {
  if (target instanceof RunNode) return { functionId: target.functionId, runId: target.id, run: target.run };
  if (typeof target === 'string' && typeof maybeRunId === 'string') return { functionId: target, runId: maybeRunId };
  if (target && typeof target === 'object' && 'function_run_id' in target && 'function_id' in target) {
    const run = target as FunctionRun;
    return { functionId: run.function_id, runId: run.function_run_id, run };
  }
  return pickRun(ctx, filter, title);
}

async function pickRun(ctx: Ctx, filter: (run: RunInfo) => boolean, title: string): Promise<RunRef | undefined> {
  const fromWindow = ctx.activeRuns.all().filter((r) => r.runId);
  const picks = new Map<string, vscode.QuickPickItem & RunRef>();
  for (const active of fromWindow) {
    picks.set(active.runId!, {
      label: active.functionName,
      description: shortId(active.runId!),
      detail: 'started from this window',
      functionId: active.functionId,
      runId: active.runId!,
    });
  }
  for (const node of ctx.functions.knownRuns()) {
    if (!filter(node.run) || picks.has(node.id)) continue;
    picks.set(node.id, {
      label: node.functionName,
      description: shortId(node.id),
      detail: `${node.run.status} · ${formatAge(node.run.created_at)}`,
      functionId: node.functionId,
      runId: node.id,
      run: node.run,
    });
  }
  if (picks.size === 0) {
    void vscode.window.showInformationMessage('No matching runs. Expand a function in the Notte view to load its runs.');
    return undefined;
  }
  return vscode.window.showQuickPick([...picks.values()], { title, placeHolder: 'Pick a run' });
}

function isFunctionLike(value: unknown): value is NotteFunction {
  return !!value && typeof value === 'object' && typeof (value as NotteFunction).function_id === 'string';
}
