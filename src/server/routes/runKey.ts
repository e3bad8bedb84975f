// POST /functions/{id}/runs/{runId}/key: the run's own API key, for a run that runs its Python on the
// client's side (a run created with {local: true}: the extension's Run Locally and Debug). Its function
// then reaches this server with NOTTE_API_URL = `api_url` and NOTTE_API_KEY = `api_key`, and the browser
// sessions it starts are the run's (its session_id; closed when the run's PATCH reports its end). A
// separate route, so the SDK's models of the create-run answer stay as they are. Only the server key may
// ask; the key is good while the run is created or active.
import { HttpError, notFound, sendJson } from '../http';
import type { Router } from '../router';
import { runKeyFor } from '../runKeys';
import { wireIds } from '../wireIds';
import type { ApiContext } from './context';

export function addRunKeyRoutes(router: Router, ctx: ApiContext): void {
  router.on('POST', '/functions/:id/runs/:runId/key', async (_req, res, _url, { id, runId }) => {
    const run = runId === undefined ? undefined : ctx.store.get(runId);
    if (!run || run.function_id !== id) throw notFound(`Run ${runId} of function ${id} not found.`);
    if (run.status !== 'created' && run.status !== 'active') throw new HttpError(409, 'Conflict', `Run ${runId} is ${run.status}: a key is given to a created or active run only.`);
    sendJson(res, 200, { ...wireIds(run.function_id, run.function_run_id), api_key: runKeyFor(ctx.key, run.function_run_id), api_url: ctx.baseUrl() });
  });
}
