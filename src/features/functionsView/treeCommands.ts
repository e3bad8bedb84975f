import { WindowContext } from '../../core/windowContext';
import { ErrorNode, LoadMoreNode } from '../../core/functions/nodes';

export function refresh(ctx: WindowContext): void {
  ctx.functions.refresh();
}

export async function loadMore(ctx: WindowContext, node?: unknown): Promise<void> {
  if (node instanceof LoadMoreNode) await ctx.functions.loadMore(node);
}

export function retry(ctx: WindowContext, node?: unknown): void {
  if (node instanceof ErrorNode) ctx.functions.retry(node);
  else ctx.functions.refresh();
}
