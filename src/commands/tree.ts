import { Ctx } from '../ctx';
import { ErrorNode, LoadMoreNode } from '../views/treeNodes';

export const refresh = (ctx: Ctx) => (): void => ctx.tree.refresh();

export const loadMore = (ctx: Ctx) => async (node?: unknown): Promise<void> => {
  if (node instanceof LoadMoreNode) await ctx.tree.loadMore(node);
};

export const retry = (ctx: Ctx) => (node?: unknown): void => {
  if (node instanceof ErrorNode) ctx.tree.retry(node);
  else ctx.tree.refresh();
};
