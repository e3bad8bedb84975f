import path = require('path');
import type { ApiKey } from '../../core/apiKey';
import vscode = require('vscode');
import { describeError } from '../../core/ui/errorText';
import { FunctionVariable, functionLabel, hasDefault, NotteFunction } from '../../api/types';
import { BatchDriver, BatchItemOutcome, rateLimitWaitMs, runBatch, summarizeBatch } from '../../shared/batchRunner';
import { csvCellText, detectFormat, parseVariableSets, VariableSet, VariableSetError } from '../../shared/variableSets';
import { WindowContext } from '../../core/windowContext';
import { clockTime } from '../../shared/time';
import { resultValue } from '../../shared/resultText';
import { chooseFunction } from '../../core/ui/pickers';
import { withCancellableProgress } from '../../core/ui/progress';
import { allSavedSets, fillMaskedValues } from '../../core/ui/variableSetPick';
import { FunctionNode } from '../../core/functions/nodes';
import { functionArg, uriArg } from '../../core/commandArgs';
import { parseSavedSets, SavedSetsError, setsFileName } from '../../shared/savedSets';
import { convertSet, problemsOnly, signature } from '../../shared/variableValues';

export interface BatchCommandResult {
  outcomes: BatchItemOutcome[];
  summary: vscode.TextDocument;
}

/** Why a batch did not start: the input could not be read, or does not fit run(...). */
export interface BatchInputProblem {
  error: string;
  /** The file's line at fault, when the file could not be read. */
  line?: number;
}

/**
 * `notte.runBatch(functionOrFileOrSets?, functionId?)`: from the explorer a file comes first,
 * from the tree a function; whatever is missing is asked for. Sets may also be passed as an array.
 */
export async function runBatchCommand(ctx: WindowContext, _key: ApiKey, first?: unknown, second?: unknown): Promise<BatchCommandResult | BatchInputProblem | undefined> {
  // From the explorer a file comes first; from the tree a function; either may come second.
  // A saved-sets file (.notte/variables/<function>.json) names its function.
  const fnTarget = functionArg(first) ? first : functionArg(second) ? second : functionOfSetsFile(ctx, uriArg(first));
  const sets = await readSets(
    ctx,
    uriArg(first) ?? (Array.isArray(first) ? first : (uriArg(second) ?? (Array.isArray(second) ? second : undefined))),
    fnTarget instanceof FunctionNode ? fnTarget.fn : undefined,
  );
  if (!sets || !Array.isArray(sets)) return sets;
  const fn = await chooseFunction(ctx, fnTarget, `Run Batch of ${sets.length} Variable Set${sets.length === 1 ? '' : 's'}`);
  if (!fn) return undefined;
  const name = functionLabel(fn);
  const fitted = fitSetsToRun(fn, sets);
  if ('error' in fitted) return refused(fitted);
  const client = ctx.connection.client();
  ctx.output.show();
  const started = new Date();
  ctx.output.line(`━━ Batch of ${sets.length} runs of ${name}, ${ctx.config.batchMaxConcurrent} at a time ━━`);

  const outcomes = await withCancellableProgress(`Batch: ${name}`, (batchSignal, progress) => {
    let reported = 0;
    const driver: BatchDriver = {
      createRun: async (_index, _variables, signal) => {
        try {
          return { runId: (await client.createRun(fn.function_id, { local: false }, { signal })).function_run_id };
        } catch (error) {
          return { retryAfterMs: rateLimitWaitMs(error), error: describeError(error) };
        }
      },
      startRun: async (index, runId, variables, signal) => {
        const outcome = await ctx.launcher.launch({ functionId: fn.function_id, functionName: name, variables, runId, marker: batchMarker(name, index), signal });
        if (outcome.stopped !== undefined) return { status: 'stopped', result: outcome.result?.result, cancelled: true };
        if (outcome.result) return { status: outcome.result.status, result: outcome.result.result };
        return { status: 'error', retryAfterMs: rateLimitWaitMs(outcome.error), error: describeError(outcome.error), cancelled: outcome.cancelled };
      },
      onWait: (index, delayMs) => ctx.output.line(`[${batchMarker(name, index)}] Rate limited by the server; retrying in ${Math.ceil(delayMs / 1000)} s.`, 'warning'),
    };
    return runBatch(fitted.sets, driver, {
      concurrency: ctx.config.batchMaxConcurrent,
      signal: batchSignal,
      onProgress: ({ done, failed, left, total }) => {
        const finished = done + failed;
        progress.report({ message: `${done} done, ${failed} failed, ${left} left`, increment: ((finished - reported) / total) * 100 });
        reported = finished;
      },
    });
  });

  const counts = summarizeBatch(outcomes);
  ctx.output.line(`━━ Batch finished: ${counts.closed} closed, ${counts.failed} failed, ${counts.notRun} not run ━━`);
  ctx.functions.refreshRuns(fn.function_id);
  const summary = await ctx.documents.open(`${name} batch ${clockTime(started)}.json`, renderSummary(fn.function_id, outcomes), 'json');
  const message = `Batch of ${name}: ${counts.closed} closed, ${counts.failed} failed${counts.notRun ? `, ${counts.notRun} not run` : ''}. The summary is open (File > Save As keeps it).`;
  if (counts.failed) void vscode.window.showWarningMessage(message);
  else void vscode.window.showInformationMessage(message);
  return { outcomes, summary };
}

/**
 * The sets checked against run(...) as Run Function checks what is typed, before any run starts: a
 * set with a "three" for an int, or a variable run(...) does not take, stops the whole batch with the
 * first sets' problems. Text for a typed parameter is converted (a CSV's "3" for an int goes as 3); a
 * variable a set leaves out stays out, for Python's default to apply.
 */
function fitSetsToRun(fn: NotteFunction, sets: VariableSet[]): { sets: VariableSet[] } | BatchInputProblem {
  // No parameters known: the function did not say, or its file could not be read (a server lists none then).
  if (!Array.isArray(fn.variables) || fn.variables.length === 0) return { sets };
  const parameters = fn.variables;
  const problems: string[] = [];
  const fitted = sets.map((set, index) => {
    const checked = convertSet(parameters, asTyped(set, parameters));
    if (!checked.ok) problems.push(`Set ${index + 1}: ${problemsOnly(checked.message)}`);
    return checked.ok ? checked.variables : set;
  });
  if (!problems.length) return { sets: fitted as VariableSet[] };
  const shown = problems.slice(0, 3).join(' ') + (problems.length > 3 ? ` (and ${problems.length - 3} more sets)` : '');
  const which = problems.length === 1 ? `1 set of ${sets.length} does` : `${problems.length} sets of ${sets.length} do`;
  return { error: `${which} not fit run(...) of ${functionLabel(fn)}, so none ran. ${shown} ${signature(parameters)}` };
}

/**
 * A CSV set's cells for typed variables as written, read as if typed into Run Function's box ("3.10"
 * stays "3.10" for a str; "3" is 3 for an int); an empty cell for a typed, non-str variable with a
 * default takes the default, sent as its value (the run shows what it ran with). Untyped variables and
 * JSON sets keep their values.
 */
function asTyped(set: VariableSet, parameters: readonly FunctionVariable[]): VariableSet {
  const typed = new Map(parameters.filter((p) => p.type).map((p) => [p.name, p]));
  const entries = Object.entries(set).flatMap(([name, value]): [string, unknown][] => {
    const text = csvCellText(set, name);
    const parameter = typed.get(name);
    if (text === undefined || !parameter || value === null) return [[name, value]];
    if (text.trim() === '' && hasDefault(parameter) && parameter.type !== 'str') return [[name, undefined]];
    return [[name, text]];
  });
  return Object.fromEntries(entries);
}

function refused(problem: BatchInputProblem): BatchInputProblem {
  void vscode.window.showErrorMessage(vscode.l10n.t('Batch not started. {0}', problem.error));
  return problem;
}

/** What each line of a batch's run carries: "echo_variables #3". */
function batchMarker(name: string, index: number): string {
  return `${name} #${index + 1}`;
}

export function renderSummary(functionId: string, outcomes: BatchItemOutcome[]): string {
  const rows = outcomes.map((o) => ({
    index: o.index + 1,
    variables: o.variables,
    function_id: functionId,
    run_id: o.runId ?? null,
    status: o.status,
    // The summary holds results as JSON values so they read (and load) naturally.
    result: resultValue(o.result),
    ...(o.error ? { error: o.error } : {}),
  }));
  return JSON.stringify(rows, null, 2) + '\n';
}

/** The saved sets, with the values they keep masked (a password) asked once for the whole batch. */
async function withMaskedValuesFilled(sets: Record<string, unknown>[]): Promise<VariableSet[] | undefined> {
  const answers = new Map<string, string>();
  const filled: VariableSet[] = [];
  for (const set of sets) {
    const values = await fillMaskedValues(set, 'Run Batch: saved sets', answers);
    if (!values) return undefined;
    filled.push(values as VariableSet);
  }
  return filled;
}

/** Sets from an argument, a file URI, or a choice between the open editor and a file. */
async function readSets(ctx: WindowContext, source: unknown, fn?: NotteFunction): Promise<VariableSet[] | BatchInputProblem | undefined> {
  if (Array.isArray(source)) return source as VariableSet[];
  let uri = source instanceof vscode.Uri ? source : undefined;
  let text: string | undefined;
  let fileName: string | undefined;
  if (!uri) {
    const editor = vscode.window.activeTextEditor;
    const editorUsable = editor && ['json', 'jsonc', 'csv', 'plaintext'].includes(editor.document.languageId);
    const saved = fn ? await allSavedSets(ctx, fn) : undefined;
    if (saved && 'error' in saved) void vscode.window.showWarningMessage(vscode.l10n.t('Saved variable sets not offered: {0}', saved.error));
    const savedSets = saved && 'sets' in saved ? saved : undefined;
    const choice = await vscode.window.showQuickPick(
      [
        ...(savedSets ? [{ label: `$(bookmark) All saved sets (${savedSets.sets.length})`, description: savedSets.file, id: 'saved' }] : []),
        ...(editorUsable ? [{ label: `$(file) Use ${path.basename(editor!.document.fileName)}`, description: 'the open editor', id: 'editor' }] : []),
        { label: '$(folder-opened) Choose a JSON or CSV file…', description: 'an array of objects, or a header row', id: 'file' },
      ],
      { title: vscode.l10n.t('Run Batch: variable sets'), placeHolder: vscode.l10n.t('Where are the variable sets?') },
    );
    if (!choice) return undefined;
    if (choice.id === 'saved') return withMaskedValuesFilled(savedSets!.sets);
    if (choice.id === 'editor') {
      text = editor!.document.getText();
      fileName = editor!.document.fileName;
      uri = editor!.document.uri;
    } else {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: false,
        filters: { 'Variable sets': ['json', 'csv'] },
        title: vscode.l10n.t('Variable sets for the batch'),
      });
      uri = picked?.[0];
      if (!uri) return undefined;
    }
  }
  if (text === undefined) {
    text = await readText(uri);
    if (text === undefined) return undefined;
    fileName = uri.path;
  }
  try {
    if (isSavedSetsFile(uri)) return withMaskedValuesFilled(setsOfSavedSetsFile(text));
    return parseVariableSets(text, detectFormat(fileName, text));
  } catch (error) {
    const line = error instanceof VariableSetError || error instanceof SavedSetsError ? error.line : 1;
    const message = `${path.basename(fileName ?? 'variable sets')}: ${(error as Error).message}`;
    // Not awaited: the batch has ended, and the "Go to Line" answer may come much later or never.
    void vscode.window.showErrorMessage(vscode.l10n.t('Batch not started. {0}', message), 'Go to Line').then(async (action) => {
      if (action === 'Go to Line' && uri) {
        const doc = await vscode.workspace.openTextDocument(uri);
        const position = new vscode.Position(Math.max(0, line - 1), 0);
        await vscode.window.showTextDocument(doc, { selection: new vscode.Range(position, position) });
      }
    });
    return { error: message, line };
  }
}

/** The file's text; undefined, after saying why, when it cannot be read. */
async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not read {0}: {1}', uri.fsPath, (error as Error).message));
    return undefined;
  }
}

/** A file of saved sets (`.notte/variables/<function>.json`): its sets' variables are the batch. */
function isSavedSetsFile(uri: vscode.Uri | undefined): boolean {
  return !!uri && /\/\.notte\/variables\/[^/]+\.json$/i.test(uri.path);
}

function setsOfSavedSetsFile(text: string): Record<string, unknown>[] {
  const sets = parseSavedSets(text);
  if (sets.length === 0) throw new VariableSetError('the file holds no saved set: there is nothing to run', 1);
  return sets.map((set) => set.variables);
}

/** The listed function whose saved-sets file this is, if the view listed it. */
function functionOfSetsFile(ctx: WindowContext, uri: vscode.Uri | undefined): string | undefined {
  if (!isSavedSetsFile(uri)) return undefined;
  const file = path.basename(uri!.path);
  return ctx.functions.loadedFunctions().find((fn) => setsFileName(fn.name ?? undefined, fn.function_id) === file)?.function_id;
}
