/* eslint-disable max-lines -- one page's host side in one file for now; to split into run, saved-set and history handlers. */
import vscode = require('vscode');
import { describeError } from '../../core/ui/errorText';
import type { NotteFunction } from '../../api/types';
import type { LogLine } from '../../api/logLine';
import type { FunctionRun } from '../../api/types';
import { ensureApiKey } from '../../core/apiKey';
import type { WindowContext } from '../../core/windowContext';
import { Commands } from '../../shared/contributions';
import { MASK, redactSecrets, stripControlCharacters } from '../../api/redact';
import { fieldSpecs, resolveVariables, textsFor, validateTexts } from '../../shared/variables';
import { renamedSet, SavedSet, variablesToSave, withoutMasked, withoutSet, withSet } from '../../shared/savedSets';
import { shortId } from '../../shared/format';
import { clockTime, formatAge } from '../../shared/time';
import { pageHtml } from './html';
import { pageIcon, pageTitle, pageWebviewOptions, sameWebviewOptions } from './panel';
import { checkPageMessage, FormTexts, HostMessage, LogEntry, PageMessage, RunEnd, SnippetChoice } from './protocol';
import { logEntry, runEndFromResult, runEndFromRun, summarizeRunForPage } from './pageData';
import { sessionOrigin, stampMoment } from './sessionLinks';
import { SessionPane } from './sessionPane';
import { runStartedAtMs } from '../../shared/runs';

/** Lines the page draws at most; the rest are a click away in the Output channel. */
export const LOG_CAP = 2000;
const HISTORY_PAGE_SIZE = 10;
const LOG_FLUSH_MS = 80;

const SNIPPET_COMMANDS: Record<SnippetChoice, string> = {
  curl: Commands.copyAsCurl,
  javascript: Commands.copyAsJavaScript,
  python: Commands.copyAsPython,
  http: Commands.copyAsHttp,
};

export interface PageTarget {
  functionId: string;
  functionName?: string;
  runId?: string;
  texts?: FormTexts;
  /** The function as the opener already knows it (a tree row): the form is drawn from it at once. */
  fn?: NotteFunction;
}

type InitMessage = Extract<HostMessage, { type: 'init' }>;

/** Whether two inits draw the same form (texts aside). */
function sameForm(a: InitMessage, b: InitMessage): boolean {
  return a.functionName === b.functionName && a.description === b.description && JSON.stringify(a.fields) === JSON.stringify(b.fields);
}

interface ActivePageRun {
  controller: AbortController;
  runId?: string;
  sessionId?: string;
  startedAt: number;
  /** Whether the history was asked again once the run was going (it was listed as created first). */
  historySawItGo?: boolean;
}

/**
 * One function's page: its form, its runs (started here, streamed into the page and into the Output
 * channel as Run Function does), its saved sets and its history. The webview only ever gets plain
 * data by message, with the API key cut out of every message before it is posted.
 */
export class FunctionPage implements vscode.Disposable {
  private fn: NotteFunction | undefined;
  private pageReady = false;
  /** The form the page shows and has had its sets, history and session for (undefined: nothing yet). */
  private drawn: InitMessage | undefined;
  /** The init written into the page's HTML, which the page draws before it says it is ready. */
  private readonly embedded: InitMessage | undefined;
  /** What the page drew from its HTML, until the extension took it into account. */
  private builtFromHtml: InitMessage | undefined;
  private secret: string | undefined;
  private active: ActivePageRun | undefined;
  private pendingLogs: LogEntry[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private lastResult: { has: boolean; value?: unknown } = { has: false };
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

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly ctx: WindowContext,
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
    // A panel made by the command has these already (set again, they would go to the workbench for
    // nothing); a restored one may not.
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
    panel.webview.html = pageHtml(panel.webview, ctx.extension.extensionUri, panel.title, origin, this.embedded && this.redacted(this.embedded));
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      ctx.connection.onDidChange(() => void this.refreshSecret()),
      ctx.linked.links.onDidChange(() => this.drawn && this.postLinkedFile()),
    );
    void this.load();
  }

  get functionName(): string {
    return this.fn?.name || this.functionId;
  }

  get running(): boolean {
    return this.active !== undefined;
  }

  reveal(runId?: string): void {
    this.panel.reveal();
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
      this.ctx.output.line(`Function page of ${this.functionId}: dropped a message (${checked.reason}).`, 'warning');
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
        return this.run(message.texts);
      case 'stop':
        this.active?.controller.abort();
        return;
      case 'debug':
        return this.debug(message.texts);
      case 'runLocally': {
        const variables = this.variablesOrProblems(message.texts);
        if (variables) await vscode.commands.executeCommand(Commands.runLocally, this.functionId, variables);
        return;
      }
      case 'copySnippet': {
        const variables = this.variablesOrProblems(message.texts);
        if (variables) await vscode.commands.executeCommand(SNIPPET_COMMANDS[message.kind], this.functionId, variables);
        return;
      }
      case 'copyResult':
        return this.copyResult();
      case 'showOutput':
        this.ctx.output.show(false);
        return;
      case 'saveSet':
        return this.saveSet(message.name.trim(), message.texts);
      case 'renameSet':
        return this.changeSets((sets) => renamedSet(sets, message.from, message.to.trim()), `Renamed "${message.from}" to "${message.to.trim()}".`);
      case 'deleteSet':
        return this.changeSets((sets) => withoutSet(sets, message.name), `Deleted the set "${message.name}".`);
      case 'openSetsFile':
        return this.openSetsFile();
      case 'history':
        return this.showHistory(message.page);
      case 'selectRun':
        return this.selectRun(message.runId);
      case 'rerun':
        return this.loadRunIntoForm(message.runId);
      case 'compare':
        return this.compare(message.runId);
      case 'openSession':
        return this.session.open();
    }
  }

  private async load(): Promise<void> {
    await this.refreshSecret();
    try {
      this.fn = await this.ctx.connection.client().getFunction(this.functionId);
      this.panel.title = pageTitle(this.functionName);
    } catch (error) {
      this.fn = undefined;
      this.loadError = `Could not load function ${this.functionId}: ${describeError(error)}`;
    }
    await this.maybeInit();
  }

  private loadError: string | undefined;

  private async refreshSecret(): Promise<void> {
    this.secret = await this.ctx.connection.apiKey();
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
    await this.postSets();
    await this.showHistory(1);
    const runId = this.pendingRunId;
    this.pendingRunId = undefined;
    if (runId) await this.selectRun(runId);
  }

  /** The form of the function as known now, with the texts it was opened with (once). */
  private initMessage(): InitMessage {
    const parameters = this.fn?.variables ?? [];
    const texts = this.pendingTexts && this.pendingTexts.length === parameters.length ? this.pendingTexts : parameters.map(() => null);
    this.pendingTexts = undefined;
    return {
      v: 1,
      type: 'init',
      functionId: this.functionId,
      functionName: this.functionName,
      description: this.fn?.description ?? undefined,
      fields: fieldSpecs(parameters),
      texts,
      logCap: LOG_CAP,
    };
  }

  private variablesOrProblems(texts: FormTexts): Record<string, unknown> | undefined {
    if (!this.fn) return undefined;
    const parameters = this.fn.variables ?? [];
    if (texts.length !== parameters.length) {
      this.notice('error', 'The form does not match the function any more; reopen the page.');
      return undefined;
    }
    const typed = texts.map((t) => t ?? undefined);
    const problems = validateTexts(parameters, typed);
    if (Object.keys(problems).length) {
      this.post({ v: 1, type: 'invalid', problems });
      return undefined;
    }
    return resolveVariables(parameters, typed);
  }

  /** The function's file in this workspace (through the link file), which Debug runs. */
  private linkedFile(): vscode.Uri | undefined {
    return this.ctx.linked.links.filesOf(this.functionId)[0];
  }

  private postLinkedFile(): void {
    const file = this.linkedFile();
    this.post({ v: 1, type: 'linkedFile', file: file ? vscode.workspace.asRelativePath(file) : undefined });
  }

  /** Debug: the linked file's run(...) under the debugger, with the form's values (Debug from the lens, pre-filled). */
  private async debug(texts: FormTexts): Promise<void> {
    const file = this.linkedFile();
    if (!file) {
      this.notice('info', 'No file of this workspace is linked to this function: Deploy or "Link to Function…" from its file first.');
      return;
    }
    const variables = this.variablesOrProblems(texts);
    if (!variables) return;
    const result = await vscode.commands.executeCommand<{ started: boolean; problem?: string } | undefined>(Commands.debugFunctionLocally, file, variables);
    if (result && !result.started && result.problem) this.notice('error', `Could not start debugging: ${result.problem}`);
  }

  private async run(texts: FormTexts): Promise<void> {
    if (this.active) {
      this.notice('info', 'A run of this page is still going: stop it first.');
      return;
    }
    const variables = this.variablesOrProblems(texts);
    if (!variables) return;
    if (!(await ensureApiKey(this.ctx))) return;
    await this.refreshSecret();
    await this.ctx.state.rememberVariables(this.functionId, variables);
    const active: ActivePageRun = { controller: new AbortController(), startedAt: Date.now() };
    this.active = active;
    this.lastResult = { has: false };
    this.post({ v: 1, type: 'runStarted', startedAt: active.startedAt, title: `Run of ${this.functionName}` });
    this.session.starting();
    const outcome = await this.ctx.launcher.launch({
      functionId: this.functionId,
      functionName: this.functionName,
      variables,
      signal: active.controller.signal,
      onRunId: (runId) => {
        active.runId = runId;
        this.post({ v: 1, type: 'runId', runId });
        if (!active.sessionId) this.session.noneYet();
        void this.showHistory(1);
      },
      onLine: (line) => {
        this.queueLog(line, active.startedAt);
        // Listed when it was created (no variables, not started): once it runs, the history says so.
        if (!active.historySawItGo) {
          active.historySawItGo = true;
          void this.showHistory(1);
        }
      },
      onSessionStart: (sessionId) => {
        active.sessionId = sessionId;
        this.queueLog({ raw: '', text: `Browser session ${sessionId} started` }, active.startedAt);
        void this.session.live(sessionId);
      },
    });
    this.flushLogs();
    this.active = undefined;
    const durationMs = Date.now() - active.startedAt;
    let end: RunEnd;
    if (outcome.result) end = runEndFromResult(outcome.result, durationMs);
    else if (outcome.cancelled) end = { runId: outcome.runId, status: 'stopped', durationMs, error: 'Stopped.' };
    else end = { runId: outcome.runId, status: 'error', durationMs, error: describeError(outcome.error) };
    this.lastResult = 'result' in end ? { has: true, value: end.result } : { has: false };
    this.post({ v: 1, type: 'runEnded', end });
    await this.showHistory(1);
    // Not awaited: the replay can take a while to be ready, and the run itself is over.
    void this.showSessionAfter(outcome.runId, active.sessionId ?? outcome.result?.session_id ?? undefined, active.startedAt).catch((error) =>
      this.notice('error', describeError(error)),
    );
  }

  /** After a run of this page: its replay (the session began with the run, as the server says), or why there is none. */
  private async showSessionAfter(runId: string | undefined, sessionId: string | undefined, startedHere: number): Promise<void> {
    if (!runId || !sessionId) return this.session.none();
    let startedAt = startedHere;
    try {
      startedAt = runStartedAtMs(await this.ctx.connection.client().getRun(this.functionId, runId));
    } catch {
      // The moment this window started it is close enough.
    }
    if (!this.active) await this.session.replay(runId, sessionId, startedAt);
  }

  private queueLog(line: LogLine, runStartedAt: number): void {
    const now = Date.now();
    const at = stampMoment(line.time, runStartedAt) ?? now;
    this.pendingLogs.push({ time: line.time ?? clockTime(new Date(now), true), level: line.level?.toLowerCase(), text: stripControlCharacters(line.text), at });
    if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flushLogs(), LOG_FLUSH_MS);
  }

  private flushLogs(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.pendingLogs.length) return;
    // The page draws the last LOG_CAP lines at most: more in one message would only be thrown away there.
    const lines = this.pendingLogs.length > LOG_CAP ? this.pendingLogs.slice(-LOG_CAP) : this.pendingLogs;
    const skipped = this.pendingLogs.length - lines.length;
    this.pendingLogs = [];
    // Counted by the page ("2000 of 100000 lines shown"), whose "Show all in Output" has every line.
    this.post({ v: 1, type: 'logs', lines, ...(skipped ? { skipped } : {}) });
  }

  private async copyResult(): Promise<void> {
    if (!this.lastResult.has) {
      this.notice('info', 'No result to copy yet.');
      return;
    }
    const value = this.lastResult.value;
    await vscode.env.clipboard.writeText(redactSecrets(typeof value === 'string' ? value : JSON.stringify(value, null, 2), [this.secret]));
    this.notice('info', 'Copied the result.');
  }

  private async postSets(): Promise<void> {
    const read = await this.ctx.savedSets.read(this.fn?.name ?? undefined, this.functionId);
    const parameters = this.fn?.variables ?? [];
    const toTexts = (values: Record<string, unknown>): FormTexts => textsFor(parameters, values).map((t) => t ?? null);
    const file = read.uri ? this.ctx.savedSets.displayPath(read.uri) : '';
    const last = this.ctx.state.lastVariables(this.functionId);
    // A value saved masked (a password) is left for the person to type: its field shows empty.
    const sets = read.ok ? read.sets.map((set) => ({ name: set.name, texts: toTexts(withoutMasked(set.variables)) })) : [];
    if (Object.keys(last).length) sets.unshift({ name: '', texts: toTexts(last) });
    this.post({ v: 1, type: 'sets', sets, file, error: read.ok ? undefined : read.message });
  }

  private async saveSet(name: string, texts: FormTexts): Promise<void> {
    const variables = this.variablesOrProblems(texts);
    if (!variables) return;
    const saved = variablesToSave(variables, this.ctx.config.keepSecretValuesInSavedSets);
    const note = saved.masked.length
      ? ` ${saved.masked.join(', ')} ${saved.masked.length === 1 ? 'was' : 'were'} saved as ${MASK} (the file is meant to be committed; notte.savedSets.keepSecretValues keeps them): type ${saved.masked.length === 1 ? 'it' : 'them'} when you use the set.`
      : '';
    await this.changeSets((sets) => withSet(sets, name, saved.variables), `Saved the set "${name}".${note}`);
  }

  private async changeSets(change: (sets: SavedSet[]) => SavedSet[], done: string): Promise<void> {
    try {
      await this.ctx.savedSets.update(this.fn?.name ?? undefined, this.functionId, change);
      this.notice('info', done);
    } catch (error) {
      this.notice('error', (error as Error).message);
    }
    await this.postSets();
  }

  private async openSetsFile(): Promise<void> {
    const uri = this.ctx.savedSets.uriFor(this.fn?.name ?? undefined, this.functionId);
    if (!uri) return;
    try {
      await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.Beside });
    } catch {
      this.notice('info', `${this.ctx.savedSets.displayPath(uri)} does not exist yet: save a set first.`);
    }
  }

  private async showHistory(page: number): Promise<void> {
    try {
      const answer = await this.ctx.connection.client().listRuns(this.functionId, { page, page_size: HISTORY_PAGE_SIZE, only_active: false });
      const runs = answer.items.map((run) => summarizeRunForPage(run, this.stoppedHere(run.function_run_id)));
      this.post({ v: 1, type: 'history', runs, page, hasNext: answer.has_next });
    } catch (error) {
      this.post({ v: 1, type: 'history', runs: [], page, hasNext: false, error: describeError(error) });
    }
  }

  private async fetchRun(runId: string): Promise<FunctionRun | undefined> {
    try {
      return await this.ctx.connection.client().getRun(this.functionId, runId);
    } catch (error) {
      this.notice('error', `Could not load run ${shortId(runId)}: ${describeError(error)}`);
      return undefined;
    }
  }

  private async selectRun(runId: string): Promise<void> {
    const run = await this.fetchRun(runId);
    if (!run) return;
    const logs = run.logs ?? [];
    const shown = logs.length > LOG_CAP ? logs.slice(-LOG_CAP) : logs;
    const end = runEndFromRun(run, this.stoppedHere(run.function_run_id));
    if (end && 'result' in end) this.lastResult = { has: true, value: end.result };
    const startedAt = runStartedAtMs(run);
    this.post({
      v: 1,
      type: 'runDetail',
      summary: summarizeRunForPage(run, this.stoppedHere(run.function_run_id)),
      logs: shown.map((raw) => logEntry(raw, new Date(), startedAt)),
      end,
      hiddenLines: logs.length - shown.length,
    });
    // While a run of the page goes on, its session stays in view (as its logs do).
    if (!this.active) await this.session.forRun(run);
  }

  private async loadRunIntoForm(runId: string): Promise<void> {
    const run = await this.fetchRun(runId);
    if (!run || !this.fn) return;
    const texts = textsFor(this.fn.variables ?? [], run.variables ?? {}).map((t) => t ?? null);
    this.post({ v: 1, type: 'fill', texts, source: `the variables of run ${shortId(runId)}` });
  }

  private async compare(runId: string): Promise<void> {
    let others: FunctionRun[];
    try {
      others = (await this.ctx.connection.client().listRuns(this.functionId, { page: 1, page_size: 50, only_active: false })).items.filter((r) => r.function_run_id !== runId);
    } catch (error) {
      this.notice('error', `Could not list runs: ${describeError(error)}`);
      return;
    }
    if (!others.length) {
      this.notice('info', 'There is no other run to compare with.');
      return;
    }
    const choice = await vscode.window.showQuickPick(
      others.map((run) => ({ label: shortId(run.function_run_id), description: `${run.status} · ${formatAge(run.created_at)}`, detail: summarizeRunForPage(run).variables, run })),
      { title: `Compare run ${shortId(runId)} with…`, placeHolder: 'Pick the other run' },
    );
    if (!choice) return;
    const run = await this.fetchRun(runId);
    if (!run) return;
    const side = async (r: FunctionRun) =>
      vscode.workspace.openTextDocument({
        language: 'json',
        content: redactSecrets(
          JSON.stringify({ run: r.function_run_id, status: r.status, started: r.created_at, variables: r.variables, result: runEndFromRun(r)?.result ?? r.result }, null, 2) + '\n',
          [this.secret],
        ),
      });
    const [left, right] = await Promise.all([side(choice.run), side(run)]);
    await vscode.commands.executeCommand('vscode.diff', left.uri, right.uri, `${this.functionName}: run ${shortId(choice.run.function_run_id)} ↔ ${shortId(runId)}`);
  }

  private notice(level: 'info' | 'error', text: string): void {
    this.post({ v: 1, type: 'notice', level, text });
  }

  /** The one way out to the webview: the key (plain or JSON-escaped) is cut from every message. */
  private post(message: HostMessage): void {
    if (this.disposed) return;
    const safe = this.redacted(message);
    this.recording?.push(safe);
    void this.panel.webview.postMessage(safe);
  }

  /** This window stopped the run (the service may have recorded it as failed). */
  private stoppedHere(runId: string): boolean {
    return this.ctx.stoppedRuns.has(runId);
  }

  /** The message with the API key cut out wherever it appears (plain or JSON-escaped), its shape unchanged. */
  private redacted<T extends HostMessage>(message: T): T {
    // Every form of the key (api/redact.ts), the JSON-escaped one included, as the message is JSON here.
    return JSON.parse(redactSecrets(JSON.stringify(message), [this.secret])) as T;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.session.dispose();
    this.subscriptions.forEach((s) => s.dispose());
    this.disposedEmitter.fire();
    this.disposedEmitter.dispose();
    this.panel.dispose();
  }
}
