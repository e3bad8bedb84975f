// The window's function pages (`functionPagesPart`): one page per function, opened from the view, a
// lens, a command, or restored after a window reload.
import vscode = require('vscode');
import type { NotteFunction } from '../../api/types';
import { WindowContext, windowPart } from '../../core/windowContext';
import { FunctionPage, PageTarget } from './functionPage';
import { newPanel } from './panel';
import { checkPageState } from './protocol';
import { activePagesPart } from '../../core/ui/activePage';

export const functionPagesPart = windowPart('function pages', (ctx) => new FunctionPages(ctx));

/** One page per function: opening it again focuses the one that is open. */
export class FunctionPages implements vscode.Disposable {
  private readonly pages = new Map<string, FunctionPage>();
  /** Pages being opened, by function: their panel exists, their page is being made. */
  private readonly opening = new Map<string, Promise<FunctionPage | undefined>>();

  constructor(private readonly ctx: WindowContext) {}

  /**
   * Opens the function's page, or focuses the page already open for it. A second open while the first
   * is still making the page focuses that page, never a second panel. Undefined: the panel was closed
   * before the page was ready to draw in it.
   */
  async open(target: PageTarget): Promise<FunctionPage | undefined> {
    const inFlight = this.opening.get(target.functionId);
    if (inFlight) await inFlight.catch(() => undefined);
    const existing = this.pages.get(target.functionId);
    if (existing) {
      existing.reveal(target.runId);
      return existing;
    }
    const made = this.make(target);
    this.opening.set(target.functionId, made);
    try {
      return await made;
    } finally {
      if (this.opening.get(target.functionId) === made) this.opening.delete(target.functionId);
    }
  }

  /** The key first (newPanel): what the page's HTML holds is redacted like every message posted to it. */
  private async make(target: PageTarget): Promise<FunctionPage | undefined> {
    const { panel, secret, closed } = await newPanel(this.ctx, target);
    if (closed()) return undefined;
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
    const page = new FunctionPage(panel, this.ctx, target.functionId, target, secret);
    this.pages.set(target.functionId, page);
    // Keybindings press its buttons while it is the active editor.
    const pressable = this.ctx.get(activePagesPart).add({
      get active() {
        return panel.active;
      },
      get running() {
        return page.running;
      },
      press: (button) => page.post({ v: 1, type: 'press', button }),
    });
    page.onDidDispose(() => {
      pressable.dispose();
      if (this.pages.get(target.functionId) === page) this.pages.delete(target.functionId);
    });
    return page;
  }

  dispose(): void {
    for (const page of this.pages.values()) page.dispose();
    this.pages.clear();
  }
}

/** The function as the view listed it, if it did (its variables included): the page draws its form from it at once. */
export function listedFunction(ctx: WindowContext, functionId: string): NotteFunction | undefined {
  return ctx.functions.loadedFunctions().find((fn) => fn.function_id === functionId);
}
