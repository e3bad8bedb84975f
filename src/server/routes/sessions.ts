// /sessions/{id}: the simulated browser sessions of `--sessions` (see ../sessions.ts): status, the
// viewer page, the replay and its stand-in video.
import { HttpError, notFound, sendJson } from '../http';
import type { Router } from '../router';
import type { StoredRun } from '../runStore';
import { REPLAY_DELAY_MS, signedSessionUrl, viewerPage } from '../sessions';
import { parseByteRange, standInReplay, STAND_IN_REPLAY_TYPE } from '../standInReplay';
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

  // The same stand-in clip for every session (there is no browser to record), with byte ranges so a
  // <video> can seek in it. WebM under the API's .mp4 name: see ../standInReplay.ts.
  router.on('GET', '/sessions/:sessionId/replay.mp4', async (req, res, _url, { sessionId }) => {
    sessionRun(sessionId);
    const video = standInReplay();
    if (!video) throw new HttpError(500, 'Replay clip missing', "The local server's stand-in replay clip (assets/stand-in-replay.webm) is missing from its install.");
    const headers = { 'Content-Type': STAND_IN_REPLAY_TYPE, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store' };
    const range = parseByteRange(req.headers.range, video.length);
    if (range === 'unsatisfiable') {
      res.writeHead(416, { ...headers, 'Content-Range': `bytes */${video.length}`, 'Content-Length': 0 });
      res.end();
    } else if (range) {
      res.writeHead(206, { ...headers, 'Content-Range': `bytes ${range.start}-${range.end}/${video.length}`, 'Content-Length': range.end - range.start + 1 });
      res.end(video.subarray(range.start, range.end + 1));
    } else {
      res.writeHead(200, { ...headers, 'Content-Length': video.length });
      res.end(video);
    }
  });
}
