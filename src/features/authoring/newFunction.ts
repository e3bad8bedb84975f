import fs = require('fs');
import path = require('path');
import vscode = require('vscode');
import type { WindowContext } from '../../core/windowContext';
import { describeError } from '../../core/ui/errorText';
import { functionNameProblem, functionTemplate, TEMPLATE_VARIABLES } from '../../shared/functionTemplate';
import { withSet } from '../../shared/savedSets';
import { newFunctionsFolder } from '../../core/notteFolder';

export interface NewFunctionOptions {
  /** Save the offered set of run()'s variables without asking (the tests, a caller that decided). */
  saveSet?: boolean;
}

/**
 * `notte.newFunction(name?, {saveSet}?)`: writes `<name>.py` from the template into the functions
 * folder, never over an existing file, opens it (its lenses appear over run) and offers a saved set
 * of its variables. Answers the new file's URI.
 */
export async function newFunction(ctx: WindowContext, name?: unknown, options?: NewFunctionOptions): Promise<vscode.Uri | undefined> {
  const folder = newFunctionsFolder(ctx.config);
  if (!folder) {
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Open a folder first: a new function is a Python file in it.'), vscode.l10n.t('Open Folder…'));
    if (choice) await vscode.commands.executeCommand('workbench.action.files.openFolder');
    return undefined;
  }
  const exists = (candidate: string) => fs.existsSync(path.join(folder, `${candidate}.py`));
  const problem = (candidate: string) =>
    functionNameProblem(candidate) ?? (exists(candidate) ? vscode.l10n.t('{0}.py exists already in {1}: choose another name.', candidate, folder) : undefined);
  const chosen =
    typeof name === 'string'
      ? name
      : await vscode.window.showInputBox({
          title: vscode.l10n.t('New Notte Function'),
          prompt: vscode.l10n.t('Name of the function (its file is <name>.py in {0})', vscode.workspace.asRelativePath(folder, true) || folder),
          // An example name that is free here (one that exists would be refused if typed).
          placeHolder: ['search_products', 'scrape_prices', 'fill_contact_form'].find((example) => !exists(example)) ?? 'my_function',
          ignoreFocusOut: true,
          validateInput: (text) => problem(text.trim()),
        });
  if (chosen === undefined) return undefined;
  const trimmed = chosen.trim();
  const refused = problem(trimmed);
  if (refused) {
    void vscode.window.showErrorMessage(refused);
    return undefined;
  }
  const file = path.join(folder, `${trimmed}.py`);
  try {
    fs.mkdirSync(folder, { recursive: true });
    // 'wx': fails when the file exists (made between the check and now): nothing is ever written over.
    fs.writeFileSync(file, functionTemplate(trimmed), { flag: 'wx' });
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not create {0}: {1}', file, describeError(error)));
    return undefined;
  }
  const uri = vscode.Uri.file(file);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  if (options?.saveSet) await saveTemplateSet(ctx, trimmed);
  else void offerSavedSet(ctx, trimmed);
  return uri;
}

async function offerSavedSet(ctx: WindowContext, name: string): Promise<void> {
  const save = vscode.l10n.t('Save Variable Set');
  const choice = await vscode.window.showInformationMessage(
    vscode.l10n.t('{0}.py is ready. Keep its variables as a saved set, offered when you run it and in Run Batch?', name),
    save,
  );
  if (choice === save) await saveTemplateSet(ctx, name);
}

/** The set "example" with run()'s defaults, in `.notte/variables/<name>.json` (other sets kept; a broken file left alone). */
async function saveTemplateSet(ctx: WindowContext, name: string): Promise<void> {
  try {
    // A set of that name kept from before is the user's: left as it is.
    const current = await ctx.savedSets.read(name, `file:${name}`);
    if (current.ok && current.sets.some((set) => set.name === 'example')) return;
    await ctx.savedSets.update(name, `file:${name}`, (sets) => withSet(sets, 'example', { ...TEMPLATE_VARIABLES }));
    const uri = ctx.savedSets.uriFor(name, name);
    if (uri) void vscode.window.setStatusBarMessage(vscode.l10n.t('$(bookmark) Saved the set "example" in {0}', ctx.savedSets.displayPath(uri)), 8000);
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The variable set was not saved: {0}', describeError(error)));
  }
}
