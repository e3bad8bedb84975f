import path = require('path');
import type { ApiKey } from '../../core/apiKey';
import vscode = require('vscode');
import { isNotteApiError } from '../../api';
import { describeError } from '../../core/ui/errorText';
import { functionLabel, NotteFunction } from '../../api/types';
import { Commands } from '../../shared/contributions';
import { RunCommandResult, runWithProgress } from '../../core/runs/runCommand';
import { WindowContext } from '../../core/windowContext';
import { pickFunction } from '../../core/ui/pickers';
import { askVariables } from '../../core/ui/functionInputs';
import { functionArg, functionFileArg } from '../../core/commandArgs';
import { pressActivePage } from '../../core/ui/activePage';

/** `notte.linkToFunction(uri?, functionId?)`: remembers in .notte/functions.json that this file is that function. */
export async function linkToFunction(ctx: WindowContext, _key: ApiKey, uri?: unknown, functionId?: unknown): Promise<boolean> {
  const file = functionFileArg(uri);
  if (!file) return false;
  if (!ctx.linked.links.locate(file)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} is not inside a workspace folder, so it cannot be linked.', path.basename(file.fsPath)));
    return false;
  }
  const picked = typeof functionId === 'string' && functionId ? { function_id: functionId } : await pickFunction(ctx, `Link ${path.basename(file.fsPath)} to a Notte Function`);
  if (!picked) return false;
  let fn: NotteFunction;
  try {
    fn = await ctx.connection.client().getFunction(picked.function_id);
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not link to {0}: {1}', picked.function_id, describeError(error)));
    return false;
  }
  const linked = await ctx.linked.links.link(file, { functionId: fn.function_id, name: fn.name ?? undefined, version: fn.latest_version ?? undefined });
  if (!linked) return false;
  void vscode.window.showInformationMessage(vscode.l10n.t('Linked {0} to {1} ({2}).', path.basename(file.fsPath), functionLabel(fn), fn.function_id));
  void ctx.linked.deployedCode.check(ctx.linked.links.currentApiUrl, fn.function_id, fn.latest_version ?? undefined);
  return true;
}

/** `notte.unlinkFunction(uri?)`: forgets the file's link to a function of the current server. */
export async function unlinkFunction(ctx: WindowContext, uri?: unknown): Promise<boolean> {
  const file = functionFileArg(uri);
  if (!file) return false;
  const linked = ctx.linked.links.linkOf(file);
  if (!linked) {
    if (ctx.linked.links.refuseIfBroken(file)) return false;
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} is not linked to a function on {1}.', path.basename(file.fsPath), ctx.linked.links.currentApiUrl));
    return false;
  }
  const done = await ctx.linked.links.unlink(file);
  if (done) void vscode.window.showInformationMessage(vscode.l10n.t('Unlinked {0} from {1}.', path.basename(file.fsPath), linked.link.name || linked.link.functionId));
  return done;
}

/** `notte.runOnNotte(uri?, variables?)`: runs the file's linked function on the server, streaming as Run Function does. */
export async function runOnNotte(ctx: WindowContext, _key: ApiKey, uri?: unknown, variables?: unknown): Promise<RunCommandResult | undefined> {
  // With no file, on a function page: the page's Run, with the form's values.
  if (pressActivePage(ctx, 'run', uri)) return undefined;
  const file = functionFileArg(uri);
  if (!file) return undefined;
  const linked = ctx.linked.links.linkOf(file);
  if (!linked) {
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('{0} is not linked to a Notte function yet.', path.basename(file.fsPath)),
      'Deploy',
      'Link to Function…',
    );
    if (choice === 'Deploy') await vscode.commands.executeCommand(Commands.deployFile, file);
    if (choice === 'Link to Function…') await vscode.commands.executeCommand(Commands.linkToFunction, file);
    return undefined;
  }
  const fn = await linkedFunction(ctx, linked.link.functionId);
  if (!fn) return undefined;
  // Where it runs, by name: "on Local server (127.0.0.1:8765)" when that is the profile.
  const values = await askVariables(ctx, fn, variables, { title: `Run ${functionLabel(fn)} on ${ctx.connection.label}` });
  if (!values) return undefined;
  return runWithProgress(ctx, fn, values);
}

/**
 * `notte.deployFile(uri?, {name, description}?)`: Upload as Function for an unlinked file (the name and
 * description are asked when not given), Update Function Code for a linked one.
 */
export async function deployFile(ctx: WindowContext, uri?: unknown, meta?: unknown): Promise<NotteFunction | undefined> {
  const file = functionFileArg(uri);
  if (!file) return undefined;
  const linked = ctx.linked.links.linkOf(file);
  if (!linked) return vscode.commands.executeCommand<NotteFunction | undefined>(Commands.uploadFunction, file, meta && typeof meta === 'object' ? meta : undefined);
  if (ctx.linked.deployedCode.isGone(linked.link.apiUrl, linked.link.functionId)) {
    ctx.linked.functionGone(linked.link.functionId);
    return undefined;
  }
  return vscode.commands.executeCommand<NotteFunction | undefined>(Commands.updateFunctionCode, linked.link.functionId, file);
}

/** `notte.openFunctionCode(node|functionId)`: the tree item's Open Code, the file linked to that function. */
export async function openFunctionCode(ctx: WindowContext, target?: unknown): Promise<vscode.TextEditor | undefined> {
  const fn = functionArg(target);
  const chosen = fn ?? (await pickFunction(ctx, 'Open Code of a Notte Function'));
  if (!chosen) return undefined;
  const name = functionLabel(chosen);
  const files = ctx.linked.links.filesOf(chosen.function_id);
  let file = files[0];
  if (files.length > 1) {
    const pick = await vscode.window.showQuickPick(
      files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })),
      { title: vscode.l10n.t('Files linked to {0}', name) },
    );
    file = pick?.uri as vscode.Uri;
  }
  if (!file) {
    if (files.length) return undefined;
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('No file of this workspace is linked to {0}.', name), 'Link a File…');
    if (choice !== 'Link a File…') return undefined;
    const picked = (
      await vscode.window.showOpenDialog({
        canSelectMany: false,
        filters: { Python: ['py'] },
        defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
        title: vscode.l10n.t('The file of {0}', name),
      })
    )?.[0];
    if (!picked || !(await vscode.commands.executeCommand<boolean>(Commands.linkToFunction, picked, chosen.function_id))) return undefined;
    file = picked;
  }
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
}

/** `notte.linkActions`: the status bar item's menu for the active file. */
export async function linkActions(ctx: WindowContext): Promise<void> {
  const document = vscode.window.activeTextEditor?.document;
  if (!document) return;
  const linked = ctx.linked.links.linkOf(document.uri);
  const items: (vscode.QuickPickItem & { command: (typeof Commands)[keyof typeof Commands] })[] = linked
    ? [
        { label: '$(play) Run on Notte', command: Commands.runOnNotte },
        { label: '$(vm) Run Locally', command: Commands.runFileLocally },
        { label: '$(debug-alt) Debug Function Locally', command: Commands.debugFunctionLocally },
        { label: '$(cloud-upload) Deploy (Update Function Code)', command: Commands.deployFile },
        { label: '$(link) Link to Another Function…', command: Commands.linkToFunction },
        { label: '$(close) Unlink', command: Commands.unlinkFunction },
      ]
    : [
        { label: '$(cloud-upload) Deploy (Upload as Function)', command: Commands.deployFile },
        { label: '$(link) Link to Function…', command: Commands.linkToFunction },
      ];
  const title = linked ? `${path.basename(document.uri.fsPath)} → ${linked.link.name || linked.link.functionId}` : path.basename(document.uri.fsPath);
  const choice = await vscode.window.showQuickPick(items, { title });
  if (choice) await vscode.commands.executeCommand(choice.command, document.uri);
}

/** The linked function as the server has it now; a 404 is reported once as a link to a function that is gone. */
async function linkedFunction(ctx: WindowContext, functionId: string): Promise<NotteFunction | undefined> {
  try {
    const fn = await ctx.connection.client().getFunction(functionId);
    void ctx.linked.deployedCode.check(ctx.linked.links.currentApiUrl, fn.function_id, fn.latest_version ?? undefined);
    return fn;
  } catch (error) {
    if (isNotteApiError(error) && error.status === 404) ctx.linked.functionGone(functionId);
    else void vscode.window.showErrorMessage(vscode.l10n.t('Could not load function {0}: {1}', functionId, describeError(error)));
    return undefined;
  }
}
