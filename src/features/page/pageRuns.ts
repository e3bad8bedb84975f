// The page's runs: Run from the form (through the window's launcher, streamed into the page and into
// the Output channel as Run Function does), Stop, the replay after it, Debug and Run Locally with the
// form's values, and the last result to copy. A run is started once, however fast Run is pressed.
import vscode = require('vscode');
import type { LogLine } from '../../api/logLine';
import { redactSecrets } from '../../api/redact';
import { ensureApiKey } from '../../core/apiKey';
import { describeError } from '../../core/ui/errorText';
import { Commands } from '../../shared/contributions';
import { runStartedAtMs } from '../../shared/runs';
import { PageLogBatch, POST_MS } from './logBatch';
import { runEndFromResult } from './pageData';
import type { PageHost } from './pageHost';
import { FormTexts, RunEnd, SnippetChoice } from './protocol';

const SNIPPET_COMMANDS: Record<SnippetChoice, string> = {
  curl: Commands.copyAsCurl,
  javascript: Commands.copyAsJavaScript,
  python: Commands.copyAsPython,
  http: Commands.copyAsHttp,
};

interface ActiveRun {
  controller: AbortController;
  runId?: string;
  sessionId?: string;
  startedAt: number;
  /** Whether the history was asked again once the run was going (it was listed as created first). */
  historySawItGo?: boolean;
}

export class PageRuns {
  private active: ActiveRun | undefined;
  /** From the first await of a Run to its start: a second Run in that time starts nothing. */
  private starting = false;
  /** The running run's lines on their way to the page (logBatch.ts). */
  private logs: PageLogBatch | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private lastResult: { has: boolean; value?: unknown } = { has: false };
  /** The run picked from the history that the page shows, until a run of the page starts. */
  private pastRunId: string | undefined;

  /** `showHistory`: the history's first page again (a run started or ended). */
  constructor(
    private readonly page: PageHost,
    private readonly showHistory: () => Promise<void>,
  ) {}

  get running(): boolean {
    return this.active !== undefined;
  }

  /** A past run's result, shown by the history: what Copy copies. */
  showing(result: { result?: unknown }, runId: string): void {
    this.lastResult = 'result' in result ? { has: true, value: result.result } : { has: false };
    this.pastRunId = runId;
  }

  /**
   * Every line of what the page shows. A run of this window is in the Output; a run picked from the
   * history may be older than the window (or from elsewhere): its read-only document has all its lines.
   */
  async showAllLines(): Promise<void> {
    if (this.pastRunId && !this.active) await vscode.commands.executeCommand(Commands.openRun, this.page.functionId, this.pastRunId);
    else this.page.ctx.output.show(false);
  }

  stop(): void {
    // Said as it happened ("stopped from its page"), not as a Cancel of a progress notification.
    if (this.active?.runId) this.page.ctx.stoppedRuns.mark(this.active.runId, 'from its page');
    this.active?.controller.abort();
  }

  // eslint-disable-next-line max-lines-per-function -- one run of the page, from the form to its replay, in the order it happens
  async run(texts: FormTexts): Promise<void> {
    if (this.active || this.starting) {
      this.page.notice('info', 'A run of this page is still going: stop it first.');
      return;
    }
    const variables = this.page.variablesOrProblems(texts);
    if (!variables) return;
    this.starting = true;
    this.pastRunId = undefined;
    let active: ActiveRun;
    try {
      if (!(await ensureApiKey(this.page.ctx))) {
        this.page.notice('info', 'No run: the function runs once a key is set or the local server started.');
        return;
      }
      await this.page.refreshSecret();
      await this.page.ctx.state.rememberVariables(this.page.functionId, variables);
      active = { controller: new AbortController(), startedAt: Date.now() };
      this.active = active;
    } finally {
      this.starting = false;
    }
    this.lastResult = { has: false };
    this.logs = new PageLogBatch(active.startedAt);
    this.page.post({ v: 1, type: 'runStarted', startedAt: active.startedAt, title: `Run of ${this.page.functionName}` });
    this.page.session.starting();
    const outcome = await this.page.ctx.launcher.launch({
      functionId: this.page.functionId,
      functionName: this.page.functionName,
      variables,
      signal: active.controller.signal,
      onRunId: (runId) => {
        active.runId = runId;
        this.page.post({ v: 1, type: 'runId', runId });
        if (!active.sessionId) this.page.session.noneYet();
        void this.showHistory();
      },
      onLine: (line) => {
        this.queueLog(line);
        // Listed when it was created (no variables, not started): once it runs, the history says so.
        if (!active.historySawItGo) {
          active.historySawItGo = true;
          void this.showHistory();
        }
      },
      onSessionStart: (sessionId) => {
        active.sessionId = sessionId;
        this.queueLog({ raw: '', text: `Browser session ${sessionId} started` });
        void this.page.session.live(sessionId);
      },
    });
    this.flushLogs(true);
    this.logs = undefined;
    this.active = undefined;
    const durationMs = Date.now() - active.startedAt;
    let end: RunEnd;
    if (outcome.result) end = runEndFromResult(outcome.result, durationMs);
    else if (outcome.cancelled) end = { runId: outcome.runId, status: 'stopped', durationMs, error: 'Stopped.' };
    else end = { runId: outcome.runId, status: 'error', durationMs, error: describeError(outcome.error) };
    this.lastResult = 'result' in end ? { has: true, value: end.result } : { has: false };
    this.page.post({ v: 1, type: 'runEnded', end });
    await this.showHistory();
    // Not awaited: the replay can take a while to be ready, and the run itself is over.
    void this.showSessionAfter(outcome.runId, active.sessionId ?? outcome.result?.session_id ?? undefined, active.startedAt).catch((error) =>
      this.page.notice('error', describeError(error)),
    );
  }

  /** Debug: the linked file's run(...) under the debugger, with the form's values (Debug from the lens, pre-filled). */
  async debug(texts: FormTexts, file: vscode.Uri | undefined): Promise<void> {
    if (!file) {
      this.page.notice('info', 'No file of this workspace is linked to this function: Deploy or "Link to Function…" from its file first.');
      return;
    }
    const variables = this.page.variablesOrProblems(texts);
    if (!variables) return;
    const result = await vscode.commands.executeCommand<{ started: boolean; problem?: string } | undefined>(Commands.debugFunctionLocally, file, variables);
    if (result && !result.started && result.problem) this.page.notice('error', `Could not start debugging: ${result.problem}`);
  }

  /** Run Locally, or a Copy as… command, with the form's values. */
  async withValues(command: 'runLocally' | SnippetChoice, texts: FormTexts): Promise<void> {
    const variables = this.page.variablesOrProblems(texts);
    if (variables) await vscode.commands.executeCommand(command === 'runLocally' ? Commands.runLocally : SNIPPET_COMMANDS[command], this.page.functionId, variables);
  }

  async copyResult(): Promise<void> {
    if (!this.lastResult.has) {
      this.page.notice('info', 'No result to copy yet.');
      return;
    }
    const value = this.lastResult.value;
    const secret = await this.page.refreshSecret();
    await vscode.env.clipboard.writeText(redactSecrets(typeof value === 'string' ? value : JSON.stringify(value, null, 2), [secret]));
    this.page.notice('info', 'Copied the result.');
  }

  /** After a run of this page: its replay (the session began with the run, as the server says), or why there is none. */
  private async showSessionAfter(runId: string | undefined, sessionId: string | undefined, startedHere: number): Promise<void> {
    if (!runId) return this.page.session.notStarted();
    if (!sessionId) return this.page.session.none();
    let startedAt = startedHere;
    try {
      // From the listing of recent runs (no lines), not a GET of the run (every line it printed).
      const listed = await this.page.ctx.connection.client().listRuns(this.page.functionId, { page: 1, page_size: 10, only_active: false });
      const run = listed.items.find((r) => r.function_run_id === runId);
      if (run) startedAt = runStartedAtMs(run);
    } catch {
      // The moment this window started it is close enough.
    }
    if (!this.active) await this.page.session.replay(runId, sessionId, startedAt);
  }

  /** A line of the running run: kept as it came; it becomes an entry only if it is posted. */
  private queueLog(line: LogLine): void {
    this.logs?.add(line);
    if (!this.flushTimer) this.flushTimer = setTimeout(() => this.flushLogs(), POST_MS);
  }

  private flushLogs(final = false): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    const post = this.logs?.take(Date.now(), final);
    if (!post) return;
    // Counted by the page ("500 of 100000 lines shown"), whose "Show all lines" opens every line (the Output, or a past run's document).
    this.page.post({ v: 1, type: 'logs', lines: post.lines, ...(post.skipped ? { skipped: post.skipped } : {}) });
  }

  dispose(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
  }
}
