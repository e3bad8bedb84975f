// A run of a function's code on this machine's Python (Run Locally, Run File Locally), through the
// launcher: the same harness as the local server's runs (src/python), its lines in the Output channel
// like any run's, and how it ended told to the window.
import vscode = require('vscode');
import type { NotteClient } from '../../api/client';
import { FunctionCode, withFunctionFile } from '../../python/functionFile';
import { PythonRunOutcome, runPythonFunction } from '../../python/pythonRun';
import { formatResult } from '../../shared/resultText';
import { recordedLocalStatus } from '../../shared/finishedRun';
import { findMissingModule, missingModuleMessage } from '../../shared/traceback';
import { clockTime } from '../../shared/time';
import { ChosenInterpreter, chooseInterpreter, describeInterpreter } from '../interpreter';
import type { Config } from '../config';
import type { RunLog, RunOutput } from '../runOutput';
import { showMissingModule } from '../ui/missingModule';
import type { RunRecord } from './runRecord';

export interface LocalRunRequest {
  /** Names the run in the Output channel ("name 18:31:10 local"). */
  name: string;
  source: FunctionCode;
  /** The editor's document of the code, if any: the interpreter is the one chosen for its folder. */
  resource?: vscode.Uri;
  variables: Record<string, unknown>;
  /** The folder Python runs in (default: the file's). */
  workingDir?: string;
  /** The run on the server this one is recorded as (Run Locally), or the file it is (Run File Locally). */
  origin: { functionId?: string; runId?: string; file?: string };
  /** The client of the server `origin`'s run was created on, where its end is recorded. */
  recordWith?: NotteClient;
  signal?: AbortSignal;
  /** The run is stopped after this long (default: the notte.runTimeoutSeconds setting). */
  timeoutMs?: number;
  /** Each line of the function's output, as it comes. */
  onLine?(text: string): void;
}

export interface LocalRunOutcome {
  outcome: PythonRunOutcome;
  interpreter: ChosenInterpreter;
  /** The message of an import that failed (with the install command), already shown once. */
  missingModule?: string;
}

/** What a local run uses: the settings, the Output channel, and the launcher's records and environment. */
export interface LocalRunServices {
  readonly config: Config;
  readonly output: RunOutput;
  /** The user's key, kept out of the Output too when the run has a key of its own. */
  apiKey(): Promise<string | undefined>;
  /** Reports a local run's end on its run on the server (PATCH); a failure to record is told, not thrown. */
  recordOnServer(run: ServerRunRef, end: LocalRunEnd): Promise<void>;
}

/** A run on a server that a run on this machine is recorded as, with the client of that server. */
export interface ServerRunRef {
  functionId: string;
  runId: string;
  client: Pick<NotteClient, 'updateRun'>;
}

/** What a run on this machine gave, as the server records it. */
export interface LocalRunEnd {
  status: 'closed' | 'failed';
  result: string | null;
  logs: string[];
  variables: Record<string, unknown>;
}

export interface RunRecords {
  record(functionName: string, marker: string): RunRecord;
  environment(run?: { functionId: string; runId: string }): Promise<Record<string, string>>;
}

export async function runOnThisMachine(ctx: LocalRunServices, launcher: RunRecords, request: LocalRunRequest): Promise<LocalRunOutcome> {
  const interpreter = await chooseInterpreter(ctx.config, request.resource);
  const { functionId, runId } = request.origin;
  const env = await launcher.environment(functionId && runId ? { functionId, runId } : undefined);
  ctx.output.setSecrets([env.NOTTE_API_KEY, await ctx.apiKey()]);
  ctx.output.show();
  const record = launcher.record(request.name, `${request.name} ${clockTime(new Date())} local`);
  // Which code: a workspace file (its edits included) or what was deployed, which may differ from it.
  const code = request.resource ? vscode.workspace.asRelativePath(request.resource) : 'the deployed code';
  record.open(`started on this machine with ${describeInterpreter(interpreter)}, running ${code}`, request.variables);
  if (request.origin.runId) record.log.info(`Recorded as run ${request.origin.runId}`);
  try {
    return await withFunctionFile(request.source, async (file) => {
      const outcome = await runPythonFunction({
        python: interpreter.path,
        file,
        cwd: request.workingDir,
        variables: request.variables,
        env,
        signal: request.signal,
        timeoutMs: request.timeoutMs ?? ctx.config.runTimeoutSeconds * 1000,
        onLine: (line) => {
          record.line({ raw: line.raw, text: line.text, level: line.level, time: line.time });
          request.onLine?.(line.raw);
        },
      });
      writeOutcome(record.log, outcome);
      // Recorded before the window is told it ended, so whoever lists the function's runs then (its page) reads it whole.
      if (functionId && runId && request.recordWith) {
        const result = (outcome.ok ? outcome.result : outcome.error) ?? null;
        await ctx.recordOnServer(
          { functionId, runId, client: request.recordWith },
          { status: recordedLocalStatus(outcome.ok), result, logs: outcome.logs, variables: request.variables },
        );
      }
      const status = outcome.ok ? 'closed' : outcome.stopped ? 'stopped' : 'failed';
      record.finish({ place: 'local', status, ...request.origin, aliases: [file], code: request.source.code }, outcome.error ?? '');
      const missing = outcome.ok ? undefined : findMissingModule(record.text(outcome.error));
      if (!missing) return { outcome, interpreter };
      const message = missingModuleMessage(interpreter.path, missing);
      record.log.error(message);
      void showMissingModule(interpreter.path, missing);
      return { outcome, interpreter, missingModule: message };
    });
  } finally {
    await record.log.close();
  }
}

/** The run's end line (■) and its result or error, indented under it. */
function writeOutcome(log: RunLog, outcome: PythonRunOutcome): void {
  if (outcome.ok) {
    log.end('closed');
    log.block('Result:', formatResult(outcome.result));
  } else if (outcome.stopped) log.end(`stopped: ${outcome.error}`, 'warning');
  else {
    log.end('failed', 'error');
    log.block('Error:', outcome.error ?? 'The run failed.', 'error');
  }
}
