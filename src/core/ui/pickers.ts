import vscode = require('vscode');
import { describeError } from './errorText';
import { FunctionRun, functionLabel, NotteFunction } from '../../api/types';
import { WindowContext } from '../windowContext';
import { functionArg, RunRef, runArg } from '../commandArgs';
import { runRowDescription, runTitle, ShownRunState, shownRunState } from '../../shared/runs';
import { shortId } from '../../shared/format';
import { Commands } from '../../shared/contributions';
import { isLoopbackUrl } from '../../shared/loopback';

interface FunctionPick extends vscode.QuickPickItem {
  fn: NotteFunction;
}

/** A function chosen from a quick pick filled page by page, so large accounts show results at once. */
export async function pickFunction(ctx: WindowContext, title: string): Promise<NotteFunction | undefined> {
  const quickPick = vscode.window.createQuickPick<FunctionPick>();
  quickPick.title = title;
  quickPick.placeholder = 'Pick a function';
  quickPick.matchOnDescription = true;
  quickPick.matchOnDetail = true;
  quickPick.busy = true;
  const controller = new AbortController();
  let failed: string | undefined;
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
        const label = functionLabel(fn);
        items.push({
          label,
          // The id only where the label is a name of its own (it is the id when the function has none).
          description: label === fn.function_id ? undefined : fn.function_id,
          detail: fn.description ?? undefined,
          fn,
        });
        if (items.length % 100 === 0) quickPick.items = [...items];
      }
      quickPick.items = items;
      if (items.length === 0) quickPick.placeholder = 'No functions on this server';
    } catch (error) {
      // Said in a notification, whole and with what to do (a placeholder cuts it short); the empty pick goes.
      if (!controller.signal.aborted) {
        failed = describeError(error);
        quickPick.hide();
      }
    } finally {
      quickPick.busy = false;
    }
  })();
  const picked = await chosen;
  return failed === undefined ? picked : listingFailed(ctx, title, failed);
}

/** The listing failed: the message, Retry (the pick again), and Start Local Functions Server where the server is on this machine. */
async function listingFailed(ctx: WindowContext, title: string, why: string): Promise<NotteFunction | undefined> {
  const [retry, start] = [vscode.l10n.t('Retry'), vscode.l10n.t('Start Local Functions Server')];
  const local = ctx.connection.usingLocalServer || isLoopbackUrl(ctx.connection.baseUrl);
  const choice = await vscode.window.showErrorMessage(vscode.l10n.t('Could not list functions: {0}', why), retry, ...(local ? [start] : []));
  if (choice === start) await vscode.commands.executeCommand(Commands.startLocalServer);
  return choice ? pickFunction(ctx, title) : undefined;
}

/** The function of a command's argument (core/commandArgs.ts), or one picked when none was given. */
export async function resolveFunction(ctx: WindowContext, target: unknown, title: string): Promise<NotteFunction | undefined> {
  return functionArg(target) ?? pickFunction(ctx, title);
}

/** The function a command acts on, as the server describes it now (its variables included). */
export async function chooseFunction(ctx: WindowContext, target: unknown, title: string): Promise<NotteFunction | undefined> {
  const chosen = await resolveFunction(ctx, target, title);
  return chosen && fetchFunction(ctx, chosen.function_id);
}

/** The function as the server describes it now (variables included); errors are shown and give undefined. */
export async function fetchFunction(ctx: WindowContext, functionId: string): Promise<NotteFunction | undefined> {
  try {
    return await ctx.connection.client().getFunction(functionId);
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not load function {0}: {1}', functionId, describeError(error)));
    return undefined;
  }
}

/** What run pickers filter on; both a fetched run and a tree item's summary have it. */
export type RunInfo = Pick<FunctionRun, 'status' | 'session_id' | 'created_at'>;

/** Which runs a picker offers: by what is known of each and how it reads (shared/runs.ts's rule). */
export type RunFilter = (run: RunInfo, state: ShownRunState) => boolean;

/**
 * The run of a command's arguments (core/commandArgs.ts), or one picked among the runs this window knows;
 * `none` is what to say when none fits (what kind of run the command wants, and how to get one).
 */
export async function resolveRun(ctx: WindowContext, target: unknown, maybeRunId: unknown, filter: RunFilter, title: string, none?: string): Promise<RunRef | undefined> {
  return runArg(target, maybeRunId) ?? pickRun(ctx, filter, title, none);
}

/** Runs named as the tree names them: "function · start time", how it went, the id in the detail. */
async function pickRun(ctx: WindowContext, filter: RunFilter, title: string, none?: string): Promise<RunRef | undefined> {
  const picks = new Map<string, vscode.QuickPickItem & RunRef>();
  for (const active of ctx.activeRuns.all()) {
    if (!active.runId || !filter({ status: 'active', created_at: '' }, ctx.stoppedRuns.has(active.runId) ? 'stopped' : 'active')) continue;
    picks.set(active.runId, {
      label: runTitle(active.functionName, active.startedAt),
      description: 'running, started from this window',
      detail: active.runId,
      functionId: active.functionId,
      runId: active.runId,
      functionName: active.functionName,
    });
  }
  for (const node of ctx.functions.knownRuns()) {
    const stoppedHere = ctx.stoppedRuns.has(node.id);
    if (!filter(node.run, shownRunState(node.run, stoppedHere)) || picks.has(node.id)) continue;
    picks.set(node.id, {
      label: runTitle(node.functionName, node.run.created_at),
      description: runRowDescription(node.run, stoppedHere),
      detail: node.id,
      functionId: node.functionId,
      runId: node.id,
      run: node.run,
      functionName: node.functionName,
    });
  }
  if (picks.size === 0) {
    void vscode.window.showInformationMessage(none ?? vscode.l10n.t('No matching runs. Expand a function in the Notte view to load its runs.'));
    return undefined;
  }
  return vscode.window.showQuickPick([...picks.values()], { title, placeHolder: vscode.l10n.t('Pick a run'), matchOnDetail: true });
}

/**
 * "progress_report · 18:31:10": a run named from what this window knows of it, without asking the
 * server ("progress_report · run 68a286f5…442b" when its start is not known).
 */
export function titleOfRun(ctx: WindowContext, ref: RunRef): string {
  const followed = ctx.activeRuns.startedHere(ref.runId);
  if (followed) return runTitle(followed.functionName, followed.startedAt);
  const node = ctx.functions.findRun(ref.runId);
  const name = ref.functionName ?? node?.functionName ?? knownFunctionName(ctx, ref.functionId);
  const start = ref.run?.created_at ?? node?.run.created_at;
  return start ? runTitle(name, start) : `${name} · run ${shortId(ref.runId)}`;
}

/** A function's name as the view listed it, else its id. */
export function knownFunctionName(ctx: WindowContext, functionId: string): string {
  const fn = ctx.functions.loadedFunctions().find((f) => f.function_id === functionId);
  return fn ? functionLabel(fn) : functionId;
}
