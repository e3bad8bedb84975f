import type { WindowContext } from '../../core/windowContext';
import type { ApiKey } from '../../core/apiKey';
import { RunCommandResult, runWithProgress } from '../../core/runs/runCommand';
import { chooseFunctionAndVariables } from '../../core/ui/functionInputs';

export type { RunCommandResult };

/** `notte.runFunction(functionIdOrNode?, variables?)`: asks what it was not given. */
export async function runFunction(ctx: WindowContext, _key: ApiKey, target?: unknown, variables?: unknown): Promise<RunCommandResult | undefined> {
  const chosen = await chooseFunctionAndVariables(ctx, target, variables, 'Run Notte Function');
  return chosen && runWithProgress(ctx, chosen.fn, chosen.variables);
}

/** Same as Run Function, but asks for all variables as one JSON object. */
export async function runFunctionWithJson(ctx: WindowContext, _key: ApiKey, target?: unknown): Promise<RunCommandResult | undefined> {
  const chosen = await chooseFunctionAndVariables(ctx, target, undefined, 'Run Notte Function with JSON', { asJson: true });
  return chosen && runWithProgress(ctx, chosen.fn, chosen.variables);
}
