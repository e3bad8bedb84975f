// The page's history of the function's runs: a page of them, one run's logs and end, its variables
// back into the form, and two runs compared side by side (read-only documents, never "Untitled").
import vscode = require('vscode');
import type { FunctionRun } from '../../api/types';
import { redactSecrets } from '../../api/redact';
import { titleOfRun } from '../../core/ui/pickers';
import { describeError } from '../../core/ui/errorText';
import { shortId } from '../../shared/format';
import { runRowDescription, runStartedAtMs } from '../../shared/runs';
import { textsFor } from '../../shared/variables';
import { capEntries, cutText, DETAIL_MAX_CHARS } from './logBatch';
import { logEntry, runEndFromRun, summarizeRunForPage } from './pageData';
import type { PageHost } from './pageHost';
import { LOG_CAP } from './protocol';

const HISTORY_PAGE_SIZE = 10;
/** Runs offered to compare with: the most recent. */
const COMPARE_CHOICES = 50;

export class PageHistory {
  constructor(private readonly page: PageHost) {}

  async show(page: number): Promise<void> {
    try {
      const answer = await this.page.ctx.connection.client().listRuns(this.page.functionId, { page, page_size: HISTORY_PAGE_SIZE, only_active: false });
      const runs = answer.items.map((run) => summarizeRunForPage(run, this.stoppedHere(run)));
      this.page.post({ v: 1, type: 'history', runs, page, hasNext: answer.has_next });
    } catch (error) {
      this.page.post({ v: 1, type: 'history', runs: [], page, hasNext: false, error: describeError(error) });
    }
  }

  /** One past run: its last lines, how it ended, and (unless a run of the page is going) its session. Answers its result, if any. */
  async select(runId: string, running: boolean): Promise<{ result?: unknown } | undefined> {
    const run = await this.fetch(runId);
    if (!run) return undefined;
    const logs = run.logs ?? [];
    const end = runEndFromRun(run, this.stoppedHere(run));
    const startedAt = runStartedAtMs(run);
    // The last lines, as many as one post holds (capped like every post; the run document has them all).
    const received = new Date();
    const shown = capEntries(
      (logs.length > LOG_CAP ? logs.slice(-LOG_CAP) : logs).map((raw) => {
        const entry = logEntry(raw, received, startedAt);
        return { ...entry, text: cutText(entry.text) };
      }),
      DETAIL_MAX_CHARS,
    );
    this.page.post({
      v: 1,
      type: 'runDetail',
      summary: summarizeRunForPage(run, this.stoppedHere(run)),
      logs: shown,
      end,
      hiddenLines: logs.length - shown.length,
    });
    // While a run of the page goes on, its session stays in view (as its logs do).
    if (!running) await this.page.session.forRun(run);
    return end && 'result' in end ? { result: end.result } : {};
  }

  async loadIntoForm(runId: string): Promise<void> {
    const run = await this.fetch(runId);
    const fn = this.page.fn;
    if (!run || !fn) return;
    const texts = textsFor(fn.variables ?? [], run.variables ?? {}).map((t) => t ?? null);
    this.page.post({ v: 1, type: 'fill', texts, source: `the variables of run ${shortId(runId)}` });
  }

  /** The run and another, picked from the recent ones, as a read-only diff of their variables and results. */
  async compare(runId: string): Promise<void> {
    const { ctx, functionId, functionName } = this.page;
    let others: FunctionRun[];
    try {
      others = (await ctx.connection.client().listRuns(functionId, { page: 1, page_size: COMPARE_CHOICES, only_active: false })).items.filter((r) => r.function_run_id !== runId);
    } catch (error) {
      this.page.notice('error', `Could not list runs: ${describeError(error)}`);
      return;
    }
    if (!others.length) {
      this.page.notice('info', 'There is no other run to compare with.');
      return;
    }
    const title = (run: FunctionRun) => titleOfRun(ctx, { functionId, runId: run.function_run_id, run, functionName });
    const choice = await vscode.window.showQuickPick(
      others.map((run) => ({ label: title(run), description: runRowDescription(run, this.stoppedHere(run)), detail: summarizeRunForPage(run).variables, run })),
      { title: vscode.l10n.t('Compare the run of {0} with…', shortId(runId)), placeHolder: vscode.l10n.t('Pick the other run'), matchOnDetail: true },
    );
    if (!choice) return;
    const run = await this.fetch(runId);
    if (!run) return;
    const secret = await this.page.refreshSecret();
    // Two runs started in the same second have the same title: their ids then tell the tabs apart.
    const sameTitle = title(choice.run) === title(run);
    const name = (r: FunctionRun) => (sameTitle ? `${title(r)} (${shortId(r.function_run_id)})` : title(r));
    const side = (r: FunctionRun) => {
      const text = JSON.stringify(
        { run: r.function_run_id, status: r.status, started: r.created_at, variables: r.variables, result: runEndFromRun(r)?.result ?? r.result },
        null,
        2,
      );
      return ctx.documents.create(`${name(r).replace(' · ', ' ')}.json`, redactSecrets(`${text}\n`, [secret]), 'json');
    };
    const [left, right] = await Promise.all([side(choice.run), side(run)]);
    await vscode.commands.executeCommand('vscode.diff', left.uri, right.uri, `${functionName}: ${name(choice.run)} ↔ ${name(run)}`);
  }

  private async fetch(runId: string): Promise<FunctionRun | undefined> {
    try {
      return await this.page.ctx.connection.client().getRun(this.page.functionId, runId);
    } catch (error) {
      this.page.notice('error', `Could not load run ${shortId(runId)}: ${describeError(error)}`);
      return undefined;
    }
  }

  /** A person stopped the run from this editor (the service may have recorded it as failed). */
  private stoppedHere(run: FunctionRun): boolean {
    return this.page.ctx.stoppedRuns.has(run.function_run_id);
  }
}
