// What a command's arguments mean, read in one place: commands are called from tree rows, lenses,
// editor and explorer menus, the page, agents, tests and other extensions, each passing what it has.
// Each reader turns that into a typed target (or undefined); the caller asks for what is missing.
import vscode = require('vscode');
import { FunctionRun, isVariables, NotteFunction } from '../api/types';
import { FunctionNode, RunNode } from './functions/nodes';

/** A run as a command receives it: ids, and what is known of the run when a row or an object was given. */
export interface RunRef {
  functionId: string;
  runId: string;
  run?: Pick<FunctionRun, 'status' | 'session_id' | 'created_at'> & Partial<Pick<FunctionRun, 'variables'>>;
  /** The function's name when the caller knew it (a tree row). */
  functionName?: string;
}

/** The function a command is about: a function row, a run row (its function), an id, or a function object. */
export function functionArg(arg: unknown): NotteFunction | undefined {
  if (arg instanceof FunctionNode) return arg.fn;
  if (arg instanceof RunNode) return { function_id: arg.functionId, name: arg.functionName, created_at: '', updated_at: '' };
  if (typeof arg === 'string' && arg) return { function_id: arg, created_at: '', updated_at: '' };
  if (arg && typeof arg === 'object' && typeof (arg as NotteFunction).function_id === 'string' && !('function_run_id' in arg)) return arg as NotteFunction;
  return undefined;
}

/** The run a command is about: a run row, (functionId, runId), or a run object. */
export function runArg(arg: unknown, runId?: unknown): RunRef | undefined {
  if (arg instanceof RunNode) return { functionId: arg.functionId, runId: arg.id, run: arg.run, functionName: arg.functionName };
  if (typeof arg === 'string' && arg && typeof runId === 'string' && runId) return { functionId: arg, runId };
  if (arg && typeof arg === 'object' && typeof (arg as FunctionRun).function_run_id === 'string' && typeof (arg as FunctionRun).function_id === 'string') {
    const run = arg as FunctionRun;
    return { functionId: run.function_id, runId: run.function_run_id, run };
  }
  return undefined;
}

/** Variables as callers pass them: a plain JSON object (not null, not an array). */
export function variablesArg(arg: unknown): Record<string, unknown> | undefined {
  return isVariables(arg) ? arg : undefined;
}

/** A file a command was given: a URI, or a path. */
export function uriArg(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.startsWith('/')) return vscode.Uri.file(arg);
  return undefined;
}

export const NO_PYTHON_FILE = 'Open a Python file with a run(...) function first.';

/**
 * The Python file a command is about: the one it was given (a lens, the explorer, a menu), else the
 * active editor's Python document. Without one it says what to open, and answers undefined.
 */
export function functionFileArg(arg: unknown): vscode.Uri | undefined {
  const given = uriArg(arg);
  if (given) return given;
  const document = vscode.window.activeTextEditor?.document;
  if (document?.languageId === 'python') return document.uri;
  void vscode.window.showWarningMessage(NO_PYTHON_FILE);
  return undefined;
}

/** The document of the Python file a command is about (opened for a URI, as the editor has it when open). */
export async function functionDocumentArg(arg: unknown): Promise<vscode.TextDocument | undefined> {
  const uri = functionFileArg(arg);
  if (!uri) return undefined;
  try {
    return await vscode.workspace.openTextDocument(uri);
  } catch (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not open {0}: {1}', uri.fsPath, (error as Error).message));
    return undefined;
  }
}
