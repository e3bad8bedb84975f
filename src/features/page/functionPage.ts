import vscode = require('vscode');
import { redactSecrets } from '../../api/redact';
import { describeError } from '../../core/ui/errorText';
import type { WindowContext } from '../../core/windowContext';
import { functionLabel, NotteFunction } from '../../api/types';
import { formVariables } from '../../shared/variables';
import { pageHtml } from './html';
import { loadFailure, pageInit, type InitMessage } from './pageData';
import { PageHistory } from './pageHistory';
import { rerunFailedRuns } from './pageRerunFailed';
import type { PageHost } from './pageHost';
import { PageRuns } from './pageRuns';
import { PageSets } from './pageSets';
import { sameForm } from './pageView';
import { pageIcon, pageTitle, pageWebviewOptions, sameWebviewOptions } from './panel';
import { checkPageMessage, FormTexts, HostMessage, PageMessage } from './protocol';
import { sessionOrigin } from './sessionLinks';
import { SessionPane } from './sessionPane';

export interface PageTarget {
  functionId: string;
  functionName?: string;
  runId?: string;
  texts?: FormTexts;
  /** The function as the opener already knows it (a tree row): the form is drawn from it at once. */
  fn?: NotteFunction;
}

/**
 * One function's page: the panel, the messages in (checked, then handed to the handler of their
 * concern: runs, saved sets, history, the browser session) and out (the key cut from every one), and
 * the form drawn from the function's description. The webview only ever gets plain data.
 */
export class FunctionPage implements vscode.Disposable, PageHost {
  fn: NotteFunction | undefined;
  pageReady = false; // The page's script said it listens (a press before then would be lost).
  /** The form the page shows and has had its sets, history and session for (undefined: nothing yet). */
  private drawn: InitMessage | undefined;
  /** The init written into the page's HTML, which the page draws before it says it is ready. */
  private readonly embedded: InitMessage | undefined;
  /** What the page drew from its HTML, until the extension took it into account. */
  private builtFromHtml: InitMessage | undefined;
  private loadError: string | undefined;
  private secret: string | undefined;
  private pendingRunId: string | undefined;
  private pendingTexts: FormTexts | undefined;
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly disposedEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposedEmitter.event;
  /** For the in-editor tests: what was posted (after redaction) and what was dropped, when recording. */
  private recording: unknown[] | undefined;
  readonly dropped: string[] = [];
  /** The browser session pane (live viewer, replay), for this page's CSP origin. */
  readonly session: SessionPane;
  private readonly runs: PageRuns;
  private readonly sets: PageSets;
  private readonly history: PageHistory;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly ctx: WindowContext,
    readonly functionId: string,
    target: PageTarget,
    secret: string | undefined,
  ) {
    this.secret = secret;
    this.pendingRunId = target.runId;
    this.pendingTexts = target.texts;
    // A function already described with its variables (a tree row) is drawn by the page from its
    // HTML, without waiting for a round trip; the fresh description fetched below redraws only if it differs.
    if (Array.isArray(target.fn?.variables)) {
      this.fn = target.fn;
      this.embedded = this.initMessage();
    }
    // A panel made by the command has these already (set again, they would go to the workbench for nothing); a restored one may not.
    const title = pageTitle(target.functionName ?? functionId);
    if (panel.title !== title) panel.title = title;
    panel.iconPath ??= pageIcon(ctx.extension.extensionUri);
    const options = pageWebviewOptions(ctx.extension.extensionUri);
    if (!sameWebviewOptions(panel.webview.options, options)) panel.webview.options = options;
    const origin = sessionOrigin(ctx.connection.baseUrl);
    this.session = new SessionPane(
      ctx,
      functionId,
      origin,
      (session) => this.post({ v: 1, type: 'session', session }),
      () => this.secret,
    );
    this.history = new PageHistory(this);
    this.runs = new PageRuns(this, () => this.history.show(1));
    this.sets = new PageSets(this);
    panel.webview.html = pageHtml(panel.webview, ctx.extension.extensionUri, panel.title, origin, this.embedded && this.redacted(this.embedded));
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      // Another server or key (a profile switch, the local server started or stopped): its history, not the last one's.
      ctx.connection.onDidChange(() =>
        this.retryLoad() ? undefined : void this.refreshSecret().then(() => (this.drawn && !this.runs.running ? this.history.show(1) : undefined)),
      ),
      ctx.linked.links.onDidChange(() => this.drawn && this.postLinkedFile()),
      this.sets.watch(() => this.drawn !== undefined),
      // A run of this function started elsewhere (the view, an agent, Run on Notte) ended: the history says so.
      ctx.launcher.onDidFinishRun((run) => {
        if (run.functionId === functionId && this.drawn && !this.runs.running) void this.history.show(1);
      }),
    );
    void this.load();
  }

  get functionName(): string {
    return this.fn ? functionLabel(this.fn) : this.functionId;
  }

  get running(): boolean {
    return this.runs.running;
  }

  reveal(runId?: string): void {
    this.panel.reveal();
    this.retryLoad();
    if (runId) {
      if (this.drawn) void this.selectRun(runId);
      else this.pendingRunId = runId;
    }
  }

  /** Starts recording what is posted (for tests); answers the list that fills. */
  record(): unknown[] {
    this.recording = [];
    return this.recording;
  }

  /** Every message from the webview comes through here, checked before anything is done. */
  async receive(raw: unknown): Promise<void> {
    const checked = checkPageMessage(raw);
    if (!checked.ok) {
      this.dropped.push(checked.reason);
      this.ctx.log.warn(`Function page of ${this.functionId}: dropped a message (${checked.reason}).`);
      return;
    }
    try {
      await this.handle(checked.message);
    } catch (error) {
      this.notice('error', describeError(error));
    }
  }

  private async handle(message: PageMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.pageReady = true;
        this.drawn = undefined;
        // What the page drew from its HTML, if it could (a form its own check refused is not drawn).
        this.builtFromHtml = message.drewFromHtml ? this.embedded : undefined;
        return this.maybeInit();
      case 'run':
        return this.runs.run(message.texts);
      case 'stop':
        return this.runs.stop();
      case 'debug':
        return this.runs.debug(message.texts, this.linkedFile());
      case 'runLocally':
        return this.runs.withValues('runLocally', message.texts);
      case 'copySnippet':
        return this.runs.withValues(message.kind, message.texts);
      case 'copyResult':
        return this.runs.copyResult();
      case 'showOutput':
        return this.runs.showAllLines();
      case 'saveSet':
        return this.sets.save(message.name.trim(), message.texts);
      case 'renameSet':
        return this.sets.rename(message.from, message.to);
      case 'deleteSet':
        return this.sets.remove(message.name);
      case 'openSetsFile':
        return this.sets.openFile();
      case 'history':
        return this.history.show(message.page);
      case 'selectRun':
        return this.selectRun(message.runId);
      case 'rerun':
        return this.history.loadIntoForm(message.runId);
      case 'compare':
        return this.history.compare(message.runId);
      case 'rerunFailed':
        return rerunFailedRuns(this, message.sinceHours);
      case 'openSession':
        return this.session.open();
    }
  }

  private async selectRun(runId: string): Promise<void> {
    const shown = await this.history.select(runId, this.runs.running);
    if (shown) this.runs.showing(shown, runId);
  }

  /** A page whose function could not be loaded (a server down, a function not there yet) loads again when opened again or the connection changes, its form drawn anew (the notice took its place). */
  private retryLoad(): boolean {
    if (this.fn || this.loadError === undefined) return false;
    [this.loadError, this.builtFromHtml] = [undefined, undefined];
    void this.load();
    return true;
  }

  private async load(): Promise<void> {
    await this.refreshSecret();
    try {
      this.fn = await this.ctx.connection.client().getFunction(this.functionId);
      this.panel.title = pageTitle(this.functionName);
    } catch (error) {
      this.fn = undefined;
      this.loadError = loadFailure(this.functionId, error, this.ctx);
    }
    await this.maybeInit();
  }

  async refreshSecret(): Promise<string | undefined> {
    this.secret = await this.ctx.connection.apiKey();
    return this.secret;
  }

  private async maybeInit(): Promise<void> {
    if (!this.pageReady || (!this.fn && !this.loadError)) return;
    if (!this.fn) {
      this.notice('error', this.loadError!);
      return;
    }
    const init = this.initMessage();
    if (this.drawn && sameForm(this.drawn, init)) return;
    // The page drew its HTML's form: post one only when the function's description changed since.
    if (!this.builtFromHtml || !sameForm(this.builtFromHtml, init)) this.post(init);
    this.builtFromHtml = undefined;
    this.drawn = init;
    this.session.repost();
    this.postLinkedFile();
    await this.sets.post();
    await this.history.show(1);
    const runId = this.pendingRunId;
    this.pendingRunId = undefined;
    if (runId) await this.selectRun(runId);
  }

  /** The form of the function as known now, with the texts it was opened with (once). */
  private initMessage(): InitMessage {
    const init = pageInit(this.functionId, this.functionName, this.fn, this.pendingTexts);
    this.pendingTexts = undefined;
    return init;
  }

  variablesOrProblems(texts: FormTexts): Record<string, unknown> | undefined {
    if (!this.fn) return undefined;
    const read = formVariables(this.fn.variables ?? [], texts);
    if ('variables' in read) return read.variables;
    if ('problems' in read) this.post({ v: 1, type: 'invalid', problems: read.problems });
    else this.notice('error', 'The form does not match the function any more; reopen the page.');
    return undefined;
  }

  /** The function's file in this workspace (through the link file), which Debug runs. */
  private linkedFile(): vscode.Uri | undefined {
    return this.ctx.linked.links.filesOf(this.functionId)[0];
  }

  private postLinkedFile(): void {
    const file = this.linkedFile();
    this.post({ v: 1, type: 'linkedFile', file: file ? vscode.workspace.asRelativePath(file) : undefined });
  }

  notice(level: 'info' | 'error', text: string): void {
    this.post({ v: 1, type: 'notice', level, text });
  }

  /** The one way out to the webview: the key is cut from every message. */
  post(message: HostMessage): void {
    if (this.disposed) return;
    const safe = this.redacted(message);
    this.recording?.push(safe);
    void this.panel.webview.postMessage(safe);
  }

  /** The message with the API key cut out wherever it appears, its shape unchanged. */
  private redacted<T extends HostMessage>(message: T): T {
    // Every form of the key (api/redact.ts), the JSON-escaped one included, as the message is JSON here.
    return JSON.parse(redactSecrets(JSON.stringify(message), [this.secret])) as T;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.runs.dispose();
    this.session.dispose();
    this.subscriptions.forEach((s) => s.dispose());
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
    this.panel.dispose();
  }
}
