// The browser panel's commands: Record a New Function…, Record at Cursor, Pick Element, Open Browser
// Session…. Each opens (or reveals) a panel on a session: a new one on the active profile's server (on
// Notte's cloud, confirmed first: it costs) or an active one (a run's, a debug run's, any listed).
import path = require('path');
import vscode = require('vscode');
import type { ApiKey } from '../../core/apiKey';
import { liveSessionsPart } from '../../core/liveSessions';
import { describeError } from '../../core/ui/errorText';
import type { WindowContext } from '../../core/windowContext';
import { isLoopbackUrl } from '../../shared/loopback';
import { clockTime } from '../../shared/time';
import type { CursorTarget } from './panelExport';
import type { PanelMode } from './protocol';
import type { PanelPurpose, RecorderPanel } from './recorderPanel';
import { recorderPanelsPart, titleFor } from './recorderPanels';

/** A session to show: one by id, or a new one (in `column` when given: a panel's New Session opens in that panel's group). */
type SessionChoice = { sessionId: string } | { newSession: true; column?: vscode.ViewColumn };

/** Whether a new session costs (Notte's cloud), so it is confirmed first. */
function costs(ctx: WindowContext): boolean {
  return !ctx.connection.usingLocalServer && !isLoopbackUrl(ctx.connection.baseUrl);
}

async function confirmNewSession(ctx: WindowContext): Promise<boolean> {
  if (!costs(ctx)) return true;
  const start = vscode.l10n.t('Start Session');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Start a browser session on {0}? Notte bills browser sessions by their duration; Stop in the panel (or closing it) ends it.', ctx.connection.label),
    { modal: true },
    start,
  );
  return choice === start;
}

interface SessionPick extends vscode.QuickPickItem {
  choice: SessionChoice;
}

/** A new session or one of the active ones, asked when there are active ones. */
export async function chooseSession(ctx: WindowContext, title: string): Promise<SessionChoice | undefined> {
  let active: { session_id: string; created_at: string; run_id?: string | null }[] = [];
  try {
    active = (await ctx.connection.client().sessions.list({ only_active: true, page_size: 50 })).items;
  } catch {
    // A server that cannot list its sessions can still start one.
  }
  if (active.length === 0) return { newSession: true };
  const items: SessionPick[] = [
    { label: `$(add) ${vscode.l10n.t('Start a new browser session')}`, description: ctx.connection.label, choice: { newSession: true } },
    ...active.map((s) => ({
      label: s.session_id,
      description: [vscode.l10n.t('started {0}', clockTime(new Date(s.created_at))), s.run_id ? vscode.l10n.t('run {0}', s.run_id) : undefined].filter(Boolean).join(' · '),
      choice: { sessionId: s.session_id },
    })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('A browser session to show in the panel') });
  return picked?.choice;
}

/**
 * A panel's own session: a person looks around and thinks between actions, which the API's 3 idle minutes
 * cut short (a walkthrough's session died before its first step). Closing the panel stops it, so the
 * longer limits cost nothing once the panel is gone.
 */
const PANEL_SESSION = { idle_timeout_minutes: 15, max_duration_minutes: 60 } as const;

/** Opens the panel for `purpose` on the chosen session (starting one when asked); answers the panel. */
export async function openPanel(ctx: WindowContext, purpose: PanelPurpose, choice: SessionChoice): Promise<RecorderPanel | undefined> {
  const panels = ctx.get(recorderPanelsPart);
  if ('sessionId' in choice) return panels.attach(choice.sessionId, purpose, false);
  if (!(await confirmNewSession(ctx))) return undefined;
  // The webview loads while the browser starts.
  const early = panels.early(titleFor(purpose), choice.column);
  let sessionId: string;
  try {
    sessionId = (await ctx.get(liveSessionsPart).start(PANEL_SESSION, 'panel')).session_id;
  } catch (error) {
    early.listener.dispose();
    early.panel.dispose();
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not start a browser session: {0}', describeError(error)));
    return undefined;
  }
  if (early.closed()) {
    void ctx
      .get(liveSessionsPart)
      .stop(sessionId, 'panel')
      .catch(() => undefined);
    return undefined;
  }
  return panels.attach(sessionId, purpose, true, early);
}

/** The active Python editor's cursor, or undefined (with a message) when there is none. */
function editorTarget(uri: unknown, what: string): CursorTarget | undefined {
  const editor = vscode.window.activeTextEditor;
  const document = editor?.document;
  if (!editor || !document || document.languageId !== 'python' || (uri instanceof vscode.Uri && uri.toString() !== document.uri.toString())) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0}: open a function file and put the cursor where the code goes.', what));
    return undefined;
  }
  const position = editor.selection.active;
  return { uri: document.uri, line: position.line, character: position.character };
}

/** The panel shown now, given this purpose; else a session chosen (or started) for it. */
async function panelFor(ctx: WindowContext, purpose: PanelPurpose, title: string): Promise<RecorderPanel | undefined> {
  const shown = ctx.get(recorderPanelsPart).shown;
  if (shown && !shown.live.isOver) {
    shown.setPurpose(purpose);
    return shown;
  }
  const choice = await chooseSession(ctx, title);
  return choice ? openPanel(ctx, purpose, choice) : undefined;
}

/**
 * `notte.recordNewFunction`: a new session in the panel; its steps export as a new function file. A panel
 * this window started is open already: with nothing recorded it serves; with steps, the person chooses
 * (each session is a browser, and on Notte's cloud it is billed).
 */
export async function recordNewFunction(ctx: WindowContext, _key: ApiKey): Promise<string | undefined> {
  const open = ctx.get(recorderPanelsPart).all.find((panel) => panel.ownsSession && !panel.live.isOver);
  const where = !open ? 'new' : open.actions.recording.steps.length === 0 ? 'open' : await askWhere(open);
  if (!where) return undefined;
  // The panel may have closed, or its session ended, while the person chose: then a new session it is.
  const stillOpen = open && ctx.get(recorderPanelsPart).find(open.sessionId) === open && !open.live.isOver;
  if (open && stillOpen && where === 'open') {
    open.setPurpose({ mode: 'record' });
    open.panel.reveal();
    return open.sessionId;
  }
  return (await openPanel(ctx, { mode: 'record' }, { newSession: true }))?.sessionId;
}

/** Where to record: in the panel open, or in a new session; undefined when the person chose neither. */
async function askWhere(open: RecorderPanel): Promise<'open' | 'new' | undefined> {
  const steps = open.actions.recording.steps.length;
  const items = [
    { label: `$(window) ${vscode.l10n.t('Record in the open browser panel')}`, description: vscode.l10n.t('{0} steps recorded, kept for Export', steps), where: 'open' as const },
    { label: `$(add) ${vscode.l10n.t('Start a new browser session')}`, description: vscode.l10n.t('a second browser, beside the open one'), where: 'new' as const },
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Record a New Function'),
    placeHolder: vscode.l10n.t('A browser panel is open on session {0}', open.sessionId),
  });
  return picked?.where;
}

/** `notte.recordAtCursor(uri?)`: record into the function file at the cursor. */
export async function recordAtCursor(ctx: WindowContext, _key: ApiKey, uri?: unknown): Promise<string | undefined> {
  const target = editorTarget(uri, vscode.l10n.t('Record at Cursor'));
  if (!target) return undefined;
  return (await panelFor(ctx, { mode: 'cursor', target }, vscode.l10n.t('Record at Cursor in {0}', path.basename(target.uri.fsPath))))?.sessionId;
}

/** `notte.pickElement(uri?)`: click an element on the live page; its selector is written at the cursor. */
export async function pickElement(ctx: WindowContext, _key: ApiKey, uri?: unknown): Promise<string | undefined> {
  const target = editorTarget(uri, vscode.l10n.t('Pick Element'));
  if (!target) return undefined;
  return (await panelFor(ctx, { mode: 'pick', target }, vscode.l10n.t('Pick Element')))?.sessionId;
}

/**
 * `notte.openBrowserSession(session?)`: a session id (a run's, from the sessions list), `{newSession: true}`,
 * or nothing (then asked). Answers the session id the panel shows.
 */
export async function openBrowserSession(ctx: WindowContext, _key: ApiKey, arg?: unknown): Promise<string | undefined> {
  const given = readArg(arg);
  const purpose: PanelPurpose = { mode: given.mode ?? 'record', target: given.target };
  const choice = given.sessionId
    ? { sessionId: given.sessionId }
    : given.newSession
      ? ({ newSession: true, column: given.column } as const)
      : await chooseSession(ctx, vscode.l10n.t('Open Browser Session'));
  if (!choice) return undefined;
  return (await openPanel(ctx, purpose, choice))?.sessionId;
}

function readArg(arg: unknown): { sessionId?: string; newSession?: boolean; mode?: PanelMode; target?: CursorTarget; column?: vscode.ViewColumn } {
  if (typeof arg === 'string' && /^[\w-]{1,100}$/.test(arg)) return { sessionId: arg };
  if (!arg || typeof arg !== 'object') return {};
  const a = arg as Record<string, unknown>;
  const mode = a.mode === 'cursor' || a.mode === 'pick' || a.mode === 'record' ? a.mode : undefined;
  const target = a.target && typeof a.target === 'object' && (a.target as CursorTarget).uri instanceof vscode.Uri ? (a.target as CursorTarget) : undefined;
  return {
    sessionId: typeof a.sessionId === 'string' && /^[\w-]{1,100}$/.test(a.sessionId) ? a.sessionId : undefined,
    newSession: a.newSession === true,
    mode,
    target,
    column: typeof a.column === 'number' && Number.isInteger(a.column) && a.column > 0 ? (a.column as vscode.ViewColumn) : undefined,
  };
}
