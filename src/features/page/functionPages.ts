// The function page's extension side, bundled on its own (dist/page.js) and loaded when a page is first
// opened or restored: activating the extension does not read it.
import vscode = require('vscode');
import type { Ctx } from '../../core/window';
import { SavedSetsStore } from '../../core/savedSetsStore';
import { FunctionPage, PageTarget } from './functionPage';
import { NewPanel, newPanel } from './panel';
import { checkPageState } from './protocol';

/** One page per function: opening it again focuses the one that is open. */
export class FunctionPages implements vscode.Disposable {
  private readonly pages = new Map<string, FunctionPage>();
  private readonly store = new SavedSetsStore();

  constructor(private readonly ctx: Ctx) {}

  /**
   * Opens the function's page in `made.panel` (made by the command, with the key read, while this
   * code loaded), or focuses the page already open for it (then the panel goes).
   */
  async open(target: PageTarget, made?: NewPanel): Promise<FunctionPage | undefined> {
    const existing = this.pages.get(target.functionId);
    if (existing) {
      made?.panel.dispose();
      existing.reveal(target.runId);
      return existing;
    }
    // The key first (newPanel): what the page's HTML holds is redacted like every message posted to it.
    const { panel, secret, closed } = made ?? (await newPanel(this.ctx, target));
    if (closed()) return undefined;
    const opened = this.pages.get(target.functionId);
    if (opened) {
      panel.dispose();
      opened.reveal(target.runId);
      return opened;
    }
    return this.adopt(panel, target, secret);
  }

  /** A page VS Code kept across a reload: its function and its form's texts come back from the page's state. */
  revive(panel: vscode.WebviewPanel, rawState: unknown): void {
    const state = checkPageState(rawState);
    if (!state || this.pages.has(state.functionId)) {
      panel.dispose();
      return;
    }
    this.adopt(panel, { functionId: state.functionId, functionName: state.functionName, texts: state.texts }, undefined);
  }

  find(functionId: string): FunctionPage | undefined {
    return this.pages.get(functionId);
  }

  all(): FunctionPage[] {
    return [...this.pages.values()];
  }

  private adopt(panel: vscode.WebviewPanel, target: PageTarget, secret: string | undefined): FunctionPage {
    const page = new FunctionPage(panel, this.ctx, target.functionId, this.store, target, secret);
    this.pages.set(target.functionId, page);
    page.onDidDispose(() => {
      if (this.pages.get(target.functionId) === page) this.pages.delete(target.functionId);
    });
    return page;
  }

  dispose(): void {
    for (const page of this.pages.values()) page.dispose();
    this.pages.clear();
  }
}

export function createFunctionPages(ctx: Ctx): FunctionPages {
  return ctx.track(new FunctionPages(ctx));
}
