import * as vscode from 'vscode';
import { describeError } from '../api';
import { nextCronTime, parseCron, validateCron } from '../api/cron';
import { Ctx } from '../ctx';
import { fetchFunction, resolveFunction } from '../ui/pickers';
import { promptForVariables } from '../ui/variablesPrompt';
import { ensureApiKey } from './apiKey';
import { isVariables } from './runFunction';

/** `notte.schedule(functionIdOrNode?, cron?, variables?)`: validated before anything is sent. */
export const schedule = (ctx: Ctx) => async (target?: unknown, cron?: unknown, variables?: unknown): Promise<string | undefined> => {
  if (!(await ensureApiKey(ctx))) return undefined;
  const chosen = await resolveFunction(ctx, target, 'Schedule Notte Function');
  if (!chosen) return undefined;
  let expression = typeof cron === 'string' ? cron : undefined;
  if (expression !== undefined) {
    const problem = validateCron(expression);
    if (problem) {
      void vscode.window.showErrorMessage(`Schedule not set: ${problem}`);
      return undefined;
    }
  } else {
    expression = await vscode.window.showInputBox({
      title: `Schedule ${chosen.name || chosen.function_id}`,
      prompt: 'A cron expression in UTC: minute hour day-of-month month day-of-week',
      placeHolder: '0 9 * * 1-5  (09:00 UTC on weekdays)',
      ignoreFocusOut: true,
      validateInput: (text) => validateCron(text),
    });
    if (!expression) return undefined;
  }
  const fn = await fetchFunction(ctx, chosen.function_id);
  if (!fn) return undefined;
  const values = isVariables(variables) ? variables : await promptForVariables(fn, ctx.state.lastVariables(fn.function_id), `Variables for scheduled runs of ${fn.name || fn.function_id}`);
  if (!values) return undefined;
  try {
    const answer = await ctx.connection.client().setSchedule(fn.function_id, { cron: expression.trim(), variables: values });
    const next = nextCronTime(parseCron(expression), new Date());
    void vscode.window.showInformationMessage(`Scheduled ${fn.name || fn.function_id} at "${expression.trim()}"${next ? `; next run ${next.toISOString().replace('T', ' ').slice(0, 16)} UTC` : ''}.`);
    return answer.status;
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not schedule ${fn.function_id}: ${describeError(error)}`);
    return undefined;
  }
};

export const removeSchedule = (ctx: Ctx) => async (target?: unknown): Promise<string | undefined> => {
  if (!(await ensureApiKey(ctx))) return undefined;
  const fn = await resolveFunction(ctx, target, 'Remove Schedule');
  if (!fn) return undefined;
  try {
    const answer = await ctx.connection.client().removeSchedule(fn.function_id);
    void vscode.window.showInformationMessage(`Removed the schedule of ${fn.name || fn.function_id}.`);
    return answer.status;
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not remove the schedule of ${fn.function_id}: ${describeError(error)}`);
    return undefined;
  }
};
