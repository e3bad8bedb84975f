// The code a local run of a function runs (Run Locally, from the tree or its page, and the Testing view's
// Run Locally): its linked file in this workspace, the editor's text included, so an author runs what they
// edit, as Debug does; else the function's deployed code, downloaded.
import fs = require('fs');
import path = require('path');
import vscode = require('vscode');
import { functionLabel, NotteFunction } from '../../api/types';
import type { FunctionCode } from '../../python/functionFile';
import type { WindowContext } from '../windowContext';
import { fetchFunctionCode } from './functionCode';

/** The code a local run of the function runs: its linked file in this workspace, else its deployed code. */
export async function localSource(ctx: WindowContext, fn: NotteFunction): Promise<{ source: FunctionCode; resource?: vscode.Uri; workingDir?: string } | { reason: string }> {
  const file = ctx.linked.links.filesOf(fn.function_id)[0];
  if (file) {
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === file.toString());
    const code = open?.getText() ?? (await fs.promises.readFile(file.fsPath, 'utf8').catch(() => undefined));
    if (code === undefined) return { reason: `${vscode.workspace.asRelativePath(file)}, linked to ${functionLabel(fn)}, cannot be read` };
    // A saved file runs as itself, so its tracebacks name it; unsaved text runs from a copy named like it.
    const onDisk = open?.isDirty ? undefined : file.fsPath;
    return { source: { code, fileName: path.basename(file.fsPath), path: onDisk }, resource: file, workingDir: path.dirname(file.fsPath) };
  }
  const code = await fetchFunctionCode(ctx, fn, true);
  return code.ok ? { source: { code: code.code, fileName: 'notte_function.py' } } : { reason: code.reason };
}
