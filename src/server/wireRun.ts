// A stored run as the wire shows it: without what the server keeps for itself, with both id spellings,
// and in a listing without its lines.
import type { StoredRun } from './runStore';
import { wireIds } from './wireIds';

/** The wire shape of a stored run (without what the server keeps for itself). */
export function publicRun(run: StoredRun): Record<string, unknown> {
  const { pid: _pid, ...rest } = run;
  void _pid;
  // "created" is for the create answer only: the SDK refuses it in a run it reads (get_run and list_runs
  // failed for a function with one run created and not started, or running locally, as the SDK's local runs
  // are until their PATCH). Such a run is active on the wire; `started: false` (a field the SDK ignores)
  // tells this extension it has not started.
  if (run.status === 'created') return { ...rest, status: 'active', started: false, ...wireIds(run.function_id, run.function_run_id) };
  return { ...rest, ...wireIds(run.function_id, run.function_run_id) };
}

/** A run as listings show it: every field of the wire's run, its lines left out (`logs: []`; a GET of the run has them). */
export function listedRun(run: StoredRun): Record<string, unknown> {
  return publicRun({ ...run, logs: [] });
}
