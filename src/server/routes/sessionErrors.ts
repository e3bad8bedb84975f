// How the session routes answer what went wrong, as the service does: `status` in the body (the SDK's
// start retries read it), a closed or unknown session as a 404, the page's own failures by their name.
import type { ServerResponse } from 'http';
import type { Session } from '../browser/session';
import { HttpError, sendJson } from '../http';

const NOT_KEPT = 'The local server keeps sessions and their replays while it runs (the 100 newest closed ones), not across a restart.';

/** A 404 as the service answers an unknown (or someone else's) session (a run's from before a restart); 410 for its replay, which a 404 says "not ready yet" of. */
export function unknownSession(id: string | undefined, status: 404 | 410 = 404): HttpError {
  return new HttpError(status, status === 410 ? 'No replay' : 'Session not found', `Session ${id} not found. ${NOT_KEPT}`);
}

/** A 404 as the service answers a closed session's page routes; the detail says why it closed. */
export function closedSession(session: Pick<Session, 'id' | 'status' | 'closeReason'>): HttpError {
  // The reasons are sentences of their own, with their full stop.
  return new HttpError(404, 'Session is closed', `Session ${session.id} is ${session.status}${session.closeReason ? `: ${session.closeReason}` : '.'}`);
}

/** browser/session.ts's SessionClosed (by name: that module is in the lazy browser chunk). */
export const isSessionClosed = (error: unknown): boolean => error instanceof Error && error.name === 'SessionClosed';
/** The page's own failures by name (session.ts's PageUnresponsive and PageCrashed, steadyRead.ts's PageKeptMoving), as answered. */
const PAGE_FAILURES = new Map<string, [number, string]>([
  ['PageUnresponsive', [504, 'The page did not answer']],
  ['PageKeptMoving', [409, 'The page kept moving']],
  ['PageCrashed', [500, 'The page crashed']],
]);
export const pageFailure = (error: unknown): HttpError | undefined => {
  const known = error instanceof Error ? PAGE_FAILURES.get(error.name) : undefined;
  return known && new HttpError(known[0], known[1], (error as Error).message);
};

export function sendSessionError(res: ServerResponse, error: HttpError): void {
  sendJson(res, error.status, { message: error.message, detail: error.detail, status: error.status }, error.headers);
}
