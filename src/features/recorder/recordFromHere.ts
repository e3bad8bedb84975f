// Record from Here: run the file's run() under the `notte` debug type (its variables asked as Debug asks
// them) until the cursor's line, then show the session that run opened in the panel, so what is recorded
// next starts from the page the code reached and goes in at the cursor. Continue or Stop ends the run.
import fs = require('fs');
import path = require('path');
import vscode = require('vscode');
import type { BrowserSession } from '../../api/sessionTypes';
import type { ApiKey } from '../../core/apiKey';
import { describeError } from '../../core/ui/errorText';
import type { WindowContext } from '../../core/windowContext';
import { Commands, DEBUG_TYPE } from '../../shared/contributions';
import { hasRunDefinition } from '../../shared/runDefinitions';
import { clockTime } from '../../shared/time';
import { openPanel } from './recorderCommands';

interface Stop {
  session: vscode.DebugSession;
  threadId: number;
  /** Why the debugger stopped ('breakpoint', 'exception', 'step'…: DAP's `stopped` reason). */
  reason: string;
  /** The top frame's line (1-based) when it is in the file. */
  line?: number;
}

/** The `stopped` events of `notte` debug sessions in `file`, one at a time (undefined once the session ended). */
function stopsIn(file: string): { next(): Promise<Stop | undefined>; dispose(): void } {
  const waiting: ((stop: Stop | undefined) => void)[] = [];
  const queued: (Stop | undefined)[] = [];
  const push = (stop: Stop | undefined) => {
    const take = waiting.shift();
    if (take) take(stop);
    else queued.push(stop);
  };
  const started = new Set<vscode.DebugSession>();
  const tracker = vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
    createDebugAdapterTracker(session) {
      started.add(session);
      return {
        onDidSendMessage: (message: { type?: string; event?: string; body?: { threadId?: number; reason?: string } }) => {
          if (message.type !== 'event' || message.event !== 'stopped') return;
          const threadId = message.body?.threadId ?? 0;
          const reason = message.body?.reason ?? '';
          // An exception counts wherever it was raised (a library's frame may be on top): the run will not reach the cursor as it is.
          void topFrame(session, threadId, file).then(
            (top) => (top.inFile || reason === 'exception') && push({ session, threadId, reason, line: top.inFile ? top.line : undefined }),
          );
        },
      };
    },
  });
  const ended = vscode.debug.onDidTerminateDebugSession((session) => started.has(session) && push(undefined));
  return {
    next: () => (queued.length > 0 ? Promise.resolve(queued.shift()) : new Promise((resolve) => waiting.push(resolve))),
    dispose: () => vscode.Disposable.from(tracker, ended).dispose(),
  };
}

/** Whether an adapter's source path (a path, or a URI when the extension host is remote) names `file`, links resolved. */
function samePath(sourcePath: string, file: string): boolean {
  const local = /^[a-z][\w+.-]*:\/\//i.test(sourcePath) ? vscode.Uri.parse(sourcePath).fsPath : sourcePath;
  const real = (p: string) => {
    try {
      return fs.realpathSync(p);
    } catch {
      return path.resolve(p);
    }
  };
  return real(local) === real(file);
}

/** The thread's top frame: whether it is in `file`, and its line (1-based). */
async function topFrame(session: vscode.DebugSession, threadId: number, file: string): Promise<{ inFile: boolean; line?: number }> {
  try {
    const trace = (await session.customRequest('stackTrace', { threadId, startFrame: 0, levels: 1 })) as { stackFrames?: { line?: number; source?: { path?: string } }[] };
    const top = trace.stackFrames?.[0];
    return { inFile: !!top?.source?.path && samePath(top.source.path, file), line: top?.line };
  } catch {
    return { inFile: false };
  }
}

/** The exception a thread stopped on, as Python names it ("ModuleNotFoundError: No module named 'x'"), when the adapter tells it. */
async function exceptionText(stop: Stop): Promise<string | undefined> {
  try {
    const info = (await stop.session.customRequest('exceptionInfo', { threadId: stop.threadId })) as { exceptionId?: string; description?: string };
    const text = [info.exceptionId, info.description].filter(Boolean).join(': ');
    return text || undefined;
  } catch {
    return undefined;
  }
}

/** The browser session the debug run opened: started after it began, asked when there are several. */
async function sessionOfRun(ctx: WindowContext, startedAt: number): Promise<BrowserSession | undefined> {
  const listed = (await ctx.connection.client().sessions.list({ only_active: true, page_size: 100 })).items;
  // The local server's and Notte's clocks are the same machine's or close: a second of slack.
  const candidates = listed.filter((s) => Date.parse(s.created_at) >= startedAt - 1000).sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
  if (candidates.length <= 1) return candidates[0];
  const picked = await vscode.window.showQuickPick(
    candidates.map((s) => ({ label: s.session_id, description: vscode.l10n.t('started {0}', clockTime(new Date(s.created_at))), session: s })),
    { title: vscode.l10n.t('Record from Here'), placeHolder: vscode.l10n.t('Several browser sessions started since the run began: which one did it open?') },
  );
  return picked?.session;
}

/** `notte.recordFromHere(uri?)`: answers the session id the panel shows, or undefined. */
export async function recordFromHere(ctx: WindowContext, _key: ApiKey, uri?: unknown): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const document = editor?.document;
  if (!editor || !document || document.languageId !== 'python' || document.uri.scheme !== 'file' || (uri instanceof vscode.Uri && uri.toString() !== document.uri.toString())) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Record from Here: open a function file and put the cursor where recording starts.'));
    return undefined;
  }
  if (!hasRunDefinition(document.getText())) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} has no top-level run(...) to run up to the cursor.', path.basename(document.uri.fsPath)));
    return undefined;
  }
  if (document.isDirty && !(await document.save())) return undefined;
  const position = editor.selection.active;
  const breakpoint = new vscode.SourceBreakpoint(new vscode.Location(document.uri, new vscode.Position(position.line, 0)));
  const stops = stopsIn(document.uri.fsPath);
  const startedAt = Date.now();
  vscode.debug.addBreakpoints([breakpoint]);
  try {
    const started = (await vscode.commands.executeCommand<{ started: boolean; problem?: string }>(Commands.debugFunctionLocally, document.uri))?.started;
    if (!started) return undefined;
    const stop = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Running run() to line {0}…', position.line + 1) }, () =>
      stopAtCursor(stops, position.line + 1),
    );
    if (!stop) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The run ended before reaching line {0}: nothing to record from.', position.line + 1));
      return undefined;
    }
    return await attach(ctx, stop, { uri: document.uri, line: position.line, character: position.character }, startedAt);
  } finally {
    stops.dispose();
    // Ours only: a breakpoint the user had on that line stays.
    vscode.debug.removeBreakpoints([breakpoint]);
  }
}

/**
 * The stop at the cursor: an exception on the way is told (the debugger shows it where it was raised;
 * Continue goes on, and a run it ends never reaches the cursor) and waited past, not taken for the cursor.
 */
async function stopAtCursor(stops: ReturnType<typeof stopsIn>, cursorLine: number): Promise<Stop | undefined> {
  for (;;) {
    const stop = await stops.next();
    if (!stop) return undefined;
    if (stop.reason !== 'exception') {
      // The cursor's breakpoint, or the line the adapter moved it down to; an earlier stop (a breakpoint
      // of the user's, a step) is passed by, said in the status bar.
      if (stop.line === undefined || stop.line >= cursorLine) return stop;
      vscode.window.setStatusBarMessage(vscode.l10n.t('Record from Here: stopped at line {0}, before line {1}: Continue (F5) goes on.', stop.line, cursorLine), 10_000);
      continue;
    }
    const raised = (await exceptionText(stop)) ?? vscode.l10n.t('an exception');
    const where = stop.line === undefined ? '' : vscode.l10n.t(' at line {0}', stop.line);
    void vscode.window.showWarningMessage(
      vscode.l10n.t('The run stopped{0} on {1}, before reaching line {2}. Continue (F5) goes on; Stop ends the run.', where, raised, cursorLine),
    );
  }
}

async function attach(ctx: WindowContext, stop: Stop, target: { uri: vscode.Uri; line: number; character: number }, startedAt: number): Promise<string | undefined> {
  let session: BrowserSession | undefined;
  try {
    session = await sessionOfRun(ctx, startedAt);
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not list the browser sessions: {0}', describeError(error)));
    return undefined;
  }
  if (!session) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t(
        'run() opened no browser session before line {0}: the debugger is stopped there, with nothing to show. Open a session in the code above the cursor (with client.Session() as session:).',
        target.line + 1,
      ),
    );
    return undefined;
  }
  const panel = await openPanel(ctx, { mode: 'fromHere', target, debugSession: stop.session, threadId: stop.threadId }, { sessionId: session.session_id });
  return panel?.sessionId;
}
