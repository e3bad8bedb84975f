// The function page that is the active editor, if any: the keybindings of Run on Notte, Run Locally,
// Debug and Stop Run work on it as its own buttons do (package.json scopes them with
// `activeWebviewPanelId`). The page feature registers its pages here; the commands of other features,
// called with no argument while a page is active, press its button instead of asking for a file.
import type vscode = require('vscode');
import { windowPart, type WindowContext } from '../windowContext';

/** A button of the page that a command stands for. */
export type PageButton = 'run' | 'runLocally' | 'debug' | 'stop';

export interface PressablePage {
  /** Whether the page's panel is the active editor now. */
  readonly active: boolean;
  /** Whether a run of the page is going (its Stop has something to stop). */
  readonly running: boolean;
  /** Does what the page's button does, with the form's values (nothing when the button is disabled). */
  press(button: PageButton): void;
}

export const activePagesPart = windowPart('function pages, for commands', () => new ActivePages());

export class ActivePages {
  private readonly pages = new Set<PressablePage>();

  /** Registers a page for as long as it lives. */
  add(page: PressablePage): vscode.Disposable {
    this.pages.add(page);
    return { dispose: () => this.pages.delete(page) };
  }

  get active(): PressablePage | undefined {
    return [...this.pages].find((page) => page.active);
  }
}

/**
 * For a command called with no argument: when a function page is the active editor, presses its
 * button and answers true (the command has nothing else to do). Loads nothing when no page was opened.
 */
export function pressActivePage(ctx: WindowContext, button: PageButton, argument: unknown): boolean {
  if (argument !== undefined) return false;
  const page = ctx.peek(activePagesPart)?.active;
  // A page with no run of its own has nothing to stop: Stop Run offers the window's runs instead.
  if (!page || (button === 'stop' && !page.running)) return false;
  page.press(button);
  return true;
}
