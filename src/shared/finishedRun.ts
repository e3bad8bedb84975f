// What the run launcher tells when a run ends (core/runs/launcher.ts's onDidFinishRun): the author's
// Problems entries and traceback links, the function page's history and the tree all listen to it.
// No vscode import.

/** Where a run ran: on the profile's server (Notte's cloud or the local server), or on this machine (Run Locally, Debug). */
export type RunPlace = 'server' | 'local' | 'debug';

/** How it ended, as this editor saw it: stopped means a person stopped it (Stop Run, Cancel, the run timeout). */
export type FinishedStatus = 'closed' | 'failed' | 'stopped' | 'error';

export interface FinishedRun {
  place: RunPlace;
  status: FinishedStatus;
  /** The function on the current server, for runs of a deployed function. */
  functionId?: string;
  runId?: string;
  /** The local file that ran (Run File Locally, a debug session), as an fsPath. */
  file?: string;
  /** Paths Python saw for the file (a temporary copy of it). */
  aliases?: string[];
  /** The end of the run's logs and its error text, where a traceback is. */
  text: string;
  /** The code that ran, when it is known exactly (local runs of an editor's text). */
  code?: string;
  /** What run(...) returned (JSON text), when it closed and the launcher did not see the answer itself (a debug session). */
  result?: unknown;
}

/**
 * The status this editor records (PATCH) for a run it ran on this machine: failed when run() raised or
 * the run was stopped, closed when run() returned. The SDK records a raise as closed with str(error)
 * as the result, which no view can tell from a success; the PATCH's model takes failed too.
 */
export function recordedLocalStatus(returned: boolean): 'closed' | 'failed' {
  return returned ? 'closed' : 'failed';
}

/** A run that ended by itself (not stopped by a person, not lost to an error of ours): its traceback is the author's business. */
export function endedByItself(run: FinishedRun): boolean {
  return run.status === 'closed' || run.status === 'failed';
}
