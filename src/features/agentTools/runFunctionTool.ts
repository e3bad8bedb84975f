import vscode = require('vscode');
import { functionLabel, NotteFunction } from '../../api/types';
import { WindowContext } from '../../core/windowContext';
import type { LaunchOutcome } from '../../core/runs/launcher';
import { launchWithProgress } from '../../core/runs/launchWithProgress';
import { formatResult } from '../../shared/resultText';
import { maskSecretVariables } from '../../api/redact';
import { abortOn, functionAndId, loadFunction, missingKey, NotteTool, requireString, whereItRuns } from './toolHelpers';
import { secretsFor } from './toolAnswer';
import { md } from '../../shared/markdown';
import { DEFAULT_LOG_LINES, errorText, fenced, logBlock, MAX_LOG_LINES, resultBlock, sanitize, variablesBlock } from './toolText';
import { convertToolVariables } from '../../shared/variableValues';

interface RunInput {
  function_id: string;
  variables?: Record<string, unknown>;
}

/** `notte_run_function`: one run with checked variables, streamed into the Output channel like Run Function. */
export const runFunctionTool: NotteTool<RunInput> = {
  async prepare(ctx, input, token) {
    const id = requireString(input, 'function_id');
    const functionId = 'value' in id ? id.value : '(no function_id given)';
    const where = whereItRuns(ctx);
    // The confirmation shows the variables as they will be sent when the function can be read now.
    let fn: NotteFunction | undefined;
    let variables: unknown = input?.variables ?? {};
    let note = '';
    if ('value' in id && (await ctx.connection.hasApiKey())) {
      const loaded = await loadFunction(ctx, functionId, abortOn(token).signal);
      if ('fn' in loaded) {
        fn = loaded.fn;
        const converted = convertToolVariables(fn.variables ?? [], variables);
        if (converted.ok) variables = converted.variables;
        else note = '\n\nThese variables do not fit the function: the run will be refused and the agent told why.';
      }
    }
    const shown = variables && typeof variables === 'object' && !Array.isArray(variables) ? maskSecretVariables(variables as Record<string, unknown>) : variables;
    const secrets = await secretsFor(ctx, input);
    const message = new vscode.MarkdownString();
    message.appendMarkdown(md`Runs ${fn ? functionAndId(fn) : functionId} on ${where} with these variables:\n`);
    message.appendMarkdown(`\n${fenced(sanitize(JSON.stringify(shown, null, 2) ?? '{}', secrets), 'json')}\n`);
    message.appendMarkdown(md`\nIts logs stream into the "Notte Runs" Output channel; you can stop it from the progress notification.${note}`);
    return {
      invocationMessage: `Running ${fn?.name || functionId} on ${where}`,
      confirmationMessages: { title: `Run the Notte function ${fn?.name || functionId}?`, message },
    };
  },

  async invoke(ctx, input, token) {
    const id = requireString(input, 'function_id');
    if ('error' in id) return `${id.error} Call notte_list_functions to see the function ids.`;
    const noKey = await missingKey(ctx);
    if (noKey) return noKey;
    const where = whereItRuns(ctx);
    const loaded = await loadFunction(ctx, id.value, abortOn(token).signal);
    if ('error' in loaded) return loaded.error;
    const fn = loaded.fn;
    const converted = convertToolVariables(fn.variables ?? [], input.variables);
    if (!converted.ok) return `Error: the variables do not fit ${functionAndId(fn)}; nothing was run.\n${converted.message}`;

    const run = await runWithNotification(ctx, fn, converted.variables, token);
    return describeOutcome(fn, converted.variables, run, where);
  },
};

interface ToolRun {
  outcome: LaunchOutcome;
  lines: string[];
  totalLines: number;
  cancelledBy?: 'notification' | 'chat';
}

/** The same cancellable progress notification as Run Function; the agent's own cancel stops the run too. */
async function runWithNotification(ctx: WindowContext, fn: NotteFunction, variables: Record<string, unknown>, token: vscode.CancellationToken): Promise<ToolRun> {
  const name = functionLabel(fn);
  const lines: string[] = [];
  let totalLines = 0;
  const { outcome, cancelledBy } = await launchWithProgress(ctx, {
    title: `Running ${name} (asked by an agent)`,
    functionId: fn.function_id,
    functionName: name,
    variables,
    signal: abortOn(token).signal,
    startedText: (runId) => `run ${runId}`,
    onLog: (count, text) => {
      totalLines = count;
      lines.push(text);
      if (lines.length > MAX_LOG_LINES) lines.splice(0, lines.length - MAX_LOG_LINES);
    },
  });
  return { outcome, lines, totalLines, cancelledBy: cancelledBy === 'signal' ? 'chat' : cancelledBy };
}

function describeOutcome(fn: NotteFunction, variables: Record<string, unknown>, run: ToolRun, where: string): string {
  const { outcome } = run;
  const label = functionAndId(fn);
  const runPart = outcome.runId ? `Run ${outcome.runId} of ${label}` : `The run of ${label}`;
  if (outcome.cancelled) {
    const how = run.cancelledBy === 'chat' ? 'the chat request was stopped' : 'from the progress notification';
    return `${runPart} was cancelled by the user (${how}) and stopped on ${where}. Do not start it again unless the user asks.`;
  }
  if (outcome.error !== undefined || !outcome.result) {
    const ids = outcome.runId ? `\nfunction_id: ${fn.function_id}, run_id: ${outcome.runId}` : '\nNo run was started.';
    return `${errorText(outcome.error ?? 'the run ended without a result', { where, functionId: fn.function_id, runId: outcome.runId })}${ids}`;
  }
  const result = outcome.result;
  const failed = result.status === 'failed';
  const lines = [
    `${runPart} on ${where} ${failed ? 'failed' : 'finished'}: status ${result.status}.`,
    `function_id: ${fn.function_id}, run_id: ${outcome.runId}${result.session_id ? `, session_id: ${result.session_id}` : ''}`,
    variablesBlock(variables, 'Variables sent (as Python receives them)'),
    resultBlock(formatResult(result.result)),
    logBlock(run.lines, DEFAULT_LOG_LINES, run.totalLines),
  ];
  if (failed) lines.push('The function raised an error or was stopped (the result says which). Fix the variables or the function before running it again.');
  return lines.join('\n');
}
