import * as path from 'path';
import * as vscode from 'vscode';
import { decryptCodeUrl } from '../api';
import { describeError } from '../ui/errorText';
import { functionLabel, isVariables, NotteFunction } from '../api/types';
import { Ctx } from '../ctx';
import { inspectFunctionFile, PythonRunOutcome } from '../local/pythonRun';
import { runFunctionCode } from '../local/runCode';
import { formatResult } from '../runs/resultText';
import { askVariables, chooseFunctionAndVariables } from '../ui/functionInputs';
import { resolveFunction } from '../ui/pickers';
import { withCancellableProgress } from '../ui/progress';
import { maskSecretVariables } from '../util/redact';
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
  const outcome = await runCodeWithProgress(ctx, `${name} (local run ${runId})`, code, values);
  // The contract records local runs as closed even when the script raised; the error is the result.
  const status = outcome.stopped ? 'failed' : 'closed';
  const result = outcome.ok ? outcome.result : outcome.error;
  try {
    await client.updateRun(fn.function_id, runId, { status, result: result ?? null, logs: outcome.logs, variables: values, session_id: null });
  } catch (error) {
    ctx.output.error(`The run finished here but could not be recorded on the server: ${describeError(error)}`);
  }
  ctx.functions.refreshRuns(fn.function_id);
  announce(name, outcome);
  return { runId, status, result, error: outcome.ok ? undefined : outcome.error };
}

/** `notte.runFileLocally(uri?, variables?)`: runs a .py file's run(...) with no server at all. */
export async function runFileLocally(ctx: Ctx, uri?: unknown, variables?: unknown): Promise<RunCommandResult | undefined> {
  let file: string | undefined;
  let code: string | undefined;
  if (uri instanceof vscode.Uri) {
    file = uri.fsPath;
    code = (await vscode.workspace.openTextDocument(uri)).getText();
  } else if (vscode.window.activeTextEditor?.document.languageId === 'python') {
    const doc = vscode.window.activeTextEditor.document;
    file = doc.fileName;
    code = doc.getText();
  }
  if (!file || code === undefined) {
    void vscode.window.showWarningMessage('Open a Python file with a run(...) function first.');
    return undefined;
  }
  let values: Record<string, unknown> | undefined = isVariables(variables) ? variables : undefined;
  if (!values) {
    const inspected = await inspectFunctionFile(ctx.config.pythonInterpreter, code);
    if (!inspected.ok) {
      void vscode.window.showErrorMessage(`${path.basename(file)}: ${inspected.error}`);
      return undefined;
    }
    // The file stands for a function of its own, so its last values are remembered apart.
    const pseudo: NotteFunction = { function_id: `file:${file}`, name: path.basename(file), variables: inspected.variables, created_at: '', updated_at: '' };
    values = await askVariables(ctx, pseudo, undefined, { title: `Run ${path.basename(file)} locally` });
    if (!values) return undefined;
  }
  const outcome = await runCodeWithProgress(ctx, path.basename(file), code, values, path.dirname(file));
  announce(path.basename(file), outcome);
  return { status: outcome.ok ? 'closed' : 'failed', result: outcome.ok ? outcome.result : outcome.error, error: outcome.ok ? undefined : outcome.error };
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
          prompt: attempt ? 'That key did not decrypt the code. Enter the decryption key from the Notte console.' : 'The code of this function is encrypted. Enter its decryption key (from the Notte console); it is kept in secret storage.',
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

async function runCodeWithProgress(ctx: Ctx, title: string, code: string, variables: Record<string, unknown>, workingDir?: string): Promise<PythonRunOutcome> {
  ctx.output.setSecrets([await ctx.connection.apiKey()]);
  ctx.output.show();
  ctx.output.line(`━━ ${title}, on this machine with ${ctx.config.pythonInterpreter} ━━`);
  ctx.output.line(`Variables: ${JSON.stringify(maskSecretVariables(variables))}`);
  const outcome = await withCancellableProgress(`Running ${title} locally`, (signal) =>
    runFunctionCode(code, {
      python: ctx.config.pythonInterpreter,
      cwd: workingDir,
      variables,
      signal,
      timeoutMs: ctx.config.runTimeoutSeconds * 1000,
      onLine: (line) => ctx.output.line(line.text),
    }),
  );
  if (outcome.ok) ctx.output.line(`Result:\n${formatResult(outcome.result)}`);
  else ctx.output.error(outcome.stopped ? `Stopped: ${outcome.error}` : outcome.error ?? 'The run failed.');
  return outcome;
}

function announce(name: string, outcome: PythonRunOutcome): void {
  if (outcome.ok) {
    void vscode.window.showInformationMessage(`${name} finished locally.`);
  } else {
    void vscode.window.showErrorMessage(`${name} ${outcome.stopped ? 'was stopped' : 'failed'} locally: ${outcome.error}`);
  }
}
