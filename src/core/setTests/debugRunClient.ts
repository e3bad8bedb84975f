// Debug on a saved set: its run is a session of the `notte` debug type (features/debug) on the
// function's linked file, tied to the test run (its Stop stops the session), stopping at the author's
// breakpoints. The session's output lines are the test's, its end (told by the launcher, with what
// run(...) returned) its answer; it is recorded on the server as a local run.
import path = require('path');
import vscode = require('vscode');
import type { RunOptions } from '../../api/runExecution';
import type { SetRunnerClient } from '../../contracts/setRunner';
import { DEBUG_TYPE } from '../../shared/contributions';
import { FinishedRun, recordedLocalStatus } from '../../shared/finishedRun';
import type { WindowContext } from '../windowContext';
import { KnownFunctions, RunTitles } from './placeClients';

interface OutputEvent {
  type?: string;
  event?: string;
  body?: { category?: string; output?: string };
}

export function debugRunClient(ctx: WindowContext, titles: RunTitles, testRun?: vscode.TestRun): SetRunnerClient {
  const client = ctx.connection.client();
  const known = new KnownFunctions();
  return {
    getFunction: async (functionId, o) => known.remember(await client.getFunction(functionId, o)),
    createRun: (functionId, _body, o) => client.createRun(functionId, { local: true }, o),
    startCreatedRun: async (functionId, runId, variables, o: RunOptions = {}) => {
      const file = ctx.linked.links.filesOf(functionId)[0];
      if (!file) {
        const reason = `Debug runs the function's file in this workspace, and no file is linked to ${known.label(functionId)}: link it first (Notte: Link to Function…)`;
        await ctx.launcher.recordOnServer({ functionId, runId, client }, { status: 'failed', result: reason, logs: [], variables });
        throw new Error(reason);
      }
      const logs: string[] = [];
      const ended = await debugSession(
        ctx,
        file,
        { functionId, runId, name: `Debug ${titles.titleOf(runId) ?? known.label(functionId)}`, variables, testRun, signal: o.signal },
        (text) => {
          logs.push(text);
          o.handlers?.onLog?.({ raw: text, text });
        },
      );
      if ('problem' in ended) {
        await ctx.launcher.recordOnServer({ functionId, runId, client }, { status: 'failed', result: ended.problem, logs, variables });
        throw new Error(ended.problem);
      }
      const run = ended.run;
      // A failure's result is its traceback and error, which the test's message places at the raising line.
      const result = run.status === 'closed' ? run.result : run.text.trim();
      const text = typeof result === 'string' || result === undefined ? result : JSON.stringify(result);
      // Recorded on the run by the debug session itself (its configuration names the run), as any debug session's.
      const status = recordedLocalStatus(run.status === 'closed');
      return { function_id: functionId, function_run_id: runId, session_id: null, status: run.status === 'stopped' ? 'stopped' : status, result: text };
    },
  };
}

interface DebugRequest {
  /** The run made for this test: the session is that run (its browser sessions, its record), not a new one. */
  functionId: string;
  runId: string;
  name: string;
  variables: Record<string, unknown>;
  testRun?: vscode.TestRun;
  signal?: AbortSignal;
}

/** Starts the session and answers how it ended (the launcher's FinishedRun), or why it did not start. */
async function debugSession(ctx: WindowContext, file: vscode.Uri, request: DebugRequest, onLine: (text: string) => void): Promise<{ run: FinishedRun } | { problem: string }> {
  const id = `notte-test-${request.runId}`;
  const owned: vscode.Disposable[] = [];
  try {
    const finished = new Promise<FinishedRun>((resolve) => {
      owned.push(ctx.launcher.onDidFinishRun((run) => run.place === 'debug' && run.file === file.fsPath && resolve(run)));
    });
    let session: vscode.DebugSession | undefined;
    owned.push(
      vscode.debug.onDidStartDebugSession((started) => {
        if (started.configuration.notteTest === id) session = started;
      }),
      vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
        createDebugAdapterTracker: (tracked) =>
          tracked.configuration.notteTest === id ? { onDidSendMessage: (message: OutputEvent) => forwardOutput(message, onLine) } : undefined,
      }),
    );
    const stop = () => session && void vscode.debug.stopDebugging(session);
    request.signal?.addEventListener('abort', stop);
    owned.push({ dispose: () => request.signal?.removeEventListener('abort', stop) });
    const configuration = {
      type: DEBUG_TYPE,
      request: 'launch',
      name: request.name,
      program: file.fsPath,
      variables: request.variables,
      cwd: path.dirname(file.fsPath),
      notteTest: id,
      notteRun: { functionId: request.functionId, runId: request.runId },
    };
    const started = await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(file), configuration, request.testRun ? { testRun: request.testRun } : undefined);
    if (!started) return { problem: `the debug session did not start (the "Notte Runs" Output channel says why)` };
    return { run: await finished };
  } finally {
    owned.forEach((d) => d.dispose());
  }
}

/** The debuggee's own output (not the adapter's messages), a line at a time. */
function forwardOutput(message: OutputEvent, onLine: (text: string) => void): void {
  if (message.type !== 'event' || message.event !== 'output') return;
  const category = message.body?.category ?? 'console';
  if (category !== 'stdout' && category !== 'stderr') return;
  for (const line of (message.body?.output ?? '').split(/\r?\n/)) if (line.trim()) onLine(line);
}
