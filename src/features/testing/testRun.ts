// A run of the Testing view: the chosen sets read afresh, their functions resolved, run where the
// profile says (the set runner through core/setTests), each test's run's log lines as its output and
// its verdict with the messages that say what changed.
import fs = require('fs');
import vscode = require('vscode');
import { seconds } from '../../contracts/contractCheck';
import type { TestOutcome } from '../../contracts/setRunner';
import { SetTest, testTitle } from '../../contracts/setTests';
import { ensureApiKey } from '../../core/apiKey';
import { lastPassingResults, runSetTests, TestPlace } from '../../core/setTests/runSetTests';
import { readSetsFiles, SetsFile, setTestsOf } from '../../core/setTests/workspaceSets';
import { describeError } from '../../core/ui/errorText';
import type { WindowContext } from '../../core/windowContext';
import { codeHash, shortVersion } from '../../core/links/deployedCode';
import { formatResult } from '../../shared/resultText';
import { contractFieldPlace, failureMessages, MessagePlaces } from './testMessages';
import { itemTarget } from './testItems';

/** The last outcome of a set's test in this window, with what the Test Results view was told of it. */
export interface SetResult {
  outcome: TestOutcome;
  place: TestPlace;
  messages: vscode.TestMessage[];
  /** What the test's output said (its run's log lines, its result, its verdict). */
  output: string[];
}

/** What a run needs of the Testing view's part. */
export interface RunHost {
  readonly ctx: WindowContext;
  readonly controller: vscode.TestController;
  sync(files: SetsFile[]): Promise<void>;
  remember(id: string, result: SetResult): void;
}

const RESULT_SHOWN = 4000;
const MAX_KEPT_LINES = 2000;

export async function runRequest(host: RunHost, request: vscode.TestRunRequest, token: vscode.CancellationToken, place: TestPlace): Promise<void> {
  const run = host.controller.createTestRun(request);
  const stop = new AbortController();
  const cancelled = token.onCancellationRequested(() => stop.abort());
  try {
    await runChosen(host, run, request, stop.signal, place);
  } catch (error) {
    run.appendOutput(crlf(vscode.l10n.t('The tests could not run: {0}', describeError(error))));
  } finally {
    cancelled.dispose();
    run.end();
  }
}

async function runChosen(host: RunHost, run: vscode.TestRun, request: vscode.TestRunRequest, signal: AbortSignal, place: TestPlace): Promise<void> {
  const { ctx } = host;
  const files = await readSetsFiles();
  await host.sync(files);
  const chosen = chosenItems(host.controller, request);
  if (chosen.size === 0) return;
  chosen.forEach((item) => run.enqueued(item));
  if (!(await ctx.connection.apiKey())) {
    // The offer is not waited for: a run waiting on a notification (gone into the bell after a while) sat "Queued" for ever.
    ensureApiKey(ctx).catch((error: unknown) => ctx.log.error(`The offer to set a key failed: ${describeError(error)}`));
    const message = ctx.profiles.isLocal()
      ? vscode.l10n.t('The local Functions server is not running: start it, then run again.')
      : vscode.l10n.t('No API key is set for {0}: set one, or start the local Functions server, then run again.', ctx.connection.label);
    // Told as any set that could not start is (the Test Results view, its last result), so no earlier result stands for it.
    const output = new TestOutput(run);
    for (const [id, item] of chosen) {
      const test: SetTest = { id, functionId: '', functionLabel: item.parent?.label ?? '', setName: item.label, variables: {} };
      report(host, output, item, { test, status: 'not run', logs: [], verdict: { passed: false, failures: [{ check: 'setup', message }], value: undefined } }, {}, place);
    }
    return;
  }
  const fileNames = new Set([...chosen.keys()].map((id) => itemTarget(id).fileName));
  const tests = (
    await setTestsOf(
      ctx,
      files.filter((f) => fileNames.has(f.fileName)),
    )
  ).filter((t) => chosen.has(t.id));
  // Before the run: a failing set's last passing result is what it is compared with.
  const lastPassing = lastPassingResults();
  const placesOf = (test: SetTest): MessagePlaces => {
    const item = chosen.get(test.id);
    const file = item?.uri && files.find((f) => f.fileName === itemTarget(test.id).fileName);
    // The text as an editor holds it with unsaved edits (made during the run), else as it was read from disk
    // (an open document not edited may not have caught up with the file yet).
    const open = item?.uri && vscode.workspace.textDocuments.find((d) => d.uri.toString() === item.uri!.toString());
    const text = open && open.isDirty ? open.getText() : file?.text;
    return {
      set: item?.uri && item.range ? new vscode.Location(item.uri, item.range) : undefined,
      contractField: text && item?.uri ? contractFieldPlace(item.uri, text, test.setName) : undefined,
      functionFile: test.functionId ? ctx.linked.links.filesOf(test.functionId)[0] : undefined,
      lastPassing: lastPassing?.get(test.id),
    };
  };
  const output = new TestOutput(run);
  const where = place === 'server' ? vscode.l10n.t('on {0}', ctx.connection.label) : place === 'local' ? vscode.l10n.t('on this machine') : vscode.l10n.t('under the debugger');
  await runSetTests(ctx, tests, {
    place,
    signal,
    testRun: run,
    askMasked: true,
    onStarted: (test, runId) => {
      const item = chosen.get(test.id)!;
      run.started(item);
      output.say(item, vscode.l10n.t('▶ {0}: run {1} {2}', testTitle(test), runId, where));
    },
    onLog: (test, text) => output.say(chosen.get(test.id)!, text),
    onOutcome: (outcome) => report(host, output, chosen.get(outcome.test.id)!, outcome, placesOf(outcome.test), place),
  });
}

/** The items a request runs: each set (a function's item stands for its sets), none excluded; by id. */
function chosenItems(controller: vscode.TestController, request: vscode.TestRunRequest): Map<string, vscode.TestItem> {
  const excluded = new Set((request.exclude ?? []).map((item) => item.id));
  const chosen = new Map<string, vscode.TestItem>();
  const add = (item: vscode.TestItem) => {
    if (excluded.has(item.id)) return;
    if (item.children.size === 0) chosen.set(item.id, item);
    else item.children.forEach(add);
  };
  if (request.include) request.include.forEach(add);
  else controller.items.forEach(add);
  return chosen;
}

function report(host: RunHost, output: TestOutput, item: vscode.TestItem, outcome: TestOutcome, places: MessagePlaces, place: TestPlace): void {
  const { run } = output;
  const duration = outcome.durationMs;
  const stale = place === 'server' && outcome.status !== 'not run' ? editedSinceDeploy(host.ctx, outcome.test.functionId) : undefined;
  if (stale) output.say(item, stale);
  if (outcome.result !== undefined) output.say(item, `${vscode.l10n.t('Result:')}\n${shorten(formatResult(outcome.result))}`);
  if (outcome.verdict.passed) {
    output.say(item, vscode.l10n.t('✓ passed in {0} s', seconds(duration ?? 0)));
    run.passed(item, duration);
    host.remember(item.id, { outcome, place, messages: [], output: output.of(item) });
    return;
  }
  const messages = failureMessages(outcome, places);
  output.say(item, `✗ ${outcome.verdict.failures.map((f) => f.message).join('; ')}`);
  // A set that could not run (a broken file, a renamed parameter, no server) is an error, not a failed contract.
  const notRun = outcome.verdict.failures.every((f) => f.check === 'setup' || f.check === 'run');
  if (notRun) run.errored(item, messages, duration);
  else run.failed(item, messages, duration);
  host.remember(item.id, { outcome, place, messages, output: output.of(item) });
}

/**
 * On the server, a test runs the function's deployed code: when its linked file has changed since (the
 * lens says "changed since"), the test's output says so, or a passing test would read as the edit passing.
 */
function editedSinceDeploy(ctx: WindowContext, functionId: string): string | undefined {
  const { links, deployedCode } = ctx.linked;
  const file = links.filesOf(functionId)[0];
  const deployed = file && deployedCode.known(links.currentApiUrl, functionId);
  if (!file || !deployed) return undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
  let text = open?.getText();
  try {
    text ??= fs.readFileSync(file.fsPath, 'utf8');
  } catch {
    return undefined;
  }
  if (codeHash(text) === deployed.hash) return undefined;
  const name = vscode.workspace.asRelativePath(file);
  return vscode.l10n.t(
    'Ran the deployed code ({0}): {1} has changed since. Deploy it to test your edits here, or run the test with Run Locally.',
    shortVersion(deployed.version),
    name,
  );
}

/** Each test's output in the Test Results view, kept too for the set's last result. */
class TestOutput {
  private readonly lines = new Map<string, string[]>();

  constructor(readonly run: vscode.TestRun) {}

  say(item: vscode.TestItem, text: string): void {
    const kept = this.lines.get(item.id) ?? [];
    if (kept.length < MAX_KEPT_LINES) kept.push(text);
    this.lines.set(item.id, kept);
    this.run.appendOutput(crlf(text), undefined, item);
  }

  of(item: vscode.TestItem): string[] {
    return this.lines.get(item.id) ?? [];
  }
}

/** The Test Results' terminal wants CRLF line ends. */
function crlf(text: string): string {
  return `${text.replace(/\r?\n/g, '\r\n')}\r\n`;
}

function shorten(text: string): string {
  return text.length > RESULT_SHOWN ? `${text.slice(0, RESULT_SHOWN)}…` : text;
}
