// What a finished run tells the author's tools (diagnostics, traceback links). No vscode import, so
// the run paths can fire it without loading anything of the author's tools.

export interface FinishedRun {
  /** The function on the current server, for runs of a deployed function. */
  functionId?: string;
  runId?: string;
  /** The local file that ran (Run File Locally, a debug session), as an fsPath. */
  file?: string;
  /** Paths Python saw for the file (a temporary copy of it). */
  aliases?: string[];
  ok: boolean;
  /** Logs and error text, where a traceback may be. */
  text: string;
  /** The code that ran, when it is known exactly (local runs of an editor's text). */
  code?: string;
}
