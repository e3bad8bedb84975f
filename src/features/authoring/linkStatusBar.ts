import path = require('path');
import vscode = require('vscode');
import { Commands, LINKED_STATUS_BAR_ID } from '../../shared/contributions';
import type { LinkStore } from '../../core/links/linkStore';
import { windowPart } from '../../core/windowContext';

/** The window's link status bar item, made with the lenses (the first Python file) or the first command. */
export const linkStatusBarPart = windowPart('linked function status', (ctx) => new LinkStatusBar(ctx.linked.links));

/** Shows which Notte Function the active editor's file is; a click offers what can be done with it. */
export class LinkStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(LINKED_STATUS_BAR_ID, vscode.StatusBarAlignment.Left, 9);
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly links: LinkStore) {
    this.item.name = 'Notte Functions: linked function';
    this.item.command = Commands.linkActions;
    this.subscriptions.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      links.onDidChange(() => this.update()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('notte.apiUrl')) this.update();
      }),
    );
    this.update();
  }

  /** The text shown now, for tests; undefined when hidden. */
  get text(): string | undefined {
    return this.visible ? this.item.text : undefined;
  }

  private visible = false;

  update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const linked = document && document.languageId === 'python' ? this.links.linkOf(document.uri) : undefined;
    if (!document || !linked) {
      this.visible = false;
      this.item.hide();
      return;
    }
    const name = linked.link.name || linked.link.functionId;
    this.item.text = `$(link) ${name}`;
    this.item.tooltip = `${path.basename(document.uri.fsPath)} is the code of Notte function ${name} (${linked.link.functionId}) on ${linked.link.apiUrl.replace(/^https?:\/\//, '')}. Click for Run on Notte, Deploy, Unlink…`;
    this.visible = true;
    this.item.show();
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}
