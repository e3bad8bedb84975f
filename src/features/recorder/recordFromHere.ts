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
}

/** Waits for the next `stopped` event of a `notte` debug session in `file` (undefined once the session ended without one). */
function nextStop(file: string): { stopped: Promise<Stop | undefined>; dispose(): void } {
  let settle: (stop: Stop | undefined) => void = () => undefined;
  const stopped = new Promise<Stop | undefined>((resolve) => (settle = resolve));
  const started = new Set<vscode.DebugSession>();
  const tracker = vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
    createDebugAdapterTracker(session) {
      started.add(session);
      return {
        onDidSendMessage: (message: { type?: string; event?: string; body?: { threadId?: number; reason?: string } }) => {
          if (message.type !== 'event' || message.event !== 'stopped') return;
          void inFile(session, message.body?.threadId ?? 0, file).then((ours) => ours && settle({ session, threadId: message.body?.threadId ?? 0 }));
        },
      };
    },
  });
  const ended = vscode.debug.onDidTerminateDebugSession((session) => started.has(session) && settle(undefined));
  return { stopped, dispose: () => vscode.Disposable.from(tracker, ended).dispose() };
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

/** Whether the thread's top frame is in `file`. */
async function inFile(session: vscode.DebugSession, threadId: number, file: string): Promise<boolean> {
  try {
    const trace = (await session.customRequest('stackTrace', { threadId, startFrame: 0, levels: 1 })) as { stackFrames?: { source?: { path?: string } }[] };
    const top = trace.stackFrames?.[0]?.source?.path;
    return !!top && samePath(top, file);
  } catch {
    return false;
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
  const waiting = nextStop(document.uri.fsPath);
  const startedAt = Date.now();
  vscode.debug.addBreakpoints([breakpoint]);
  try {
    const started = (await vscode.commands.executeCommand<{ started: boolean; problem?: string }>(Commands.debugFunctionLocally, document.uri))?.started;
    if (!started) return undefined;
    const stop = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Running run() to line {0}…', position.line + 1) },
      () => waiting.stopped,
    );
    if (!stop) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The run ended before reaching line {0}: nothing to record from.', position.line + 1));
      return undefined;
    }
    return await attach(ctx, stop, { uri: document.uri, line: position.line, character: position.character }, startedAt);
  } finally {
    waiting.dispose();
    // Ours only: a breakpoint the user had on that line stays.
    vscode.debug.removeBreakpoints([breakpoint]);
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
