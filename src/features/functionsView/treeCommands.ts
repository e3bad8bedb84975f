import { Ctx } from '../../core/window';
import { ErrorNode, LoadMoreNode } from '../../core/functions/nodes';

export function refresh(ctx: Ctx): void {
  ctx.functions.refresh();
}

export async function loadMore(ctx: Ctx, node?: unknown): Promise<void> {
  if (node instanceof LoadMoreNode) await ctx.functions.loadMore(node);
}

export function retry(ctx: Ctx, node?: unknown): void {
  if (node instanceof ErrorNode) ctx.functions.retry(node);
  else ctx.functions.refresh();
}
