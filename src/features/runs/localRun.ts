import path = require('path');
import vscode = require('vscode');
import { decryptCodeUrl } from '../../api';
import { describeError } from '../../core/ui/errorText';
import { functionLabel, isVariables, NotteFunction } from '../../api/types';
import { Ctx } from '../../core/window';
import { inspectFunctionFile, PythonRunOutcome, runPythonFunction } from '../../python/pythonRun';
import { LocalCode, withFunctionFile } from '../../python/functionFile';
import { clockTime } from '../../shared/time';
import type { RunLog } from '../../core/runOutput';
import { formatResult } from '../../shared/resultText';
import { askVariables, chooseFunctionAndVariables } from '../../core/ui/functionInputs';
import { resolveFunction } from '../../core/ui/pickers';
import { withCancellableProgress } from '../../core/ui/progress';
import { maskSecretVariables } from '../../shared/redact';
import { FinishedRun } from '../../shared/finishedRun';
import { findMissingModule } from '../../shared/traceback';
import { missingModuleMessage, showMissingModule } from '../../core/ui/missingModule';
import { chooseInterpreter, describeInterpreter } from '../../core/interpreter';
import type { RunCommandResult } from './runFunction';

/**
 * `notte.runLocally(functionIdOrNode?, variables?)`, the SDK's `local=True`: create a local run,
 * fetch (and decrypt) the code, run it with the user's Python, then record the outcome with PATCH
 * so the run shows in the history like any other.
 */
export async function runLocally(ctx: Ctx, target?: unknown, variables?: unknown): Promise<RunCommandResult | undefined> {
  const chosen = await chooseFunctionAndVariables(ctx, target, variables, 'Run Notte Function Locally', { titleFor: (fn) => `Run ${functionLabel(fn)} locally` });
  if (!chosen) return undefined;
  const { fn, variables: values } = chosen;
  const code = await downloadCode(ctx, fn);
  if (code === undefined) return undefined;

  const client = ctx.connection.client();
  let runId: string;
  try {
    runId = (await client.createRun(fn.function_id, { local: true })).function_run_id;
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not create a local run of ${fn.function_id}: ${describeError(error)}`);
    return undefined;
  }
  ctx.functions.refreshRuns(fn.function_id);
  const name = functionLabel(fn);
  const { outcome, missingModule } = await runCodeWithProgress(ctx, name, { code, fileName: 'notte_function.py' }, values, { functionId: fn.function_id, runId });
  // The contract records local runs as closed even when the script raised; the error is the result.
  const status = outcome.stopped ? 'failed' : 'closed';
  const result = outcome.ok ? outcome.result : outcome.error;
  try {
    await client.updateRun(fn.function_id, runId, { status, result: result ?? null, logs: outcome.logs, variables: values, session_id: null });
  } catch (error) {
    ctx.output.error(`The run finished here but could not be recorded on the server: ${describeError(error)}`);
  }
  ctx.functions.refreshRuns(fn.function_id);
  announce(name, outcome, missingModule);
  return { runId, status, result, error: outcome.ok ? undefined : (missingModule ?? outcome.error) };
}

/** `notte.runFileLocally(uri?, variables?)`: runs a .py file's run(...) with no server at all. */
export async function runFileLocally(ctx: Ctx, uri?: unknown, variables?: unknown): Promise<RunCommandResult | undefined> {
  let file: string | undefined;
  let code: string | undefined;
  let document: vscode.TextDocument | undefined;
  if (uri instanceof vscode.Uri) document = await vscode.workspace.openTextDocument(uri);
  else if (vscode.window.activeTextEditor?.document.languageId === 'python') document = vscode.window.activeTextEditor.document;
  if (document) {
    file = document.fileName;
    code = document.getText();
  }
  if (!file || code === undefined) {
    void vscode.window.showWarningMessage('Open a Python file with a run(...) function first.');
    return undefined;
  }
  let values: Record<string, unknown> | undefined = isVariables(variables) ? variables : undefined;
  if (!values) {
    const inspected = await inspectFunctionFile((await chooseInterpreter(document?.uri)).path, code);
    if (!inspected.ok) {
      void vscode.window.showErrorMessage(`${path.basename(file)}: ${inspected.error}`);
      return undefined;
    }
    const { fileAsFunction } = await import('../../core/fileAsFunction');
    values = await askVariables(ctx, fileAsFunction(ctx, file, inspected.variables), undefined, { title: `Run ${path.basename(file)} locally` });
    if (!values) return undefined;
  }
  // A saved file runs as itself, so its tracebacks name it; unsaved text runs from a copy named like it.
  const onDisk = document && document.uri.scheme === 'file' && !document.isDirty && !document.isUntitled ? file : undefined;
  const { outcome, missingModule } = await runCodeWithProgress(
    ctx,
    path.basename(file),
    { code, fileName: path.basename(file), path: onDisk, uri: document?.uri },
    values,
    { file: document?.uri.scheme === 'file' ? file : undefined },
    path.dirname(file),
  );
  announce(path.basename(file), outcome, missingModule);
  return { status: outcome.ok ? 'closed' : 'failed', result: outcome.ok ? outcome.result : outcome.error, error: outcome.ok ? undefined : (missingModule ?? outcome.error) };
}

export async function forgetDecryptionKey(ctx: Ctx, target?: unknown): Promise<void> {
  const fn = await resolveFunction(ctx, target, 'Forget Decryption Key');
  if (!fn) return;
  await ctx.decryptionKeys.delete(fn.function_id);
  void vscode.window.showInformationMessage(`Forgot the decryption key of ${functionLabel(fn)}.`);
}

/** The function's code: a plain URL is downloaded; an encrypted one is decrypted with the function's key first. */
async function downloadCode(ctx: Ctx, fn: NotteFunction): Promise<string | undefined> {
  const encrypted = fn.url ?? undefined;
  if (!encrypted) {
    void vscode.window.showErrorMessage(`The server gave no code address for ${fn.function_id}, so it cannot run locally.`);
    return undefined;
  }
  let url = encrypted;
  if (!/^https?:\/\//.test(encrypted)) {
    let key = await ctx.decryptionKeys.get(fn.function_id);
    for (let attempt = 0; ; attempt++) {
      if (!key) {
        key = await vscode.window.showInputBox({
          title: `Decryption key of ${functionLabel(fn)}`,
          prompt: attempt
            ? 'That key did not decrypt the code. Enter the decryption key from the Notte console.'
            : 'The code of this function is encrypted. Enter its decryption key (from the Notte console); it is kept in secret storage.',
          password: true,
          ignoreFocusOut: true,
        });
        if (!key) return undefined;
      }
      try {
        url = decryptCodeUrl(encrypted, key);
        await ctx.decryptionKeys.set(fn.function_id, key);
        break;
      } catch {
        await ctx.decryptionKeys.delete(fn.function_id);
        key = undefined;
        if (attempt >= 2) {
          void vscode.window.showErrorMessage(`The decryption key does not fit the code of ${fn.function_id}.`);
          return undefined;
        }
      }
    }
  }
  try {
    return await ctx.connection.client().downloadCode(url);
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not download the code of ${fn.function_id}: ${describeError(error)}`);
    return undefined;
  }
}

/** Lines kept of a local run's output to read its traceback from (a traceback is at the end). */
const TRACEBACK_LINES = 400;

/** `name` names the run in the Output channel (its marker: "name 18:31:10 local"); `origin.runId` is the run it is recorded as. */
async function runCodeWithProgress(
  ctx: Ctx,
  name: string,
  source: LocalCode & { uri?: vscode.Uri },
  variables: Record<string, unknown>,
  origin: Omit<FinishedRun, 'ok' | 'text' | 'aliases' | 'code'>,
  workingDir?: string,
): Promise<{ outcome: PythonRunOutcome; missingModule?: string }> {
  const interpreter = await chooseInterpreter(source.uri);
  const apiKey = await ctx.connection.apiKey();
  ctx.output.setSecrets([apiKey]);
  ctx.output.show();
  const log = ctx.output.startRun(name, `${name} ${clockTime(new Date())} local`);
  log.header(`started on this machine with ${describeInterpreter(interpreter)}`);
  log.info(`Variables: ${JSON.stringify(maskSecretVariables(variables))}`);
  if (origin.runId) log.info(`Recorded as run ${origin.runId}`);
  const tail: string[] = [];
  // The SDK inside the function reaches the same service as the extension, as the SDK's own local runs do.
  const env: NodeJS.ProcessEnv = { NOTTE_API_URL: ctx.connection.baseUrl };
  if (apiKey) env.NOTTE_API_KEY = apiKey;
  try {
    return await withFunctionFile(source, async (file) => {
      const outcome = await withCancellableProgress(`Running ${name} locally`, (signal) =>
        runPythonFunction({
          python: interpreter.path,
          file,
          cwd: workingDir,
          variables,
          env,
          signal,
          timeoutMs: ctx.config.runTimeoutSeconds * 1000,
          onLine: (line) => {
            log.log({ raw: line.text, text: line.text, level: line.level });
            tail.push(line.text);
            if (tail.length > TRACEBACK_LINES) tail.shift();
          },
        }),
      );
      writeOutcome(log, outcome);
      const text = `${tail.join('\n')}\n${outcome.error ?? ''}`;
      if (!outcome.stopped) ctx.author.runFinished({ ...origin, ok: outcome.ok, text, aliases: [file], code: source.code });
      const missing = outcome.ok ? undefined : findMissingModule(text);
      if (!missing) return { outcome };
      const message = missingModuleMessage(interpreter.path, missing);
      log.error(message);
      void showMissingModule(interpreter.path, missing);
      return { outcome, missingModule: message };
    });
  } finally {
    await log.close();
  }
}

/** The run's end line (■) and its result or error, indented under it. */
function writeOutcome(log: RunLog, outcome: PythonRunOutcome): void {
  if (outcome.ok) {
    log.end('closed');
    log.block('Result:', formatResult(outcome.result));
  } else if (outcome.stopped) log.end(`stopped: ${outcome.error}`, 'warning');
  else {
    log.end('failed', 'error');
    log.block('Error:', outcome.error ?? 'The run failed.', 'error');
  }
}

function announce(name: string, outcome: PythonRunOutcome, missingModule?: string): void {
  // A missing module has its own message (with the install command): one message, not two.
  if (missingModule) return;
  if (outcome.ok) {
    void vscode.window.showInformationMessage(`${name} finished locally.`);
  } else {
    void vscode.window.showErrorMessage(`${name} ${outcome.stopped ? 'was stopped' : 'failed'} locally: ${outcome.error}`);
  }
}
