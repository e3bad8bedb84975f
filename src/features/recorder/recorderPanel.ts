// One browser panel, on one session: the webview (its HTML, the messages in, checked, and out, the key
// cut from every one but the frames' bytes), the live view, the actions and steps, export, Pick Element
// and, when a debug run stopped at the cursor, Continue and Stop. Two panels are never opened on one
// session (recorderPanels.ts keeps one per session).
import path = require('path');
import vscode = require('vscode');
import { redactSecrets } from '../../api/redact';
import { liveSessionsPart, LiveSessions } from '../../core/liveSessions';
import { describeError } from '../../core/ui/errorText';
import type { WindowContext } from '../../core/windowContext';
import { Commands } from '../../shared/contributions';
import { PanelActions } from './panelActions';
import { CursorTarget, exportAtCursor, exportNewFile, exportNotte, lastFunctionEditor } from './panelExport';
import { demoShopUrl, LiveView } from './panelLive';
import { checkPanelMessage, HostMessage, PanelMessage, PanelMode, SessionState } from './protocol';
import { writePick } from './pickElement';
import { isLoopbackUrl } from '../../shared/loopback';

export interface PanelPurpose {
  mode: PanelMode;
  /** Where "at the cursor" export and Pick Element write. */
  target?: CursorTarget;
  /** The debug run stopped at the cursor (Record from Here): Continue and Stop end it. */
  debugSession?: vscode.DebugSession;
  /** The thread the debug run stopped on. */
  threadId?: number;
}

/** A panel whose webview loads while its session is being found or started; its early messages are kept. */
export interface EarlyPanel {
  panel: vscode.WebviewPanel;
  messages: unknown[];
  listener: vscode.Disposable;
  closed(): boolean;
}

export class RecorderPanel implements vscode.Disposable {
  readonly live: LiveView;
  readonly actions: PanelActions;
  private purpose: PanelPurpose;
  private secret: string | undefined;
  private ready = false;
  private disposed = false;
  private inFlight = false;
  private lastHighlight: string | null = null;
  private pendingFrame: Buffer | undefined;
  /** The last frame, shown at once when the webview (re)loads: a page at rest sends no other. */
  private lastFrame: Buffer | undefined;
  private sessionState: SessionState = { state: 'starting', text: 'Connecting to the browser session…' };
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;
  /** For the in-editor tests: what was posted (frames counted, not kept) and what was dropped. */
  readonly posted: HostMessage[] = [];
  framesPosted = 0;
  readonly dropped: string[] = [];

  constructor(
    readonly ctx: WindowContext,
    readonly panel: vscode.WebviewPanel,
    readonly sessionId: string,
    purpose: PanelPurpose,
    /** The panel started this session: closing the panel stops it. */
    readonly ownsSession: boolean,
    /** The webview, loaded while the session started, with what it said meanwhile. */
    early: EarlyPanel,
  ) {
    this.purpose = purpose;
    const sessions = this.sessions;
    this.live = new LiveView({
      ctx,
      sessionId,
      postFrame: (jpeg) => this.postFrame(jpeg),
      postSession: (state) => this.postSession(state),
      ended: (text, byPanel) => {
        sessions.hide(sessionId);
        this.notice(byPanel ? 'info' : 'error', `${text} Press "New Session" to start another.`);
      },
    });
    this.actions = new PanelActions({ sessionId, sessions, post: (m) => this.post(m), notice: (l, t) => this.notice(l, t), live: () => !this.live.isOver });
    early.listener.dispose();
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((raw) => void this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState(() => panel.active && sessions.show(sessionId)),
      sessions.onDidAct((activity) => this.actions.onActivity(activity)),
      vscode.debug.onDidTerminateDebugSession((ended) => ended === this.purpose.debugSession && this.debugEnded()),
    );
    sessions.show(sessionId);
    void ctx.connection.apiKey().then((key) => (this.secret = key));
    void this.live.start();
    for (const message of early.messages) void this.receive(message);
  }

  get sessions(): LiveSessions {
    return this.ctx.get(liveSessionsPart);
  }

  get mode(): PanelMode {
    return this.purpose.mode;
  }

  get target(): CursorTarget | undefined {
    return this.purpose.target;
  }

  /** The panel opened again for another purpose (Pick Element, Record at Cursor…): it is the same panel. */
  setPurpose(purpose: PanelPurpose): void {
    // Record at Cursor again: Insert at Cursor writes what is done from now on (the steps before stay listed, for Export).
    if (purpose.mode === 'cursor') this.actions.recording.startPart();
    this.purpose = purpose;
    this.postMode();
    this.panel.reveal(undefined, true);
    this.sessions.show(this.sessionId);
  }

  private postMode(): void {
    const target = this.purpose.target ? path.basename(this.purpose.target.uri.fsPath) : undefined;
    this.post({ v: 1, type: 'mode', mode: this.purpose.mode, target, debugging: !!this.purpose.debugSession });
  }

  async receive(raw: unknown): Promise<void> {
    const checked = checkPanelMessage(raw);
    if (!checked.ok) {
      this.dropped.push(checked.reason);
      this.ctx.log.warn(`Browser panel of session ${this.sessionId}: dropped a message (${checked.reason}).`);
      return;
    }
    try {
      await this.handle(checked.message);
    } catch (error) {
      this.notice('error', describeError(error));
    }
  }

  private async handle(message: PanelMessage): Promise<unknown> {
    switch (message.type) {
      case 'ready':
        return this.greet();
      case 'navigate':
        return this.actions.navigate(message.url, isLoopbackUrl(this.ctx.connection.baseUrl) ? this.ctx.connection.baseUrl : undefined);
      case 'history':
        return this.actions.history(message.kind);
      case 'observe':
        return this.actions.observe();
      case 'act':
        return this.actions.act(message.elementId, message.action, message.value);
      case 'typed':
        return this.actions.typed(message.text);
      case 'scrape':
        return this.actions.scrape();
      case 'editStep':
        return this.stepChanged(this.actions.recording.edit(message.index, message.field, message.text));
      case 'moveStep':
        return this.stepChanged(this.actions.recording.move(message.index, message.to) ? undefined : 'That step cannot move there.');
      case 'deleteStep':
        return this.stepChanged(this.actions.recording.remove(message.index) ? undefined : 'There is no such step.');
      case 'variable':
        return this.stepChanged(this.actions.recording.setVariable(message.index, message.name === '' ? undefined : message.name));
      case 'export':
        return this.export(message.target);
      case 'pick':
        return this.pick(message.elementId);
      case 'stopSession':
        return this.live.stopSession();
      case 'newSession':
        // In this panel's group, beside it (Beside from a panel would open a group more).
        return vscode.commands.executeCommand(Commands.openBrowserSession, {
          newSession: true,
          mode: this.purpose.mode,
          target: this.purpose.target,
          column: this.panel.viewColumn,
        });
      case 'debug':
        return this.debugCommand(message.command);
    }
  }

  private async greet(): Promise<void> {
    this.ready = true;
    const [target, debugging, tryUrl] = [this.purpose.target && path.basename(this.purpose.target.uri.fsPath), !!this.purpose.debugSession, demoShopUrl(this.ctx)];
    this.post({ v: 1, type: 'init', sessionId: this.sessionId, server: this.ctx.connection.label, mode: this.purpose.mode, target, debugging, tryUrl });
    this.post({ v: 1, type: 'session', session: this.sessionState });
    if (this.lastFrame) this.postFrame(this.lastFrame);
    this.actions.postSteps();
    if (this.actions.pageElements.length === 0 && !this.live.isOver) await this.actions.observe();
    else {
      const observation = this.sessions.lastObservation(this.sessionId);
      if (observation) this.actions.showObservation(observation);
    }
  }

  private stepChanged(problem: string | undefined): void {
    if (problem) this.notice('error', problem);
    this.actions.postSteps();
  }

  private async export(target: 'newFile' | 'cursor' | 'notte'): Promise<unknown> {
    const { recording } = this.actions;
    const steps = target === 'cursor' && this.purpose.mode === 'cursor' ? recording.lastPart : recording.steps;
    if (target === 'notte') return exportNotte(this.ctx, this.sessionId, this.purpose.target ?? lastFunctionEditor());
    if (steps.length === 0) return this.notice('error', `Nothing recorded ${recording.steps.length ? 'since Record at Cursor' : 'yet'}: act on the page first.`);
    const first = steps.find((s) => s.type === 'goto');
    const description = first?.url ? `Recorded with Notte from ${first.url}.` : 'Recorded with Notte.';
    if (target === 'newFile') return exportNewFile(this.ctx, steps, description);
    const cursor = this.purpose.target ?? lastFunctionEditor();
    if (!cursor) return this.notice('error', 'No Python editor to insert into: open the function file and put the cursor where the steps go.');
    const edits = await exportAtCursor(this.ctx, cursor, steps, description);
    if (edits?.length) this.notice('info', `Inserted ${steps.length} step${steps.length === 1 ? '' : 's'} into ${path.basename(cursor.uri.fsPath)}.`);
    return edits;
  }

  private async pick(elementId: string): Promise<unknown> {
    const element = this.actions.element(elementId);
    if (!element) return this.notice('error', `There is no element ${elementId} on the page any more: observe again.`);
    const target = this.purpose.target ?? lastFunctionEditor();
    if (!target) return this.notice('error', 'No Python editor to write the selector into.');
    const told = await writePick(target, element, this.actions.pickSelector(element));
    if (told) this.notice('info', told);
    return told;
  }

  private async debugCommand(command: 'continue' | 'stop'): Promise<unknown> {
    const debug = this.purpose.debugSession;
    if (!debug) return this.notice('error', 'No debug run is attached to this panel.');
    if (command === 'stop') return vscode.debug.stopDebugging(debug);
    return debug.customRequest('continue', { threadId: this.purpose.threadId ?? 0 });
  }

  private debugEnded(): void {
    this.purpose = { ...this.purpose, debugSession: undefined };
    this.postMode();
    void this.live.refresh();
  }

  notice(level: 'info' | 'error', text: string): void {
    this.post({ v: 1, type: 'notice', level, text });
  }

  private postSession(state: SessionState): void {
    this.sessionState = state;
    this.post({ v: 1, type: 'session', session: state });
  }

  /** Frames go as bytes, the latest only while the panel has not taken the one before. */
  private postFrame(jpeg: Buffer): void {
    this.lastFrame = jpeg;
    if (this.disposed || !this.ready) return;
    if (this.inFlight) {
      this.pendingFrame = jpeg;
      return;
    }
    this.inFlight = true;
    this.framesPosted++;
    void this.panel.webview.postMessage({ v: 1, type: 'frame', jpeg: new Uint8Array(jpeg) }).then(
      () => this.frameDone(),
      () => this.frameDone(),
    );
  }

  private frameDone(): void {
    this.inFlight = false;
    const next = this.pendingFrame;
    this.pendingFrame = undefined;
    if (next) this.postFrame(next);
  }

  /** Every other message: the key cut out wherever it appears. */
  post(message: HostMessage): void {
    if (this.disposed) return;
    const safe = JSON.parse(redactSecrets(JSON.stringify(message), [this.secret])) as HostMessage;
    this.posted.push(safe);
    if (this.posted.length > 500) this.posted.splice(0, 100);
    void this.panel.webview.postMessage(safe);
  }

  /** Outlines an element on the live page (the selector under the editor's cursor), or none. */
  highlight(elementId: string | null): void {
    if (this.lastHighlight === elementId) return;
    this.lastHighlight = elementId;
    this.post({ v: 1, type: 'highlight', elementId });
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
    this.sessions.show(this.sessionId);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.live.dispose();
    this.sessions.hide(this.sessionId);
    if (this.ownsSession && !this.live.isOver) void this.sessions.stop(this.sessionId, 'panel').catch(() => undefined);
    this.subscriptions.forEach((s) => s.dispose());
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
    this.panel.dispose();
  }
}
