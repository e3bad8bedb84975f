// A browser session's life for the editor's agents: notte_session_start (confirmed; the browser panel
// opens on the new session), notte_workflow_code (Notte's own export of its steps) and
// notte_session_stop (confirmed).
import vscode = require('vscode');
import { liveSessionsPart } from '../../core/liveSessions';
import { Commands } from '../../shared/contributions';
import { md } from '../../shared/markdown';
import { abortOn, missingKey, NotteTool, optionalInteger, whereItRuns } from './toolHelpers';
import { targetSession } from './sessionTools';
import { errorText, fenced } from './toolText';

type Input = Record<string, unknown> | undefined;

export const sessionStartTool: NotteTool<Input> = {
  async prepare(ctx, input) {
    const where = whereItRuns(ctx);
    const cost =
      ctx.connection.usingLocalServer || where.startsWith('the local') ? "It runs in the local server's Chromium." : "On Notte's cloud a session is billed by its duration.";
    const url = typeof input?.url === 'string' && input.url ? `, then opens ${input.url}` : '';
    const message = new vscode.MarkdownString(md`The agent starts a browser session on ${where}${url}, shown live in the browser panel. ${cost}`);
    return { invocationMessage: 'Starting a browser session', confirmationMessages: { title: 'Start a Notte browser session?', message } };
  },

  async invoke(ctx, input, token) {
    const noKey = await missingKey(ctx);
    if (noKey) return noKey;
    const sessions = ctx.get(liveSessionsPart);
    const { signal } = abortOn(token);
    try {
      const idle = optionalInteger(input, 'idle_timeout_minutes', 0, 0, 30);
      const session = await sessions.start(idle ? { idle_timeout_minutes: idle } : {}, 'agent', signal);
      // The user watches: the panel opens on it (the same panel if it has one).
      await vscode.commands.executeCommand(Commands.openBrowserSession, session.session_id);
      let opened = '';
      if (typeof input?.url === 'string' && input.url.trim()) {
        const result = await sessions.execute(session.session_id, { type: 'goto', url: input.url.trim() }, 'agent', signal);
        opened = result.success ? ` It opened ${input.url.trim()}.` : ` Opening ${input.url.trim()} failed: ${result.message}`;
      }
      return `Browser session ${session.session_id} started on ${whereItRuns(ctx)} (status ${session.status}), shown in the editor's browser panel.${opened}\nNext: notte_observe to list the page's elements, then notte_execute with an id it lists. End it with notte_session_stop.`;
    } catch (error) {
      return errorText(error, { where: whereItRuns(ctx) });
    }
  },
};

export const workflowCodeTool: NotteTool<Input> = {
  async invoke(ctx, input, token) {
    const target = await targetSession(ctx, input);
    if ('error' in target) return target.error;
    try {
      const code = await ctx.get(liveSessionsPart).workflowCode(target.sessionId, abortOn(token).signal);
      return `The steps of session ${target.sessionId} as a Notte Function (${code.json_actions.length} step${code.json_actions.length === 1 ? '' : 's'}):\n${fenced(code.python_script, 'python')}`;
    } catch (error) {
      return errorText(error, { where: whereItRuns(ctx) });
    }
  },
};

export const sessionStopTool: NotteTool<Input> = {
  async prepare(ctx, input) {
    const given = typeof input?.session_id === 'string' ? input.session_id : undefined;
    const sessionId = given ?? ctx.get(liveSessionsPart).shown?.sessionId ?? '(none shown)';
    const message = new vscode.MarkdownString(md`The agent stops browser session ${sessionId} on ${whereItRuns(ctx)}: its browser closes.`);
    return { invocationMessage: 'Stopping the browser session', confirmationMessages: { title: 'Stop the Notte browser session?', message } };
  },

  async invoke(ctx, input) {
    const target = await targetSession(ctx, input);
    if ('error' in target) return target.error;
    try {
      const session = await ctx.get(liveSessionsPart).stop(target.sessionId, 'agent');
      return `Browser session ${target.sessionId} stopped (status ${session.status ?? 'closed'}).`;
    } catch (error) {
      return errorText(error, { where: whereItRuns(ctx) });
    }
  },
};
