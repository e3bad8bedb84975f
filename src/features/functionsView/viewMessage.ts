import vscode = require('vscode');
import { WindowContext } from '../../core/windowContext';
import { problemText } from '../../core/functions/loadProblem';

/** The view's message says, in full, why nothing could be loaded (the rows under it offer what can help). */
export function activateViewMessage(ctx: WindowContext, view: vscode.TreeView<unknown>): void {
  const update = () => {
    const problem = ctx.functions.problems.current;
    view.message = problem ? problemText(problem) : undefined;
  };
  ctx.track(ctx.functions.problems.onDidChange(update));
  update();
}
