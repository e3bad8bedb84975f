// What an action of page/execute is and answers: the ExecutionResult (notte-api.md, "Browser sessions"),
// where an action that failed is an answer too (200, success false, its message as `exception`, on which
// the SDK raises), not an HTTP error. Shared by actions.ts and the modules it hands action types to.
import type { MarkdownConverter } from './markdown';

export type Action = Record<string, unknown>;

/** What the actions may use and how long they may take, from the server's options. */
export interface ActionEnv {
  allowFileUrls: boolean;
  navigationTimeoutMs: number;
  evaluateTimeoutMs: number;
  /** How long one operation may hold the session, unless an action asked for more time itself. */
  operationLimitMs: number;
  markdown: MarkdownConverter;
}

/** What one action did: the result's message and data. */
export type Outcome = { message: string; data?: Record<string, unknown> };

/** A failed action, with the message the client sees. */
export class ActionFailed extends Error {}

/** A string field of the action, if it has one. */
export const str = (action: Action, name: string): string | undefined => (typeof action[name] === 'string' ? (action[name] as string) : undefined);

export function succeededExecution(action: Action, startedAt: string, message: string, data: unknown): Record<string, unknown> {
  return { started_at: startedAt, ended_at: new Date().toISOString(), action, success: true, message, data: data ?? null, exception: null };
}

export function failedExecution(action: Action, startedAt: string, message: string): Record<string, unknown> {
  return { started_at: startedAt, ended_at: new Date().toISOString(), action, success: false, message, data: null, exception: message };
}
