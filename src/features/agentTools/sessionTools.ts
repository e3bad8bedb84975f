// The browser-session tools of the editor's agents, on the session shown in the browser panel unless
// they name another: notte_session_start (confirmed; the panel opens on it so the user watches),
// notte_observe, notte_execute (confirmed when it submits a form or leaves the page), notte_scrape,
// notte_workflow_code, notte_session_stop (confirmed). Every call goes through the window's browser
// sessions (core/liveSessions.ts), so the panel records what the agent does. Answers carry ids, labels
// and text only: never a key, a token or a signed URL (and the registry masks any that slipped in).
import vscode = require('vscode');
import type { Observation, SessionAction } from '../../api/sessionTypes';
import { liveSessionsPart } from '../../core/liveSessions';
import type { WindowContext } from '../../core/windowContext';
import { md } from '../../shared/markdown';
import { pageElements } from '../../shared/pageElements';
import { abortOn, missingKey, NotteTool, optionalInteger, whereItRuns } from './toolHelpers';
import { cut, errorText, fenced } from './toolText';

type Input = Record<string, unknown> | undefined;

const NO_SESSION =
  'Error: no browser session to act on: none is shown in the browser panel and no session_id was given. Call notte_session_start first (the user watches it in the panel), or pass the session_id it answered.';
const MARKDOWN_LIMIT = 8000;

/** The session a tool acts on: the one it names, else the panel's; or the text to answer. */
export async function targetSession(ctx: WindowContext, input: Input): Promise<{ sessionId: string } | { error: string }> {
  const noKey = await missingKey(ctx);
  if (noKey) return { error: noKey };
  const given = typeof input?.session_id === 'string' && input.session_id.trim() ? input.session_id.trim() : undefined;
  const sessionId = given ?? ctx.get(liveSessionsPart).shown?.sessionId;
  return sessionId ? { sessionId } : { error: NO_SESSION };
}

/** An observation as the model reads it: the page, then one line per element (id, role, label, action). */
export function observationText(sessionId: string, observation: Observation): string {
  const elements = pageElements(observation);
  const lines = elements.map((e) => {
    const extra = e.action === 'check' ? ` (${e.checked ? 'checked' : 'not checked'})` : e.options?.length ? ` (options: ${e.options.join(', ')})` : '';
    return `  ${e.id} ${e.role} ${JSON.stringify(e.label.slice(0, 80))} → ${e.action}${extra}${e.submits ? ' [submits a form]' : ''}`;
  });
  return [
    `Page of session ${sessionId}: ${JSON.stringify(observation.metadata.title ?? '')} at ${observation.metadata.url ?? ''}`,
    elements.length ? `Elements in view (${elements.length}):` : 'No interactive elements in view (scroll_down, then observe again).',
    ...lines,
    'Act on one with notte_execute and its id (ids last until the page changes: observe again after acting).',
  ].join('\n');
}

export const observeTool: NotteTool<Input> = {
  async invoke(ctx, input, token) {
    const target = await targetSession(ctx, input);
    if ('error' in target) return target.error;
    const sessions = ctx.get(liveSessionsPart);
    const { signal } = abortOn(token);
    try {
      if (typeof input?.url === 'string' && input.url.trim()) {
        const opened = await sessions.execute(target.sessionId, { type: 'goto', url: input.url.trim() }, 'agent', signal);
        if (!opened.success) return `Error: ${input.url} could not be opened: ${opened.message}`;
      }
      return observationText(target.sessionId, await sessions.observe(target.sessionId, 'agent', signal));
    } catch (error) {
      return errorText(error, { where: whereItRuns(ctx) });
    }
  },
};

/** The action the input describes (only the fields of its type). */
function actionOf(input: Input): SessionAction | string {
  const type = typeof input?.type === 'string' ? input.type : '';
  if (!type) return 'Error: "type" is required (click, fill, select_dropdown_option, check, press_key, goto, go_back, go_forward, reload, scroll_down, scroll_up, wait).';
  const action: SessionAction = { type };
  if (['click', 'fill', 'select_dropdown_option', 'check'].includes(type)) {
    if (typeof input?.id !== 'string' || !input.id.trim()) return `Error: ${type} needs "id": an element id from the last notte_observe.`;
    action.id = input.id.trim();
  }
  if (type === 'fill' || type === 'select_dropdown_option') {
    if (input?.value === undefined) return `Error: ${type} needs "value".`;
    action.value = String(input.value);
  }
  if (type === 'check') action.value = input?.value !== false && input?.value !== 'false';
  if (type === 'goto') {
    if (typeof input?.url !== 'string' || !input.url.trim()) return 'Error: goto needs "url".';
    action.url = input.url.trim();
  }
  if (type === 'press_key') {
    if (typeof input?.key !== 'string' || !input.key) return 'Error: press_key needs "key" (Enter, Tab…).';
    action.key = input.key;
  }
  if (type === 'wait') action.time_ms = optionalInteger(input, 'time_ms', 1000, 0, 30_000);
  return action;
}

/** Why an action needs the user's yes (it submits a form or leaves the page), or undefined. */
function consequence(ctx: WindowContext, sessionId: string | undefined, action: SessionAction): string | undefined {
  if (action.type === 'goto') return md`opens ${String(action.url)}, leaving the current page`;
  if (action.type === 'go_back' || action.type === 'go_forward' || action.type === 'reload') return 'leaves the current page';
  if (action.type === 'press_key' && /^enter$/i.test(String(action.key))) return 'presses Enter, which may submit a form';
  const observation = sessionId ? ctx.get(liveSessionsPart).lastObservation(sessionId) : undefined;
  const element = observation && typeof action.id === 'string' ? pageElements(observation).find((e) => e.id === action.id) : undefined;
  if (element?.submits) return md`clicks ${element.id} "${element.label}", which submits a form`;
  if (element?.role === 'link' && element.href && !element.href.startsWith('#')) return md`clicks the link ${element.id} "${element.label}", leaving the page`;
  return undefined;
}

export const executeTool: NotteTool<Input> = {
  async prepare(ctx, input) {
    const action = actionOf(input);
    if (typeof action === 'string') return undefined;
    const given = typeof input?.session_id === 'string' ? input.session_id : undefined;
    const why = consequence(ctx, given ?? ctx.get(liveSessionsPart).shown?.sessionId, action);
    if (!why) return { invocationMessage: `${action.type}${action.id ? ` ${String(action.id)}` : ''}` };
    const message = new vscode.MarkdownString(`The agent's action ${why}.\n\n${fenced(JSON.stringify(action, null, 2), 'json')}`);
    return { invocationMessage: `${action.type} in the browser session`, confirmationMessages: { title: `Allow: ${action.type}?`, message } };
  },

  async invoke(ctx, input, token) {
    const target = await targetSession(ctx, input);
    if ('error' in target) return target.error;
    const action = actionOf(input);
    if (typeof action === 'string') return action;
    try {
      const result = await ctx.get(liveSessionsPart).execute(target.sessionId, action, 'agent', abortOn(token).signal);
      if (!result.success) return `Failed: ${result.message}\nNothing changed on the page's side that you can rely on: call notte_observe, then try again with an id it lists.`;
      return `Done: ${result.message}. The page may have changed: call notte_observe before the next action on an element.`;
    } catch (error) {
      return errorText(error, { where: whereItRuns(ctx) });
    }
  },
};

export const scrapeTool: NotteTool<Input> = {
  async invoke(ctx, input, token) {
    const target = await targetSession(ctx, input);
    if ('error' in target) return target.error;
    try {
      const body = input?.only_main_content === true ? { only_main_content: true } : {};
      const data = await ctx.get(liveSessionsPart).scrape(target.sessionId, 'agent', body, abortOn(token).signal);
      const { text, truncated, total } = cut(data.markdown ?? '', MARKDOWN_LIMIT);
      return `${truncated ? `The page as Markdown (the first ${MARKDOWN_LIMIT} of ${total} characters):` : 'The page as Markdown:'}\n${fenced(text, 'markdown')}`;
    } catch (error) {
      return errorText(error, { where: whereItRuns(ctx) });
    }
  },
};
