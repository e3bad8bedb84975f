import vscode = require('vscode');
import { WindowContext } from '../../core/windowContext';
import { FOCUS_FUNCTIONS_VIEW, STATUS_BAR_ID } from '../../shared/contributions';

/** Shows how many runs started from this window are still going; a click opens the Functions view. */
export function activateActiveRunsStatus(ctx: WindowContext): void {
  const item = ctx.track(vscode.window.createStatusBarItem(STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 10));
  item.name = 'Notte Functions: active runs';
  item.command = FOCUS_FUNCTIONS_VIEW;
  const update = (count: number) => {
    if (count === 0) {
      item.hide();
      return;
    }
    item.text = `$(sync~spin) ${count} Notte run${count === 1 ? '' : 's'}`;
    item.tooltip = `${count} run${count === 1 ? '' : 's'} started from this window ${count === 1 ? 'is' : 'are'} active. Click to show the Functions view.`;
    item.show();
  };
  ctx.track(ctx.activeRuns.onDidChange(update));
  update(ctx.activeRuns.count);
}
