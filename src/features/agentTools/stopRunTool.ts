import vscode = require('vscode');
import { isTerminalStatus } from '../../api/types';
import { refreshRunInTree } from '../../core/runs/runRefresh';
import { maskSecretVariables } from '../../api/redact';
import { abortOn, NotteTool, requireString, runTarget, whereItRuns } from './toolHelpers';
import { secretsFor } from './toolAnswer';
import { md } from '../../shared/markdown';
import { errorText, fenced, sanitize } from './toolText';

interface StopInput {
  function_id: string;
  run_id: string;
}

const PREPARE_READ_MS = 5000;

/** `notte_stop_run`: stops an active run, after the user confirmed which. */
export const stopRunTool: NotteTool<StopInput> = {
  async prepare(ctx, input, token) {
    const functionId = requireString(input, 'function_id');
    const runId = requireString(input, 'run_id');
    const fid = 'value' in functionId ? functionId.value : '(no function_id given)';
    const rid = 'value' in runId ? runId.value : '(no run_id given)';
    const where = whereItRuns(ctx);
    // What the run was started with, so the user knows which run this is: from the view, else one quick read.
    const known = ctx.functions.findRun(rid)?.run;
    let variables = known?.variables;
    let status = known?.status;
    if (variables === undefined && 'value' in functionId && 'value' in runId && (await ctx.connection.hasApiKey())) {
      try {
        const signal = AbortSignal.any([abortOn(token).signal, AbortSignal.timeout(PREPARE_READ_MS)]);
        const run = await ctx.connection.client().getRun(fid, rid, { signal });
        variables = run.variables;
        status = run.status;
      } catch {
        // The confirmation still names the run; invoke reports what the server says.
      }
    }
    const message = new vscode.MarkdownString();
    message.appendMarkdown(md`Stops run ${rid} of ${fid} on ${where}${status ? ` (now ${status})` : ''}.\n`);
    if (variables) {
      message.appendMarkdown('It was started with:\n');
      message.appendMarkdown(`\n${fenced(sanitize(JSON.stringify(maskSecretVariables(variables), null, 2), await secretsFor(ctx, input)), 'json')}\n`);
    }
    return { invocationMessage: `Stopping run ${rid}`, confirmationMessages: { title: `Stop the Notte run ${rid}?`, message } };
  },

  async invoke(ctx, input, token) {
    const target = await runTarget(ctx, input);
    if ('error' in target) return target.error;
    const { functionId, runId, where } = target;
    const client = ctx.connection.client();
    const { signal } = abortOn(token);
    try {
      const before = await client.getRun(functionId, runId, { signal });
      if (isTerminalStatus(before.status)) return `Run ${runId} of ${functionId} had already ended (status ${before.status}); nothing was stopped.`;
      const answer = await client.stopRun(functionId, runId, { signal });
      // A stream of this window reading the run ends by itself once the server closes it.
      return `Run ${runId} of ${functionId} on ${where} was stopped (answer: ${answer.status}; it was ${before.status}). notte_get_run shows its final state.`;
    } catch (error) {
      return errorText(error, { where, functionId, runId });
    } finally {
      void refreshRunInTree(ctx, functionId, runId);
    }
  },
};
