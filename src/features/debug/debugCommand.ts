import path = require('path');
import vscode = require('vscode');
import { functionFileArg, variablesArg } from '../../core/commandArgs';
import type { WindowContext } from '../../core/windowContext';
import { DEBUG_TYPE } from '../../shared/contributions';
import { notteDebuggerPart } from './notteDebugger';
import { pressActivePage } from '../../core/ui/activePage';

export interface DebugCommandResult {
  started: boolean;
  /** Why it did not start, when it did not (no debugpy, no run(...), cancelled prompts: undefined). */
  problem?: string;
}

/** `notte.debugFunctionLocally(uri?, variables?)`: a `notte` debug session on the file, no launch.json needed. */
export async function debugFunctionLocally(ctx: WindowContext, uri?: unknown, variables?: unknown): Promise<DebugCommandResult> {
  // With no file, on a function page: the page's Debug (its linked file, the form's values).
  if (pressActivePage(ctx, 'debug', uri)) return { started: false, problem: undefined };
  const notteDebugger = ctx.get(notteDebuggerPart);
  const file = functionFileArg(uri);
  if (!file) return { started: false, problem: 'no Python file' };
  const configuration: vscode.DebugConfiguration = { type: DEBUG_TYPE, request: 'launch', name: `Debug ${path.basename(file.fsPath)}`, program: file.fsPath };
  const given = variablesArg(variables);
  if (given) configuration.variables = given;
  notteDebugger.lastProblem = undefined;
  const started = await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(file), configuration);
  return { started, problem: started ? undefined : notteDebugger.lastProblem };
}
