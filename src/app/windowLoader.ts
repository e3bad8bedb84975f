// The window's context, made on first use (never at activation), and the features that show
// themselves once the window is in use: the active-runs and profile status bar items, the view's
// message and description, the author's loop. Lenses need only the context (the link file): opening a
// Python file does not put the whole window in use.
import vscode = require('vscode');
import type { WindowContext } from '../core/windowContext';

export class WindowLoader {
  private made: Promise<WindowContext> | undefined;
  private activated: Promise<WindowContext> | undefined;
  private inUse: WindowContext | undefined;

  /** `activate` starts what shows the window's state, once, when it is first put in use. */
  constructor(
    private readonly extension: vscode.ExtensionContext,
    private readonly activate: (ctx: WindowContext) => Promise<void>,
  ) {}

  /** The window's context, with nothing started (for the lenses). */
  context(): Promise<WindowContext> {
    this.made ??= import('../core/windowContext').then(({ WindowContext }) => new WindowContext(this.extension));
    return this.made;
  }

  /** The window in use: its context, and the features that show it started (once). */
  get(): Promise<WindowContext> {
    this.activated ??= this.context().then(async (ctx) => {
      await this.activate(ctx);
      this.inUse = ctx;
      return ctx;
    });
    return this.activated;
  }

  /** The window once in use (undefined before: nothing is made to answer). */
  get current(): WindowContext | undefined {
    return this.inUse;
  }
}
