import fs = require('fs');
import path = require('path');
import type { ApiKey } from '../../core/apiKey';
import vscode = require('vscode');
import { describeError } from '../../core/ui/errorText';
import { isNotteApiError } from '../../api/errors';
import { functionLabel, NotteFunction } from '../../api/types';
import { WindowContext } from '../../core/windowContext';
import { resolveFunction } from '../../core/ui/pickers';
import { isLoopbackUrl } from '../../shared/loopback';

/** The Python file to upload: an explorer/editor URI, else the active editor. */
async function pythonSource(uri: unknown): Promise<{ fileName: string; content: string; uri: vscode.Uri } | undefined> {
  if (uri instanceof vscode.Uri) {
    const doc = await vscode.workspace.openTextDocument(uri);
    return { fileName: path.basename(uri.path), content: doc.getText(), uri };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'python') {
    void vscode.window.showWarningMessage(vscode.l10n.t('Open a Python file with a run(...) function first.'));
    return undefined;
  }
  return { fileName: path.basename(editor.document.fileName) || 'function.py', content: editor.document.getText(), uri: editor.document.uri };
}

/** The file to upload when it has the run(...) Notte calls; else says why not and answers undefined. */
async function functionSource(uri: unknown): Promise<{ fileName: string; content: string; uri: vscode.Uri } | undefined> {
  const file = await pythonSource(uri);
  if (file && !/^(async\s+)?def\s+run\s*\(/m.test(file.content)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} has no top-level run(...) function: Notte calls run(**variables).', file.fileName));
    return undefined;
  }
  return file;
}

/** `notte.uploadFunction(uri?, {name, description}?)`: creates a function from a .py file. */
export async function uploadFunction(ctx: WindowContext, _key: ApiKey, uri?: unknown, meta?: { name?: string; description?: string }): Promise<NotteFunction | undefined> {
  const file = await functionSource(uri);
  // Its link is written after the upload: a link file that cannot be read stops it before.
  if (!file || ctx.linked.links.refuseIfBroken(file.uri)) return undefined;
  const served = await servedAs(ctx, file.uri);
  if (served) return linkServed(ctx, file, served);
  const name =
    meta?.name ??
    (await vscode.window.showInputBox({
      title: vscode.l10n.t('Upload as Function (1/2)'),
      prompt: vscode.l10n.t('Name of the function'),
      value: file.fileName.replace(/\.py$/, ''),
      ignoreFocusOut: true,
      validateInput: (t) => (t.trim() ? undefined : 'A name is needed'),
    }));
  if (!name) return undefined;
  const description =
    meta?.description ??
    (await vscode.window.showInputBox({ title: vscode.l10n.t('Upload as Function (2/2)'), prompt: vscode.l10n.t('Description (optional)'), ignoreFocusOut: true }));
  if (description === undefined) return undefined;
  try {
    const fn = await ctx.connection
      .client()
      .createFunction({ fileName: file.fileName, content: file.content }, { name: name.trim(), description: description.trim() || undefined, shared: false });
    ctx.functions.refresh();
    // From now on this file is that function: Deploy updates it, Run on Notte runs it.
    await ctx.linked.deployed(file.uri, fn, file.content, true);
    // The id only when the name is not it already ("search_products (search_products)" read twice).
    const label = functionLabel(fn);
    void vscode.window.showInformationMessage(
      label === fn.function_id
        ? vscode.l10n.t('Uploaded {0} as function {1}.', file.fileName, label)
        : vscode.l10n.t('Uploaded {0} as function {1} ({2}).', file.fileName, label, fn.function_id),
    );
    return fn;
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not upload {0}: {1}', file.fileName, describeError(error)));
    return undefined;
  }
}

/**
 * The function a local server makes of this very file (it serves the file's folder): deploying it there
 * would upload a copy (`weather_2.py`) beside it. Only a server on this machine says where its files are.
 */
async function servedAs(ctx: WindowContext, uri: vscode.Uri): Promise<NotteFunction | undefined> {
  if (!isLoopbackUrl(ctx.connection.baseUrl) || uri.scheme !== 'file') return undefined;
  try {
    for await (const fn of ctx.connection.client().functions({ page_size: 100 })) {
      if (typeof fn.file_path === 'string' && samePath(fn.file_path, uri.fsPath)) return fn;
    }
  } catch {
    // The upload says what is wrong with the server.
  }
  return undefined;
}

/** One file under two names: a link followed, a drive letter's case (Windows). */
function samePath(a: string, b: string): boolean {
  const real = (file: string) => {
    try {
      return fs.realpathSync.native(file);
    } catch {
      return path.resolve(file);
    }
  };
  const [x, y] = [real(a), real(b)];
  return process.platform === 'win32' ? x.toLowerCase() === y.toLowerCase() : x === y;
}

/** The file is linked to the function the server already makes of it; its unsaved changes are saved, as that is what the server runs. */
async function linkServed(ctx: WindowContext, file: { fileName: string; content: string; uri: vscode.Uri }, fn: NotteFunction): Promise<NotteFunction> {
  await vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.uri.toString() && d.isDirty)?.save();
  await ctx.linked.deployed(file.uri, fn, file.content, true);
  ctx.functions.refresh();
  void vscode.window.showInformationMessage(
    vscode.l10n.t(
      '{0} is served by the local Functions server as function {1}: linked to it, nothing uploaded (the server runs the file as it is saved).',
      file.fileName,
      functionLabel(fn),
    ),
  );
  return fn;
}

/** `notte.updateFunctionCode(functionIdOrNode?, uri?)`: uploads a new version of an existing function. */
export async function updateFunctionCode(ctx: WindowContext, _key: ApiKey, target?: unknown, uri?: unknown): Promise<NotteFunction | undefined> {
  // With no function given, the file's link says which one it is.
  const fileUri = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  const linked = target === undefined && fileUri ? ctx.linked.links.linkOf(fileUri) : undefined;
  const chosen = await resolveFunction(ctx, linked?.link.functionId ?? target, 'Update Function Code');
  if (!chosen) return undefined;
  let source = uri;
  if (!(source instanceof vscode.Uri) && vscode.window.activeTextEditor?.document.languageId !== 'python') {
    source = (await vscode.window.showOpenDialog({ canSelectMany: false, filters: { Python: ['py'] }, title: vscode.l10n.t('New code for {0}', functionLabel(chosen)) }))?.[0];
    if (!source) return undefined;
  }
  const file = await functionSource(source);
  if (!file) return undefined;
  try {
    const fn = await ctx.connection.client().updateFunctionCode(chosen.function_id, { fileName: file.fileName, content: file.content });
    ctx.functions.refresh();
    await ctx.linked.deployed(file.uri, fn, file.content, false);
    void vscode.window.showInformationMessage(vscode.l10n.t('Updated {0} to version {1}.', functionLabel(fn), fn.latest_version ?? 'new'));
    return fn;
  } catch (error) {
    if (isNotteApiError(error) && error.status === 404) ctx.linked.functionGone(chosen.function_id);
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not update {0}: {1}', chosen.function_id, describeError(error)));
    return undefined;
  }
}
