import vscode = require('vscode');
import type { ApiKey } from '../../core/apiKey';
import { describeError } from '../../core/ui/errorText';
import { nextCronTime, parseCron, validateCron } from '../../api/cron';
import { functionLabel } from '../../api/types';
import { WindowContext } from '../../core/windowContext';
import { askVariables } from '../../core/ui/functionInputs';
import { fetchFunction, resolveFunction } from '../../core/ui/pickers';

/** `notte.schedule(functionIdOrNode?, cron?, variables?)`: validated before anything is sent. */
export async function schedule(ctx: WindowContext, _key: ApiKey, target?: unknown, cron?: unknown, variables?: unknown): Promise<string | undefined> {
  const chosen = await resolveFunction(ctx, target, 'Schedule Notte Function');
  if (!chosen) return undefined;
  let expression = typeof cron === 'string' ? cron : undefined;
  if (expression !== undefined) {
    const problem = validateCron(expression);
    if (problem) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Schedule not set: {0}', problem));
      return undefined;
    }
  } else {
    expression = await vscode.window.showInputBox({
      title: vscode.l10n.t('Schedule {0}', functionLabel(chosen)),
      prompt: vscode.l10n.t('A cron expression in UTC: minute hour day-of-month month day-of-week'),
      placeHolder: vscode.l10n.t('0 9 * * 1-5  (09:00 UTC on weekdays)'),
      ignoreFocusOut: true,
      validateInput: (text) => validateCron(text),
    });
    if (!expression) return undefined;
  }
  const fn = await fetchFunction(ctx, chosen.function_id);
  if (!fn) return undefined;
  // Not remembered: the values of a schedule are not those of the next run by hand.
  const values = await askVariables(ctx, fn, variables, { title: `Variables for scheduled runs of ${functionLabel(fn)}`, remember: false });
  if (!values) return undefined;
  try {
    const answer = await ctx.connection.client().setSchedule(fn.function_id, { cron: expression.trim(), variables: values });
    const next = nextCronTime(parseCron(expression), new Date());
    void vscode.window.showInformationMessage(
      vscode.l10n.t('Scheduled {0} at "{1}"{2}.', functionLabel(fn), expression.trim(), next ? `; next run ${next.toISOString().replace('T', ' ').slice(0, 16)} UTC` : ''),
    );
    return answer.status;
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not schedule {0}: {1}', fn.function_id, describeError(error)));
    return undefined;
  }
}

/** `notte.removeSchedule(function?)`: answers what the user was told (undefined after an error). */
export async function removeSchedule(ctx: WindowContext, _key: ApiKey, target?: unknown): Promise<string | undefined> {
  const fn = await resolveFunction(ctx, target, 'Remove Schedule');
  if (!fn) return undefined;
  try {
    const answer = await ctx.connection.client().removeSchedule(fn.function_id);
    // The local server says when there was none ("Removed the schedule" read as if there had been one).
    const told =
      typeof answer.message === 'string' && /no schedule/i.test(answer.message)
        ? vscode.l10n.t('{0} had no schedule: nothing to remove.', functionLabel(fn))
        : vscode.l10n.t('Removed the schedule of {0}.', functionLabel(fn));
    void vscode.window.showInformationMessage(told);
    return told;
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not remove the schedule of {0}: {1}', fn.function_id, describeError(error)));
    return undefined;
  }
}
