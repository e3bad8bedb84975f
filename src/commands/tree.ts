import { Ctx } from '../ctx';
import { ErrorNode, LoadMoreNode } from '../views/treeNodes';

export function refresh(ctx: Ctx): void {
  ctx.tree.refresh();
}

export async function loadMore(ctx: Ctx, node?: unknown): Promise<void> {
  if (node instanceof LoadMoreNode) await ctx.tree.loadMore(node);
}

export function retry(ctx: Ctx, node?: unknown): void {
  if (node instanceof ErrorNode) ctx.tree.retry(node);
  else ctx.tree.refresh();
}
