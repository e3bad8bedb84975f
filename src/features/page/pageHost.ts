// What each of the page's handlers (pageRuns.ts, pageSets.ts, pageHistory.ts) may use of the page:
// its function, the one way to post to it, and the form's values read as Run Function reads them.
import type { NotteFunction } from '../../api/types';
import type { WindowContext } from '../../core/windowContext';
import type { FormTexts, HostMessage } from './protocol';
import type { SessionPane } from './sessionPane';

export interface PageHost {
  readonly ctx: WindowContext;
  readonly functionId: string;
  readonly functionName: string;
  /** The function as last described by the server (its parameters), once loaded. */
  readonly fn: NotteFunction | undefined;
  readonly session: SessionPane;
  /** Posts to the page, with the key cut from every message. */
  post(message: HostMessage): void;
  notice(level: 'info' | 'error', text: string): void;
  /** The form's texts as variables, or undefined after the page was told what is wrong. */
  variablesOrProblems(texts: FormTexts): Record<string, unknown> | undefined;
  /** The key the page's messages are redacted with, read again. */
  refreshSecret(): Promise<string | undefined>;
}
