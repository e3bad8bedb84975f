import path = require('path');
import type { ApiKey } from '../../core/apiKey';
import vscode = require('vscode');
import { functionLabel } from '../../api/types';
import { functionDocumentArg, variablesArg } from '../../core/commandArgs';
import { fileAsFunction } from '../../core/fileAsFunction';
import { workspaceCodeMayRun } from '../../core/trust';
import { chooseInterpreter } from '../../core/interpreter';
import { localSource } from '../../core/runs/localSource';
import type { LocalRunOutcome, LocalRunRequest } from '../../core/runs/localLaunch';
import { describeError } from '../../core/ui/errorText';
import { askVariables, chooseFunctionAndVariables } from '../../core/ui/functionInputs';
import { resolveFunction } from '../../core/ui/pickers';
import { pressActivePage } from '../../core/ui/activePage';
import { withCancellableProgress } from '../../core/ui/progress';
import type { WindowContext } from '../../core/windowContext';
import { inspectFunctionFile } from '../../python/pythonRun';
import type { RunCommandResult } from './runFunction';
import { recordedLocalStatus } from '../../shared/finishedRun';

/**
 * `notte.runLocally(functionIdOrNode?, variables?)`, the SDK's `local=True`: create a local run,
 * fetch (and decrypt) the code, run it with the user's Python, then record the outcome with PATCH
 * so the run shows in the history like any other.
 */
export async function runLocally(ctx: WindowContext, _key: ApiKey, target?: unknown, variables?: unknown): Promise<RunCommandResult | undefined> {
  const chosen = await chooseFunctionAndVariables(ctx, target, variables, 'Run Notte Function Locally', { titleFor: (fn) => `Run ${functionLabel(fn)} locally` });
  if (!chosen) return undefined;
  const { fn, variables: values } = chosen;
  // Its linked file in this workspace, as the page's Debug and the Testing view's Run Locally run it; else its deployed code.
  const local = await localSource(ctx, fn);
  if ('reason' in local) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} cannot run locally: {1}', functionLabel(fn), local.reason));
    return undefined;
  }
  if (local.resource && !workspaceCodeMayRun('Run Locally')) return undefined;

  const client = ctx.connection.client();
  let runId: string;
  try {
    runId = (await client.createRun(fn.function_id, { local: true })).function_run_id;
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not create a local run of {0}: {1}', fn.function_id, describeError(error)));
    return undefined;
  }
  ctx.functions.refreshRuns(fn.function_id);
  const name = functionLabel(fn);
  const { outcome, missingModule } = await runLocallyWithProgress(ctx, {
    name,
    source: local.source,
    resource: local.resource,
    workingDir: local.workingDir,
    variables: values,
    origin: { functionId: fn.function_id, runId },
    recordWith: client,
  });
  const status = recordedLocalStatus(outcome.ok);
  const result = outcome.ok ? outcome.result : outcome.error;
  announce(name, outcome, missingModule);
  return { runId, status, result, error: outcome.ok ? undefined : (missingModule ?? outcome.error) };
}

/** `notte.runFileLocally(uri?, variables?)`: runs a .py file's run(...) with no server at all. */
export async function runFileLocally(ctx: WindowContext, uri?: unknown, variables?: unknown): Promise<RunCommandResult | undefined> {
  // With no file, on a function page: the page's Run Locally, with the form's values.
  if (pressActivePage(ctx, 'runLocally', uri)) return undefined;
  const document = await functionDocumentArg(uri);
  if (!document || !workspaceCodeMayRun('Run File Locally')) return undefined;
  const file = document.fileName;
  const code = document.getText();
  let values = variablesArg(variables);
  if (!values) {
    const inspected = await inspectFunctionFile((await chooseInterpreter(ctx.config, document.uri)).path, code);
    if (!inspected.ok) {
      void vscode.window.showErrorMessage(`${path.basename(file)}: ${inspected.error}`);
      return undefined;
    }
    values = await askVariables(ctx, fileAsFunction(ctx, file, inspected.variables), undefined, { title: `Run ${path.basename(file)} locally` });
    if (!values) return undefined;
  }
  // A saved file runs as itself, so its tracebacks name it; unsaved text runs from a copy named like it.
  const onDisk = document.uri.scheme === 'file' && !document.isDirty && !document.isUntitled ? file : undefined;
  const { outcome, missingModule } = await runLocallyWithProgress(ctx, {
    name: path.basename(file),
    source: { code, fileName: path.basename(file), path: onDisk },
    resource: document.uri,
    variables: values,
    origin: { file: document.uri.scheme === 'file' ? file : undefined },
    workingDir: path.dirname(file),
  });
  announce(path.basename(file), outcome, missingModule);
  return { status: outcome.ok ? 'closed' : 'failed', result: outcome.ok ? outcome.result : outcome.error, error: outcome.ok ? undefined : (missingModule ?? outcome.error) };
}

/** `notte.forgetDecryptionKey(function?)`: answers what the user was told (the menu shows on every function, key or not). */
export async function forgetDecryptionKey(ctx: WindowContext, target?: unknown): Promise<string | undefined> {
  const fn = await resolveFunction(ctx, target, 'Forget Decryption Key');
  if (!fn) return undefined;
  if ((await ctx.decryptionKeys.get(fn.function_id)) === undefined) {
    const none = vscode.l10n.t('No decryption key is stored for {0}: there is nothing to forget.', functionLabel(fn));
    void vscode.window.showInformationMessage(none);
    return none;
  }
  await ctx.decryptionKeys.delete(fn.function_id);
  const forgot = vscode.l10n.t('Forgot the decryption key of {0}: a local run asks for it again.', functionLabel(fn));
  void vscode.window.showInformationMessage(forgot);
  return forgot;
}

/** A local run with a cancellable notification; Cancel stops the run's process tree. */
function runLocallyWithProgress(ctx: WindowContext, request: Omit<LocalRunRequest, 'signal'>): Promise<LocalRunOutcome> {
  return Promise.resolve(withCancellableProgress(`Running ${request.name} locally`, (signal) => ctx.launcher.launchLocal({ ...request, signal })));
}

function announce(name: string, outcome: LocalRunOutcome['outcome'], missingModule?: string): void {
  // A missing module has its own message (with the install command): one message, not two.
  if (missingModule) return;
  if (outcome.ok) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} finished locally.', name));
  } else {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} {1} locally: {2}', name, outcome.stopped ? 'was stopped' : 'failed', outcome.error ?? ''));
  }
}
