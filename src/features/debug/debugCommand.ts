import path = require('path');
import vscode = require('vscode');
import { pythonFileArgument } from '../authoring/authoringCommands';
import { Ctx } from '../../core/window';
import { DEBUG_TYPE } from '../../shared/contributions';
import { notteDebuggerOf } from './notteDebugger';

export interface DebugCommandResult {
  started: boolean;
  /** Why it did not start, when it did not (no debugpy, no run(...), cancelled prompts: undefined). */
  problem?: string;
}

/** `notte.debugFunctionLocally(uri?, variables?)`: a `notte` debug session on the file, no launch.json needed. */
export async function debugFunctionLocally(ctx: Ctx, uri?: unknown, variables?: unknown): Promise<DebugCommandResult> {
  const debuggerOf = notteDebuggerOf(ctx);
  const file = pythonFileArgument(uri);
  if (!file) return { started: false, problem: 'no Python file' };
  const configuration: vscode.DebugConfiguration = { type: DEBUG_TYPE, request: 'launch', name: `Debug ${path.basename(file.fsPath)}`, program: file.fsPath };
  if (variables && typeof variables === 'object' && !Array.isArray(variables)) configuration.variables = variables;
  debuggerOf.lastProblem = undefined;
  const started = await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(file), configuration);
  return { started, problem: started ? undefined : debuggerOf.lastProblem };
}
