// Where saved sets run as tests: the set runner (contracts/setRunner.ts) asks an API client to create
// and start each run; these clients answer it with the window's own ways of running, so a test's run
// is a run like any other (the Output channel, the status bar, the Problems entry of its traceback):
// on the profile's server through the one launcher, or on this machine's Python through its local
// launch, recorded on the server as the SDK's local runs are.
import type { RunOptions } from '../../api/runExecution';
import { functionLabel, NotteFunction } from '../../api/types';
import type { SetRunnerClient } from '../../contracts/setRunner';
import type { WindowContext } from '../windowContext';
import { localSource } from '../runs/localSource';
import { recordedLocalStatus } from '../../shared/finishedRun';

export type TestPlace = 'server' | 'local' | 'debug';

/** What the clients know besides the API: each run's test title ("prices / smoke"), told when it starts. */
export interface RunTitles {
  titleOf(runId: string): string | undefined;
}

/** The functions the runner read (it reads each before running its sets), by id. */
export class KnownFunctions {
  private readonly fns = new Map<string, NotteFunction>();

  remember(fn: NotteFunction): NotteFunction {
    this.fns.set(fn.function_id, fn);
    return fn;
  }

  get(functionId: string): NotteFunction | undefined {
    return this.fns.get(functionId);
  }

  label(functionId: string): string {
    const fn = this.fns.get(functionId);
    return fn ? functionLabel(fn) : functionId;
  }
}

/** Runs on the active profile's server, each through the launcher. */
export function serverRunClient(ctx: WindowContext, titles: RunTitles): SetRunnerClient {
  const client = ctx.connection.client();
  const known = new KnownFunctions();
  return {
    getFunction: async (functionId, o) => known.remember(await client.getFunction(functionId, o)),
    createRun: (functionId, body, o) => client.createRun(functionId, body, o),
    startCreatedRun: async (functionId, runId, variables, o: RunOptions = {}) => {
      const outcome = await ctx.launcher.launch({
        functionId,
        functionName: known.label(functionId),
        marker: titles.titleOf(runId),
        variables,
        runId,
        signal: o.signal,
        runTimeoutMs: o.runTimeoutMs,
        onLine: (line) => o.handlers?.onLog?.(line),
      });
      // A run this window stopped may end as "failed" on the server: the test says it was stopped.
      if (outcome.result) return outcome.stopped === undefined ? outcome.result : { ...outcome.result, status: 'stopped' };
      throw outcome.error ?? new Error('the run ended without an answer');
    },
  };
}

/** Runs on this machine's Python (Run Locally), each recorded on the server as a local run. */
export function localRunClient(ctx: WindowContext, titles: RunTitles): SetRunnerClient {
  const client = ctx.connection.client();
  const known = new KnownFunctions();
  const sources = new Map<string, ReturnType<typeof localSource>>();
  return {
    getFunction: async (functionId, o) => known.remember(await client.getFunction(functionId, o)),
    createRun: (functionId, _body, o) => client.createRun(functionId, { local: true }, o),
    startCreatedRun: async (functionId, runId, variables, o: RunOptions = {}) => {
      const fn = known.get(functionId) ?? known.remember(await client.getFunction(functionId, { signal: o.signal }));
      if (!sources.has(functionId)) sources.set(functionId, localSource(ctx, fn));
      const code = await sources.get(functionId)!;
      if ('reason' in code) {
        await ctx.launcher.recordOnServer({ functionId, runId, client }, { status: 'failed', result: code.reason, logs: [], variables });
        throw new Error(code.reason);
      }
      const { outcome } = await ctx.launcher.launchLocal({
        name: titles.titleOf(runId) ?? known.label(functionId),
        ...code,
        variables,
        origin: { functionId, runId },
        recordWith: client,
        signal: o.signal,
        timeoutMs: o.runTimeoutMs,
        onLine: (text) => o.handlers?.onLog?.({ raw: text, text }),
      });
      const result = outcome.ok ? outcome.result : outcome.error;
      const status = recordedLocalStatus(outcome.ok);
      return { function_id: functionId, function_run_id: runId, session_id: null, status: outcome.stopped ? 'stopped' : status, result };
    },
  };
}
