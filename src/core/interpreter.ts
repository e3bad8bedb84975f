import vscode = require('vscode');
import type { Config } from './config';
import { within } from '../api/wait';

export interface ChosenInterpreter {
  /** What to spawn: a path or a command on PATH. */
  path: string;
  /** Where it came from, shown where a run or debug session starts. */
  source: 'notte.python.interpreter' | 'the Python extension' | 'the default';
  /** This workspace's notte.python.interpreter, not used until the person accepts it. */
  ignored?: string;
}

const PYTHON_EXTENSION = 'ms-python.python';
const PYTHON_API_TIMEOUT_MS = 5000;

/**
 * The interpreter for local runs and debugging: `notte.python.interpreter` when set (from the workspace's
 * settings only once accepted: core/config.ts); else the one the
 * Python extension selected for the file's folder (its public API, asked only now and only when it
 * is installed); else `python3`.
 */
export async function chooseInterpreter(config: Config, resource?: vscode.Uri): Promise<ChosenInterpreter> {
  const explicit = config.pythonInterpreter(resource);
  const ignored = config.ignoredWorkspaceInterpreter(resource);
  if (explicit) return { path: explicit, source: 'notte.python.interpreter', ignored };
  const fromExtension = await pythonExtensionInterpreter(resource);
  if (fromExtension) return { path: fromExtension, source: 'the Python extension', ignored };
  return { path: 'python3', source: 'the default', ignored };
}

export function describeInterpreter(chosen: ChosenInterpreter): string {
  const ignored = chosen.ignored ? `; this workspace's notte.python.interpreter, ${chosen.ignored}, is not used until you accept it in the notification` : '';
  return `${chosen.path} (from ${chosen.source}${ignored})`;
}

interface PythonEnvironmentsApi {
  getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
  resolveEnvironment(environment: { path: string } | string): Promise<{ executable?: { uri?: vscode.Uri } } | undefined>;
}

async function pythonExtensionInterpreter(resource?: vscode.Uri): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<{ environments?: PythonEnvironmentsApi }>(PYTHON_EXTENSION);
  if (!extension) return undefined;
  try {
    return await within(
      (async () => {
        const api = extension.isActive ? extension.exports : await extension.activate();
        const environments = api?.environments;
        const active = environments?.getActiveEnvironmentPath(resource);
        if (!environments || !active?.path) return undefined;
        const resolved = await environments.resolveEnvironment(active);
        return resolved?.executable?.uri?.fsPath ?? active.path;
      })(),
      PYTHON_API_TIMEOUT_MS,
    );
  } catch {
    // The Python extension is optional: anything it cannot answer falls back to python3.
    return undefined;
  }
}
