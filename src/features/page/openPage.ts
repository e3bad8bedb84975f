import type * as vscode from 'vscode';
import type { NotteFunction } from '../../api/types';
import type { Ctx } from '../../core/window';
import type { FunctionPages } from './functionPages';
import type { PageTarget } from './functionPage';
import { newPanel } from './panel';
import { resolveFunction } from '../../core/ui/pickers';
import { FunctionNode, RunNode } from '../../core/functions/nodes';

let loaded: FunctionPages | undefined;
let loading: Promise<FunctionPages> | undefined;
/** Pages being opened, by function: their panel exists, their page's code may still be loading. */
const opening = new Map<string, Promise<unknown>>();

/** The window's function pages; the page's code (src/page) is read the first time one opens or is restored. */
function functionPages(ctx: Ctx): Promise<FunctionPages> {
  // One load for every caller: two opens (or an open and a restore) at once share the same pages.
  loading ??= import('./functionPages').then(
    (page) => (loaded = page.createFunctionPages(ctx)),
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/** The pages if one was ever opened in this window (for tests), without loading them. */
export function loadedFunctionPages(): FunctionPages | undefined {
  return loaded;
}

/**
 * `notte.openFunctionPage(functionOrRun?, runId?)`: from a function row (a click or its inline button),
 * a run row (the page opens on that run), ids, or nothing (then asks).
 */
export async function openFunctionPage(ctx: Ctx, target?: unknown, runId?: unknown): Promise<boolean> {
  const resolved = await pageTarget(ctx, target, runId);
  if (!resolved) return false;
  // A second click while the first is still opening the page focuses that page, not a second panel.
  const inFlight = opening.get(resolved.functionId);
  if (inFlight) await inFlight.catch(() => undefined);
  // A new page: the key is read, then the panel made at once, VS Code building its editor and frame
  // while the page's code loads.
  const fresh = !inFlight && !loaded?.find(resolved.functionId);
  const done = (async () => {
    const pages = functionPages(ctx);
    const made = fresh ? await newPanel(ctx, resolved) : undefined;
    try {
      return await (await pages).open(resolved, made);
    } catch (error) {
      made?.panel.dispose();
      throw error;
    }
  })();
  if (fresh) opening.set(resolved.functionId, done);
  try {
    // Undefined: the panel was closed before the page was ready to draw in it.
    return (await done) !== undefined;
  } finally {
    if (opening.get(resolved.functionId) === done) opening.delete(resolved.functionId);
  }
}

/** A page VS Code kept across a window reload (the serializer in src/extension.ts). */
export async function revivePage(ctx: Ctx, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
  (await functionPages(ctx)).revive(panel, state);
}

async function pageTarget(ctx: Ctx, target: unknown, runId: unknown): Promise<PageTarget | undefined> {
  if (target instanceof RunNode) return { functionId: target.functionId, functionName: target.functionName, runId: target.id, fn: listed(ctx, target.functionId) };
  if (target instanceof FunctionNode) return { functionId: target.fn.function_id, functionName: target.fn.name ?? undefined, fn: target.fn };
  const fn = await resolveFunction(ctx, target, 'Open Function Page');
  if (!fn) return undefined;
  return { functionId: fn.function_id, functionName: fn.name ?? undefined, runId: typeof runId === 'string' ? runId : undefined, fn: listed(ctx, fn.function_id) ?? fn };
}

/** The function as the view listed it, if it did (its variables included): the page draws its form from it at once. */
function listed(ctx: Ctx, functionId: string): NotteFunction | undefined {
  return ctx.functions.loadedFunctions().find((fn) => fn.function_id === functionId);
}
