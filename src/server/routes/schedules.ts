// /functions/{id}/schedule: read, set and remove a function's schedule; and the start of a run when
// a schedule is due.
import { CronError, parseCron } from '../../api/cron';
import { issue, notFound, readJsonBody, sendJson, serializedField } from '../http';
import type { Router } from '../router';
import { wireIds } from '../wireIds';
import { ApiContext, functionEntry } from './context';

export function addScheduleRoutes(router: Router, ctx: ApiContext): void {
  router.on('GET', '/functions/:id/schedule', async (_req, res, _url, { id }) => {
    const entry = await functionEntry(ctx, id);
    const schedule = ctx.schedules.get(entry.id);
    if (!schedule) throw notFound(`Function ${id} has no schedule.`);
    sendJson(res, 200, { ...wireIds(entry.id), ...schedule, next_run_at: ctx.schedules.nextRun(entry.id) });
  });

  router.on('POST', '/functions/:id/schedule', async (req, res, _url, { id }) => {
    const entry = await functionEntry(ctx, id);
    const { cron, variables } = await readJsonBody(req, { functionId: entry.id }, (body) => {
      body.forbidOthers(['cron', 'variables']);
      const cron = body.fields.cron;
      if (cron === undefined) body.issues.push(issue(['body', 'cron'], 'Field required', 'missing'));
      else if (typeof cron !== 'string') body.issues.push(issue(['body', 'cron'], 'Input should be a valid string', 'string_type'));
      else {
        try {
          parseCron(cron);
        } catch (error) {
          if (!(error instanceof CronError)) throw error;
          body.issues.push(issue(['body', 'cron'], error.message, 'value_error'));
        }
      }
      const variables = (body.field('variables', 'object|null') as Record<string, unknown> | null | undefined) ?? {};
      // Checked here, before anything is kept: a schedule that cannot be saved is a 422, not a broken listing.
      serializedField(variables, ['body', 'variables']);
      return { cron: cron as string, variables };
    });
    ctx.schedules.set(entry.id, cron, variables);
    sendJson(res, 200, { status: 'success', ...wireIds(entry.id), cron, next_run_at: ctx.schedules.nextRun(entry.id) });
  });

  router.on('DELETE', '/functions/:id/schedule', async (_req, res, _url, { id }) => {
    const entry = await functionEntry(ctx, id);
    const removed = ctx.schedules.remove(entry.id);
    sendJson(res, 200, { status: 'success', ...wireIds(entry.id), message: removed ? 'Schedule removed.' : 'The function had no schedule.' });
  });
}

/** Starts a run for a schedule that is due (skipped when the server is at its limit); what goes wrong is logged, never thrown. */
export function fireSchedule(ctx: ApiContext, functionId: string, variables: Record<string, unknown>): void {
  void ctx.registry
    .refresh()
    .then(() => {
      const entry = ctx.registry.get(functionId);
      if (!entry || !ctx.registry.isActive(entry)) return;
      if (!ctx.manager.hasCapacity()) {
        ctx.log?.(`schedule of ${functionId} skipped: ${ctx.manager.maxConcurrent} runs are active`);
        return;
      }
      const json = JSON.stringify(variables);
      const run = ctx.manager.create(functionId, false);
      void ctx.manager.start(run, entry, { variables, json });
    })
    .catch((error) => ctx.log?.(`schedule of ${functionId} not started: ${(error as Error)?.message ?? error}`));
}
