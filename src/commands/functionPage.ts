import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { FunctionPages } from '../page';
import type { PageTarget } from '../page/functionPage';
import { resolveFunction } from '../ui/pickers';

/** The webview type of the function page (also in package.json's activationEvents). */
export const FUNCTION_PAGE_VIEW_TYPE = 'notte.functionPage';

let loaded: FunctionPages | undefined;

/**
 * The page's own code sits in dist/page.js, read the first time a page opens or is restored; run from
 * sources (tests), it is the module itself.
 */
export function functionPages(ctx: Ctx): FunctionPages {
  if (!loaded) {
    const besideBundle = path.join(__dirname, 'page.js');
    // A computed path: the bundler leaves this require alone instead of inlining the page's code.
    const load = require as (id: string) => typeof import('../page');
    const module = fs.existsSync(besideBundle) ? load(besideBundle) : load(PAGE_SOURCE);
    loaded = module.createFunctionPages(ctx);
  }
  return loaded;
}

const PAGE_SOURCE = '../page';

/** The pages if one was ever opened in this window (for tests), without loading them. */
export function loadedFunctionPages(): FunctionPages | undefined {
  return loaded;
}

/**
 * `notte.openFunctionPage(functionOrRun?, runId?)`: from a function row, a run row (opens on that run),
 * ids, or nothing (then asks).
 */
export const openFunctionPage = (ctx: Ctx) => async (target?: unknown, runId?: unknown): Promise<boolean> => {
  const resolved = await pageTarget(ctx, target, runId);
  if (!resolved) return false;
  functionPages(ctx).open(resolved);
  return true;
};

async function pageTarget(ctx: Ctx, target: unknown, runId: unknown): Promise<PageTarget | undefined> {
  // Tree nodes are told apart by their kind, not their class: the page's bundle has classes of its own.
  const node = target as { kind?: string; functionId?: string; functionName?: string; id?: string } | undefined;
  if (node && typeof node === 'object' && node.kind === 'run' && typeof node.functionId === 'string') {
    return { functionId: node.functionId, functionName: node.functionName, runId: node.id };
  }
  const fn = await resolveFunction(ctx, target, 'Open Function Page');
  if (!fn) return undefined;
  return { functionId: fn.function_id, functionName: fn.name ?? undefined, runId: typeof runId === 'string' ? runId : undefined };
}

/** Restores pages after a window reload; loads the page's code only when there is one to restore. */
export function registerFunctionPageSerializer(ctx: Ctx): void {
  ctx.track(
    vscode.window.registerWebviewPanelSerializer(FUNCTION_PAGE_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => functionPages(ctx).revive(panel, state),
    }),
  );
}
