// How long an action on an element may take, and what to say when it ran out of time. Playwright's first line ("locator.click:
// Timeout 15000ms exceeded.") names neither the element nor the reason, which its call log holds.
import type { Locator, Page } from 'playwright-core';
import { stripAnsi } from '../../api/logLine';
import type { ObservedElement } from './observe';

/** Notte's default for an action on an element; `timeout: 0` means it too. */
export const DEFAULT_ACTION_TIMEOUT_MS = 15_000;

/**
 * The most an action waits for its element: its answer (and 10 s of margin, runtime.ts) must come before the
 * SDK's 60 s read timeout, or the function reads a transport error instead of why the action failed.
 */
export const MAX_ACTION_TIMEOUT_MS = 45_000;

export function actionTimeoutMs(action: Record<string, unknown>): number {
  const timeout = action.timeout;
  return typeof timeout === 'number' && timeout > 0 ? Math.min(timeout, MAX_ACTION_TIMEOUT_MS) : DEFAULT_ACTION_TIMEOUT_MS;
}

/** Whether the call asked for a timeout of its own: the SDK sends Notte's default with every action, which asks nothing. */
export function askedOwnTimeout(action: Record<string, unknown>): boolean {
  return typeof action.timeout === 'number' && action.timeout > 0 && action.timeout !== DEFAULT_ACTION_TIMEOUT_MS;
}

export interface TimedOutTarget {
  locator: Locator;
  observed?: ObservedElement;
  /** The selector as the client gave it, when it gave one. */
  selector?: string;
  /** The address of the page the id was observed on. */
  observedUrl?: string;
}

/** The last "- element is not visible"-like line of Playwright's call log: why it kept waiting. */
function lastReason(message: string): string | undefined {
  const reasons = stripAnsi(message)
    .split('\n')
    .map((line) => line.trim().replace(/^-\s*/, ''))
    .filter((line) => /^element (is not|is outside|was detached)\b/.test(line) || /intercepts pointer events$/.test(line));
  return reasons.at(-1);
}

/** A clearer message for a timed-out action on `t`, or undefined when `error` is not a timeout. */
export async function timeoutText(error: unknown, t: TimedOutTarget, page: Page, type: string, timeoutMs: number): Promise<string | undefined> {
  if (!(error instanceof Error) || error.name !== 'TimeoutError') return undefined;
  const seconds = `${timeoutMs / 1000} s${timeoutMs === MAX_ACTION_TIMEOUT_MS ? ', the most an action waits here' : ''}`;
  // The element was clicked (the page may have left it behind): what never came is the download.
  if (/waiting for event "download"/.test(error.message))
    return `The ${type} action failed: the click on ${t.observed ? t.observed.id : JSON.stringify(t.selector ?? '')} started no download within ${seconds}.`;
  const found = await t.locator.count().catch(() => 0);
  if (found === 0 && t.observed) {
    const where = t.observedUrl && t.observedUrl !== page.url() ? ` (it was observed on ${t.observedUrl}; the tab is now on ${page.url()})` : '';
    return `The ${type} action failed: element ${t.observed.id} of the last observe is no longer on the page${where}: call observe() again and use the ids it lists (waited ${seconds}).`;
  }
  if (found === 0) return `The ${type} action failed: no element matches the selector ${JSON.stringify(t.selector ?? '')} on ${page.url()} (waited ${seconds}).`;
  const reason = lastReason(error.message);
  const name = t.observed ? `element ${t.observed.id}` : `the element of ${JSON.stringify(t.selector ?? '')}`;
  return `The ${type} action failed: ${name} was found, but could not be acted on within ${seconds}${reason ? `: ${reason}` : ''}.`;
}
