import vscode = require('vscode');
import { Ctx } from '../../core/window';
import { problemText } from '../../core/functions/loadProblem';

/** The view's message says, in full, why nothing could be loaded (the rows under it offer what can help). */
export function activateViewMessage(ctx: Ctx, view: vscode.TreeView<unknown>): void {
  const update = () => {
    const problem = ctx.functions.problems.current;
    view.message = problem ? problemText(problem) : undefined;
  };
  ctx.track(ctx.functions.problems.onDidChange(update));
  update();
}
