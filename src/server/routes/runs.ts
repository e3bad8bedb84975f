// /functions/{id}/runs: list, create, start (streamed or not), read, stop and update runs.
import type { ServerResponse } from 'http';
import type { RunResult } from '../../api/types';
import type { FunctionEntry } from '../functionRegistry';
import { HttpError, issue, JsonBody, notFound, rateLimited, readJsonBody, sendJson, serializedField } from '../http';
import { fieldSource } from '../jsonSource';
import type { Router } from '../router';
import { skippedLinesLine } from '../logCaps';
import { RunInput } from '../runManager';
import { listedRun, publicRun } from '../wireRun';
import type { StoredRun } from '../runStore';
import { SseWriter } from '../sse';
import { expireUnstarted } from '../unstartedRuns';
import { wireIds } from '../wireIds';
import { ApiContext, functionEntry, page, readPaging } from './context';

/** Seconds a client is asked to wait after a 429 for concurrency. */
export const RETRY_AFTER_SECONDS = 2;

export function addRunRoutes(router: Router, ctx: ApiContext): void {
  const runOf = (functionId: string | undefined, runId: string | undefined): StoredRun => {
    const run = runId === undefined ? undefined : ctx.store.get(runId);
    if (!run || run.function_id !== functionId) throw notFound(`Run ${runId} of function ${functionId} not found.`);
    return expireUnstarted(run, ctx.store);
  };
  // The literal routes (create, start) come before /runs/{runId}, which would take them as run ids.
  addStartRoutes(router, ctx, runOf);
  addRunStateRoutes(router, ctx, runOf);
}

type RunOf = (functionId: string | undefined, runId: string | undefined) => StoredRun;

/** Creating and starting runs. */
function addStartRoutes(router: Router, ctx: ApiContext, runOf: RunOf): void {
  const checkCapacity = (): void => {
    if (!ctx.manager.hasCapacity()) throw rateLimited(RETRY_AFTER_SECONDS, ctx.manager.maxConcurrent);
  };

  router.on('POST', '/functions/:id/runs/create', async (req, res, _url, { id }) => {
    const local = await readJsonBody(req, { functionId: id }, (body) => {
      body.forbidOthers(['local']);
      return body.field('local', 'boolean') as boolean | undefined;
    });
    const entry = await functionEntry(ctx, id);
    const run = ctx.manager.create(entry.id, local ?? false);
    sendJson(res, 200, { ...wireIds(run.function_id, run.function_run_id), created_at: run.created_at, status: run.status });
  });

  router.on('POST', '/functions/:id/runs/start', async (req, res, _url, { id }) => {
    const { input, stream } = await readJsonBody(req, { functionId: id }, startFields);
    const entry = await functionEntry(ctx, id);
    checkCapacity();
    launch(ctx, res, ctx.manager.create(entry.id, false), entry, input, stream);
  });

  router.on('POST', '/functions/:id/runs/:runId', async (req, res, _url, { id, runId }) => {
    const { input, stream } = await readJsonBody(req, { functionId: id, runId }, startFields);
    const run = runOf(id, runId);
    const entry = await functionEntry(ctx, id);
    if (run.status !== 'created') throw new HttpError(409, 'Conflict', `Run ${runId} is ${run.status}: only a created run can be started.`);
    checkCapacity();
    launch(ctx, res, run, entry, input, stream);
  });
}

/** Reading runs, stopping them, and changing what is recorded of them. */
function addRunStateRoutes(router: Router, ctx: ApiContext, runOf: RunOf): void {
  router.on('GET', '/functions/:id/runs', async (_req, res, url, { id }) => {
    const paging = readPaging(url.searchParams);
    const runs = ctx.store
      .listForFunction(id ?? '')
      .map((r) => expireUnstarted(r, ctx.store))
      .filter((r) => !paging.onlyActive || r.status === 'active' || r.status === 'created');
    // Without their lines: a row needs none, and a run's lines can be megabytes (GET of the run has them).
    sendJson(res, 200, page(runs, paging, listedRun));
  });

  router.on('GET', '/functions/:id/runs/:runId', async (_req, res, _url, { id, runId }) => {
    sendJson(res, 200, publicRun(ctx.store.withLogs(runOf(id, runId))));
  });

  router.on('DELETE', '/functions/:id/runs/:runId', async (_req, res, _url, { id, runId }) => {
    const run = runOf(id, runId);
    await ctx.manager.stop(run, 'user');
    sendJson(res, 200, { ...wireIds(run.function_id, run.function_run_id), updated_at: run.updated_at, status: 'stopped' });
  });

  router.on('PATCH', '/functions/:id/runs/:runId', async (req, res, _url, { id, runId }) => {
    const changes = await readJsonBody(req, { functionId: id, runId }, updateFields);
    const run = runOf(id, runId);
    if (ctx.manager.isLive(run.function_run_id) && changes.status !== undefined && changes.status !== 'active') {
      throw new HttpError(409, 'Conflict', `Run ${runId} is running on this server: stop it instead.`);
    }
    if (ctx.manager.isLive(run.function_run_id) && changes.logs !== undefined) {
      throw new HttpError(409, 'Conflict', `Run ${runId} is running on this server: its lines are its own.`);
    }
    ctx.store.hydrate(run);
    if (changes.status !== undefined) run.status = changes.status;
    if (changes.result !== undefined) run.result = changes.result;
    if (changes.logs !== undefined) run.logs = changes.logs;
    if (changes.variables !== undefined) run.variables = changes.variables;
    // null is what a local run sends when it knows of no session (the SDK does): it never erases the session this server saw the run open.
    if (changes.sessionId !== undefined && (changes.sessionId !== null || !run.session_id)) run.session_id = changes.sessionId;
    run.updated_at = new Date().toISOString();
    ctx.store.saveNow(run);
    // A local run that reports its end closes its browser sessions.
    if (run.status === 'closed' || run.status === 'failed')
      void ctx.browser?.endRun(run.function_run_id, run.status).catch((error) => ctx.log?.(`error closing the sessions of run ${run.function_run_id}: ${error}`));
    sendJson(res, 200, { ...wireIds(run.function_id, run.function_run_id), updated_at: run.updated_at, status: 'updated' });
  });
}

/** The start body's fields, the variables serialized here once (a 422 when they cannot be), before anything is created or started. */
function startFields(body: JsonBody): { input: RunInput; stream: boolean } {
  const variables = (body.field('variables', 'object|null') as Record<string, unknown> | null | undefined) ?? {};
  const stream = body.field('stream', 'boolean') as boolean | undefined;
  body.forbidOthers(['variables', 'stream']);
  // To Python as sent: a 64-bit id or a float written 1.0 would not survive JavaScript's numbers.
  // (Not a number of over 4,000 digits: Python's json refuses those, where JavaScript reads a double.)
  const source = Object.keys(variables).length > 0 ? fieldSource(body.text, 'variables') : undefined;
  const sent = source && !/\d{4000}/.test(source) ? source : undefined;
  return { input: { variables, json: sent ?? serializedField(variables, ['body', 'variables']) }, stream: stream ?? false };
}

function updateFields(body: JsonBody) {
  body.forbidOthers(['status', 'result', 'logs', 'variables', 'session_id']);
  const changes = {
    status: body.field('status', 'string') as string | undefined,
    result: body.field('result', 'string|null') as string | null | undefined,
    logs: body.field('logs', 'string[]') as string[] | undefined,
    variables: body.field('variables', 'object') as Record<string, unknown> | undefined,
    sessionId: body.field('session_id', 'string|null') as string | null | undefined,
  };
  if (changes.status !== undefined && !['created', 'active', 'closed', 'failed'].includes(changes.status)) {
    body.issues.push(issue(['body', 'status'], "Input should be 'created', 'active', 'closed' or 'failed'", 'enum'));
  }
  return changes;
}

/** Starts the run (capacity was checked in this same tick) and answers with a stream or the final object. */
function launch(ctx: ApiContext, res: ServerResponse, run: StoredRun, entry: FunctionEntry, input: RunInput, stream: boolean): void {
  if (!stream) {
    void ctx.manager.start(run, entry, input).then((final: RunResult) => sendJson(res, 200, final));
    return;
  }
  const sse = new SseWriter(res, { cutAfter: ctx.faults?.takeStreamCut(), skippedLine: (lines) => skippedLinesLine(lines, run.function_id, run.function_run_id) });
  void ctx.manager.start(run, entry, input, {
    onLog: (_line, json) => sse.sendLog(json),
    onSession: (sessionId) => sse.send({ type: 'session_start', message: sessionId }),
    onEnd: (final) => {
      sse.send({ type: 'result', message: JSON.stringify(final) });
      sse.end();
    },
  });
}
