// A run created (POST /runs/create) and never started: the SDK's Function.run creates, then starts, and a
// start refused with 429 (too many runs at once) leaves the run created. It read as active for ever, so a
// script polling it never ended and the extension's view kept following it. Once it is clearly abandoned it
// is failed, saying why. A local run (created with local: true) runs in the client until its PATCH: kept.
import type { RunStore, StoredRun } from './runStore';

/** How long a created run may wait for its start: far past any client's retries after a 429, and a person's Create Run then Start Run. */
export const UNSTARTED_RUN_MS = 60 * 60_000;

/** The run, failed first when it was created longer than UNSTARTED_RUN_MS ago and never started. */
export function expireUnstarted(run: StoredRun, store: RunStore, now = Date.now()): StoredRun {
  if (run.status !== 'created' || run.local || now - Date.parse(run.created_at) <= UNSTARTED_RUN_MS) return run;
  run.status = 'failed';
  run.result = `Never started: it was created, and not started within ${UNSTARTED_RUN_MS / 60_000} minutes (a start refused with 429, too many runs at once, leaves a run so).`;
  run.updated_at = new Date(now).toISOString();
  store.saveNow(run);
  return run;
}
