// /sessions/{id}: the simulated browser sessions of `--sessions` (see ../sessions.ts): status, the
// viewer page, the replay and its stand-in video.
import { HttpError, notFound, sendJson } from '../http';
import type { Router } from '../router';
import type { StoredRun } from '../runStore';
import { FAKE_MP4, REPLAY_DELAY_MS, signedSessionUrl, viewerPage } from '../sessions';
import { ApiContext } from './context';

export function addSessionRoutes(router: Router, ctx: ApiContext): void {
  /** The run of a simulated session; 404 as the service answers an unknown session. */
  const sessionRun = (sessionId: string | undefined): StoredRun => {
    const run = ctx.sessions && sessionId ? ctx.store.findBySession(sessionId) : undefined;
    if (!run) throw notFound(`Session ${sessionId} not found${ctx.sessions ? '.' : ': runs of the local server have no browser session (start it with --sessions).'}`);
    return run;
  };
  // A run left from before a restart is not live: its session is closed.
  const sessionStatus = (run: StoredRun): 'active' | 'closed' => (ctx.manager.isLive(run.function_run_id) ? 'active' : 'closed');

  router.on('GET', '/sessions/:sessionId', async (_req, res, _url, { sessionId }) => {
    const run = sessionRun(sessionId);
    const id = run.session_id as string;
    sendJson(res, 200, { session_id: id, status: sessionStatus(run), viewer_url: signedSessionUrl(ctx.baseUrl(), ctx.key, id, 'viewer').url });
  });

  router.on('GET', '/sessions/:sessionId/replay', async (_req, res, _url, { sessionId }) => {
    const run = sessionRun(sessionId);
    const id = run.session_id as string;
    if (sessionStatus(run) === 'active') throw new HttpError(404, 'Session is still active', `Session ${id} is still active: its replay is ready once it ends.`);
    const endedAt = Date.parse(run.updated_at);
    if (Date.now() - endedAt < REPLAY_DELAY_MS) throw new HttpError(404, 'Replay not ready yet', `The replay of session ${id} is not ready yet: retry in a moment.`);
    const startedAt = Date.parse(run.started_at ?? run.created_at);
    const { url, expires } = signedSessionUrl(ctx.baseUrl(), ctx.key, id, 'replay.mp4');
    sendJson(res, 200, { mp4_url: url, expires_at: new Date(expires * 1000).toISOString(), video_start_ms: 0, video_duration_ms: Math.max(0, endedAt - startedAt) });
  });

  router.on('GET', '/sessions/:sessionId/viewer', async (_req, res, _url, { sessionId }) => {
    const run = sessionRun(sessionId);
    const html = viewerPage(run.session_id as string, run.function_run_id, sessionStatus(run), ctx.store.withLogs(run).logs);
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': Buffer.byteLength(html), 'Cache-Control': 'no-store' });
    res.end(html);
  });

  router.on('GET', '/sessions/:sessionId/replay.mp4', async (_req, res, _url, { sessionId }) => {
    sessionRun(sessionId);
    res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': FAKE_MP4.length });
    res.end(FAKE_MP4);
  });
}
