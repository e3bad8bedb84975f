import type vscode = require('vscode');
import { functionArg, runArg } from '../../core/commandArgs';
import { FunctionNode, RunNode } from '../../core/functions/nodes';
import { resolveFunction } from '../../core/ui/pickers';
import type { WindowContext } from '../../core/windowContext';
import type { PageTarget } from './functionPage';
import { functionPagesPart, listedFunction } from './functionPages';

/**
 * `notte.openFunctionPage(functionOrRun?, runId?)`: from a function row (a click or its inline button),
 * a run row (the page opens on that run), ids, or nothing (then asks).
 */
export async function openFunctionPage(ctx: WindowContext, target?: unknown, runId?: unknown): Promise<boolean> {
  const resolved = await pageTarget(ctx, target, runId);
  if (!resolved) return false;
  return (await ctx.get(functionPagesPart).open(resolved)) !== undefined;
}

/** A page VS Code kept across a window reload (the serializer registered at activation). */
export function revivePage(ctx: WindowContext, panel: vscode.WebviewPanel, state: unknown): void {
  ctx.get(functionPagesPart).revive(panel, state);
}

async function pageTarget(ctx: WindowContext, target: unknown, runId: unknown): Promise<PageTarget | undefined> {
  if (target instanceof RunNode) {
    const run = runArg(target)!;
    return { functionId: run.functionId, functionName: run.functionName, runId: run.runId, fn: listedFunction(ctx, run.functionId) };
  }
  // A row of the view carries the function as it was listed: its form is drawn from it at once.
  if (target instanceof FunctionNode) return { functionId: target.fn.function_id, functionName: target.fn.name ?? undefined, fn: target.fn };
  const fn = functionArg(target) ?? (await resolveFunction(ctx, target, 'Open Function Page'));
  if (!fn) return undefined;
  return { functionId: fn.function_id, functionName: fn.name ?? undefined, runId: typeof runId === 'string' ? runId : undefined, fn: listedFunction(ctx, fn.function_id) ?? fn };
}
