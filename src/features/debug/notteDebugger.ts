import fs = require('fs');
import os = require('os');
import path = require('path');
import vscode = require('vscode');
import { variablesArg } from '../../core/commandArgs';
import { fileAsFunction } from '../../core/fileAsFunction';
import { workspaceCodeMayRun } from '../../core/trust';
import { ChosenInterpreter, chooseInterpreter, describeInterpreter } from '../../core/interpreter';
import type { RunRecord } from '../../core/runs/launcher';
import { askVariables } from '../../core/ui/functionInputs';
import { showMissingModule } from '../../core/ui/missingModule';
import { WindowContext, windowPart } from '../../core/windowContext';
import { DEBUG_HARNESS_SOURCE } from '../../python/debugHarness';
import { checkDebugpy } from '../../python/debugpyCheck';
import { inspectFunctionFile } from '../../python/pythonRun';
import { ContextKeys, DEBUG_TYPE } from '../../shared/contributions';
import { maskSecretVariables } from '../../api/redact';
import { formatResult } from '../../shared/resultText';
import { hasRunDefinition } from '../../shared/runDefinitions';
import { findMissingModule, missingModuleMessage } from '../../shared/traceback';
import { offerDebugpy } from './debugpyOffer';
import { localServerRunOf } from './localServerRun';
import type { ServerRunRef } from '../../core/runs/localLaunch';
import { recordedLocalStatus } from '../../shared/finishedRun';

/** The window's `notte` debugger, made on first use by the debug stand-in or the Debug command. */
export const notteDebuggerPart = windowPart('notte debugger', (ctx) => new NotteDebugger(ctx));

/** What a `notte` launch configuration may say (see package.json's debuggers contribution). */
export interface NotteLaunchConfiguration extends vscode.DebugConfiguration {
  program?: string;
  variables?: Record<string, unknown>;
  python?: string | string[];
  cwd?: string;
  env?: Record<string, string>;
  justMyCode?: boolean;
  /** A run made for this session (a test's Debug in the Testing view): the session is recorded as it, not as a new one. */
  notteRun?: { functionId: string; runId: string };
}

/** What the extension keeps about a session it prepared, to read its outcome when it ends. */
interface PreparedSession {
  file: string;
  python: string;
  code: string;
  resultFile: string;
  dir: string;
  record: RunRecord;
  variables: Record<string, unknown>;
  /** The local server's run this session is recorded as, when there is one. */
  serverRun?: ServerRunRef;
}

/**
 * The `notte` debug type: debugpy's own adapter (`<python> -m debugpy.adapter`) runs a small harness
 * that calls the file's run(**variables) as a local run does. No other extension is needed. Each
 * session is a run of the launcher (its start and end in the Output channel, its failure in Problems);
 * the key the SDK needs reaches the debuggee through a private file, never the debug configuration,
 * which every extension can read.
 */
export class NotteDebugger implements vscode.DebugConfigurationProvider, vscode.DebugAdapterDescriptorFactory, vscode.Disposable {
  private readonly prepared = new Map<string, PreparedSession>();
  private harnessDir: string | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The last reason a session could not start, for the command's caller and the tests. */
  lastProblem: string | undefined;

  constructor(private readonly ctx: WindowContext) {
    this.subscriptions.push(
      vscode.debug.onDidTerminateDebugSession((session) => void this.sessionEnded(session)),
      this.watchFirstStop(),
    );
  }

  /**
   * The walkthrough's Debug step is done once a session stopped at a breakpoint or a step (it was done
   * by any session's start: one that died at its import counted). Not an exception's stop.
   */
  private watchFirstStop(): vscode.Disposable {
    const tracker = vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, {
      createDebugAdapterTracker: () => ({
        onDidSendMessage: (message: { type?: string; event?: string; body?: { reason?: string } }) => {
          if (message.type !== 'event' || message.event !== 'stopped' || message.body?.reason === 'exception') return;
          void vscode.commands.executeCommand('setContext', ContextKeys.debugStopped, true);
          tracker.dispose();
        },
      }),
    });
    return tracker;
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
    if (!workspaceCodeMayRun('Debug')) {
      this.lastProblem = 'Restricted Mode: the workspace is not trusted, so its code does not run.';
      return undefined;
    }
    const file = path.resolve(folder?.uri.fsPath ?? process.cwd(), String(launch.program ?? ''));
    const code = textOf(file);
    if (code === undefined) return this.refuse(`Cannot debug ${launch.program}: the file cannot be read.`);
    if (!hasRunDefinition(code)) return this.refuse(`${path.basename(file)} has no top-level run(...) function to debug.`);

    const interpreter: ChosenInterpreter = launch.python
      ? { path: Array.isArray(launch.python) ? launch.python[0] : launch.python, source: 'notte.python.interpreter' }
      : await chooseInterpreter(this.ctx.config, vscode.Uri.file(file));
    if (!(await this.hasDebugpy(interpreter.path, file))) return undefined;

    const variables = variablesArg(launch.variables) ?? (await this.askVariables(interpreter.path, file, code));
    if (!variables) return undefined;
    return this.prepare(launch, file, code, interpreter, variables);
  }

  /** Writes the session's private file and answers the configuration debugpy's adapter runs. */
  private async prepare(
    launch: NotteLaunchConfiguration,
    file: string,
    code: string,
    interpreter: ChosenInterpreter,
    variables: Record<string, unknown>,
  ): Promise<vscode.DebugConfiguration> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-debug-'));
    const resultFile = path.join(dir, 'result.json');
    const sessionFile = path.join(dir, 'session.json');
    const shownVariables = Object.entries(maskSecretVariables(variables))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
      .join(', ');
    const name = path.basename(file);
    const banner = `Notte: debugging ${name} run(${shownVariables}) with ${describeInterpreter(interpreter)}`;
    // NOTTE_API_URL and NOTTE_API_KEY for the SDK inside the function: the harness sets them in the
    // debuggee from this file (deleted once read), so the key is in no configuration.
    const given = launch.notteRun;
    const serverRun =
      typeof given?.functionId === 'string' && typeof given.runId === 'string'
        ? { functionId: given.functionId, runId: given.runId, client: this.ctx.connection.client() }
        : await localServerRunOf(this.ctx, file, code);
    const env = await this.ctx.launcher.environment(serverRun);
    fs.writeFileSync(sessionFile, JSON.stringify({ variables, resultFile, banner, env }), { mode: 0o600 });
    const record = this.ctx.launcher.record(name, `${name} debug`);
    record.open(`started under the debugger with ${describeInterpreter(interpreter)}`, variables);
    if (serverRun) record.log.info(`Recorded as run ${serverRun.runId}`);
    const harness = this.harnessFile();
    const id = path.basename(dir);
    this.prepared.set(id, { file, python: interpreter.path, code, resultFile, dir, record, variables, serverRun });
    return {
      ...launch,
      program: harness,
      args: [file, sessionFile],
      python: [interpreter.path],
      cwd: launch.cwd ?? path.dirname(file),
      console: 'internalConsole',
      justMyCode: launch.justMyCode ?? true,
      env: { ...(launch.env ?? {}), PYTHONUNBUFFERED: '1' },
      // The harness's frames are ours, not the author's: keep them out of stepping.
      rules: [{ path: harness, include: false }],
      notteSession: id,
    };
  }

  /** Whether the interpreter can import debugpy; when not, says so and offers to install it or to choose another (and starts nothing). */
  private async hasDebugpy(python: string, file: string): Promise<boolean> {
    const debugpy = await checkDebugpy(python);
    if (debugpy.ok) return true;
    this.lastProblem = offerDebugpy(this.ctx, python, debugpy.reason, vscode.Uri.file(file));
    return false;
  }

  createDebugAdapterDescriptor(session: vscode.DebugSession): vscode.DebugAdapterDescriptor {
    const python = (session.configuration as NotteLaunchConfiguration).python;
    const executable = (Array.isArray(python) ? python[0] : python) || 'python3';
    return new vscode.DebugAdapterExecutable(executable, ['-m', 'debugpy.adapter']);
  }

  /** The same prompts, saved sets and remembered values as Run File Locally. */
  private async askVariables(python: string, file: string, code: string): Promise<Record<string, unknown> | undefined> {
    const inspected = await inspectFunctionFile(python, code);
    if (!inspected.ok) return this.refuse(`${path.basename(file)}: ${inspected.error}`);
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
    const { record } = prepared;
    // Recorded before the window is told it ended, so whoever lists the function's runs then (its page) reads it whole.
    if (prepared.serverRun) {
      // As Run Locally records it: closed when run(...) returned; failed, the error as the result, when it raised or was stopped.
      const status = recordedLocalStatus(outcome?.ok === true);
      const result = !outcome ? 'Stopped under the debugger.' : outcome.ok ? (outcome.result ?? null) : (outcome.error ?? null);
      await this.ctx.launcher.recordOnServer(prepared.serverRun, { status, result, logs: record.lines(), variables: prepared.variables });
    }
    const origin = { place: 'debug' as const, file: prepared.file, code: prepared.code, functionId: prepared.serverRun?.functionId, runId: prepared.serverRun?.runId };
    if (!outcome || typeof outcome.ok !== 'boolean') {
      record.log.end(`stopped, after ${record.took()}`, 'warning');
      record.finish({ ...origin, status: 'stopped' });
    } else if (outcome.ok) {
      record.log.end(`closed after ${record.took()}`);
      record.log.block('Result:', formatResult(outcome.result));
      record.finish({ ...origin, status: 'closed', result: outcome.result });
    } else {
      record.log.end(`failed after ${record.took()}`, 'error');
      record.log.block('Error:', outcome.error ?? 'The function failed.', 'error');
      record.finish({ ...origin, status: 'failed' }, `${outcome.traceback ?? ''}\n${outcome.error ?? ''}`);
      const missing = findMissingModule(record.text(`${outcome.traceback ?? ''}\n${outcome.error ?? ''}`));
      if (missing) {
        record.log.error(missingModuleMessage(prepared.python, missing));
        void showMissingModule(prepared.python, missing);
      }
    }
    await record.log.close();
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    for (const session of this.prepared.values()) {
      fs.rmSync(session.dir, { recursive: true, force: true });
      void session.record.log.close();
    }
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
