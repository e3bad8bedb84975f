import fs = require('fs');
import os = require('os');
import path = require('path');
import vscode = require('vscode');
import { findMissingModule, pipInstallCommand } from '../../shared/traceback';
import { missingModuleMessage, showMissingModule } from '../../core/ui/missingModule';
import { findRunDefinitions } from '../../shared/runDefinitions';
import { Ctx } from '../../core/window';
import { DEBUG_TYPE } from '../../shared/contributions';
import { maskSecretVariables } from '../../shared/redact';
import { DEBUG_HARNESS_SOURCE } from '../../python/debugHarness';
import { checkDebugpy } from '../../python/debugpyCheck';
import { ChosenInterpreter, chooseInterpreter, describeInterpreter } from '../../core/interpreter';

export { DEBUG_TYPE };

const debuggers = new WeakMap<Ctx, NotteDebugger>();

/** The window's debugger (one per Ctx), made on first use by the debug stand-in or the Debug command. */
export function notteDebuggerOf(ctx: Ctx): NotteDebugger {
  let found = debuggers.get(ctx);
  if (!found) {
    found = ctx.track(new NotteDebugger(ctx));
    debuggers.set(ctx, found);
  }
  return found;
}

/** What a `notte` launch configuration may say (see package.json's debuggers contribution). */
export interface NotteLaunchConfiguration extends vscode.DebugConfiguration {
  program?: string;
  variables?: Record<string, unknown>;
  python?: string | string[];
  cwd?: string;
  env?: Record<string, string>;
  justMyCode?: boolean;
}

/** What the extension keeps about a session it prepared, to read its outcome when it ends. */
interface PreparedSession {
  file: string;
  python: string;
  code: string;
  resultFile: string;
  dir: string;
}

/**
 * The `notte` debug type: debugpy's own adapter (`<python> -m debugpy.adapter`) runs a small harness
 * that calls the file's run(**variables) as a local run does. No other extension is needed.
 */
export class NotteDebugger implements vscode.DebugConfigurationProvider, vscode.DebugAdapterDescriptorFactory, vscode.Disposable {
  private readonly prepared = new Map<string, PreparedSession>();
  private harnessDir: string | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The last reason a session could not start, for the command's caller and the tests. */
  lastProblem: string | undefined;

  constructor(private readonly ctx: Ctx) {
    this.subscriptions.push(vscode.debug.onDidTerminateDebugSession((session) => void this.sessionEnded(session)));
  }

  provideDebugConfigurations(): vscode.DebugConfiguration[] {
    return [{ type: DEBUG_TYPE, request: 'launch', name: 'Notte: Debug Function', program: '${file}', variables: {} }];
  }

  /** F5 without a launch.json on a function file gets a configuration of its own. */
  resolveDebugConfiguration(_folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): vscode.DebugConfiguration | undefined {
    if (!config.type && !config.request && !config.name) {
      const document = vscode.window.activeTextEditor?.document;
      if (document?.languageId !== 'python') return config;
      return { type: DEBUG_TYPE, request: 'launch', name: `Debug ${path.basename(document.fileName)}`, program: '${file}' };
    }
    if (config.type === DEBUG_TYPE && !config.program) config.program = '${file}';
    return config;
  }

  async resolveDebugConfigurationWithSubstitutedVariables(
    folder: vscode.WorkspaceFolder | undefined,
    config: vscode.DebugConfiguration,
  ): Promise<vscode.DebugConfiguration | undefined> {
    if (config.type !== DEBUG_TYPE || config.notteSession) return config;
    const launch = config as NotteLaunchConfiguration;
    this.lastProblem = undefined;
    const file = path.resolve(folder?.uri.fsPath ?? process.cwd(), String(launch.program ?? ''));
    const code = textOf(file);
    if (code === undefined) return this.refuse(`Cannot debug ${launch.program}: the file cannot be read.`);
    if (findRunDefinitions(code).length === 0) return this.refuse(`${path.basename(file)} has no top-level run(...) function to debug.`);

    const interpreter: ChosenInterpreter = launch.python
      ? { path: Array.isArray(launch.python) ? launch.python[0] : launch.python, source: 'notte.python.interpreter' }
      : await chooseInterpreter(vscode.Uri.file(file));
    if (!(await this.hasDebugpy(interpreter.path))) return undefined;

    const variables = isRecord(launch.variables) ? launch.variables : await this.askVariables(interpreter.path, file, code);
    if (!variables) return undefined;

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-debug-'));
    const resultFile = path.join(dir, 'result.json');
    const sessionFile = path.join(dir, 'session.json');
    const shownVariables = Object.entries(maskSecretVariables(variables))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(', ');
    const banner = `Notte: debugging ${path.basename(file)} run(${shownVariables}) with ${describeInterpreter(interpreter)}`;
    fs.writeFileSync(sessionFile, JSON.stringify({ variables, resultFile, banner }), { mode: 0o600 });
    const harness = this.harnessFile();
    const id = path.basename(dir);
    this.prepared.set(id, { file, python: interpreter.path, code, resultFile, dir });
    this.ctx.output.line(`━━ ${banner} ━━`);

    const apiKey = await this.ctx.connection.apiKey();
    const env: Record<string, string> = { ...(launch.env ?? {}), NOTTE_API_URL: this.ctx.connection.baseUrl, PYTHONUNBUFFERED: '1' };
    if (apiKey) env.NOTTE_API_KEY = apiKey;
    return {
      ...launch,
      program: harness,
      args: [file, sessionFile],
      python: [interpreter.path],
      cwd: launch.cwd ?? path.dirname(file),
      console: 'internalConsole',
      justMyCode: launch.justMyCode ?? true,
      env,
      // The harness's frames are ours, not the author's: keep them out of stepping.
      rules: [{ path: harness, include: false }],
      notteSession: id,
    };
  }

  /** Whether the interpreter can import debugpy; when not, says what to install (and starts nothing). */
  private async hasDebugpy(python: string): Promise<boolean> {
    const debugpy = await checkDebugpy(python);
    if (debugpy.ok) return true;
    const command = pipInstallCommand(python, 'debugpy');
    const message =
      `Debugging needs debugpy, which ${python} cannot import (${debugpy.reason}). Install it with: ${command}` +
      (process.platform === 'linux' ? ' (on Debian or Ubuntu, the python3-debugpy package gives it to /usr/bin/python3)' : '');
    this.lastProblem = message;
    this.ctx.output.error(message);
    void vscode.window.showErrorMessage(message, 'Copy Command', 'Choose Interpreter').then(async (choice) => {
      if (choice === 'Copy Command') await vscode.env.clipboard.writeText(command);
      if (choice === 'Choose Interpreter') await vscode.commands.executeCommand('workbench.action.openSettings', 'notte.python.interpreter');
    });
    return false;
  }

  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.DebugAdapterDescriptor {
    const python = (session.configuration as NotteLaunchConfiguration).python;
    const executable = (Array.isArray(python) ? python[0] : python) || 'python3';
    return new vscode.DebugAdapterExecutable(executable, ['-m', 'debugpy.adapter']);
  }

  private async askVariables(python: string, file: string, code: string): Promise<Record<string, unknown> | undefined> {
    const { inspectFunctionFile } = await import('../../python/pythonRun');
    const inspected = await inspectFunctionFile(python, code);
    if (!inspected.ok) return this.refuse(`${path.basename(file)}: ${inspected.error}`);
    const { askVariables } = await import('../../core/ui/functionInputs');
    // The same prompts, saved sets and remembered values as Run File Locally.
    const { fileAsFunction } = await import('../../core/fileAsFunction');
    return askVariables(this.ctx, fileAsFunction(this.ctx, file, inspected.variables), undefined, { title: `Debug ${path.basename(file)}` });
  }

  private refuse(message: string): undefined {
    this.lastProblem = message;
    this.ctx.output.error(message);
    void vscode.window.showErrorMessage(message);
    return undefined;
  }

  /** One copy of the harness per window, in a folder of its own, removed when the extension stops. */
  private harnessFile(): string {
    if (!this.harnessDir || !fs.existsSync(this.harnessDir)) this.harnessDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-debug-harness-'));
    const file = path.join(this.harnessDir, 'notte_debug_harness.py');
    if (!fs.existsSync(file)) fs.writeFileSync(file, DEBUG_HARNESS_SOURCE);
    return file;
  }

  private async sessionEnded(session: vscode.DebugSession): Promise<void> {
    const id = session.configuration.notteSession;
    if (session.type !== DEBUG_TYPE || typeof id !== 'string') return;
    const prepared = this.prepared.get(id);
    if (!prepared) return;
    this.prepared.delete(id);
    let outcome: { ok?: boolean; result?: string | null; error?: string; traceback?: string } | undefined;
    try {
      outcome = JSON.parse(fs.readFileSync(prepared.resultFile, 'utf8'));
    } catch {
      outcome = undefined; // Stopped before run(...) returned: no outcome to show.
    }
    fs.rmSync(prepared.dir, { recursive: true, force: true });
    if (!outcome || typeof outcome.ok !== 'boolean') return;
    const text = `${outcome.traceback ?? ''}\n${outcome.error ?? ''}`;
    this.ctx.author.runFinished({ file: prepared.file, ok: outcome.ok, text, code: prepared.code });
    const missing = outcome.ok ? undefined : findMissingModule(text);
    if (missing) {
      this.ctx.output.error(missingModuleMessage(prepared.python, missing));
      await showMissingModule(prepared.python, missing);
    }
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    for (const session of this.prepared.values()) fs.rmSync(session.dir, { recursive: true, force: true });
    if (this.harnessDir) fs.rmSync(this.harnessDir, { recursive: true, force: true });
  }
}

function textOf(file: string): string | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === file);
  if (open) return open.getText();
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
