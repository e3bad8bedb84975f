import { functionLabel, isVariables, NotteFunction } from '../../api/types';
import { WindowContext } from '../windowContext';
import { chooseFunction } from './pickers';
import { promptForJson, promptForVariables } from './variablesPrompt';
import { pickStartingValues } from './variableSetPick';

export interface VariablesRequest {
  /** Title of the prompts; "Run <function>" when omitted. */
  title?: string;
  /** The title from the function, for when it is chosen by the same call. */
  titleFor?(fn: NotteFunction): string;
  /** Ask for all variables as one JSON object instead of one box per variable. */
  asJson?: boolean;
  /** Keep the values as the function's last used (pre-filled next time); on unless told otherwise. */
  remember?: boolean;
}

/**
 * The variables a command runs `fn` with: the caller's when it passed an object, else asked
 * (pre-filled with the last values used for this function). Undefined when the user cancels.
 */
export async function askVariables(ctx: WindowContext, fn: NotteFunction, given: unknown, request: VariablesRequest = {}): Promise<Record<string, unknown> | undefined> {
  const title = request.title ?? request.titleFor?.(fn) ?? `Run ${functionLabel(fn)}`;
  const remembered = ctx.state.lastVariables(fn.function_id);
  let values: Record<string, unknown> | undefined;
  if (isVariables(given)) values = given;
  else if (request.asJson) values = await promptForJson(fn.variables ?? [], remembered, title);
  else {
    // With saved sets, the first step offers them (and the last values) before the input boxes.
    const start = await pickStartingValues(ctx, fn);
    if (start.kind === 'cancel') return undefined;
    values = start.kind === 'run' ? start.variables : await promptForVariables(fn, remembered, title);
  }
  if (values && request.remember !== false) await ctx.state.rememberVariables(fn.function_id, values);
  return values;
}

/**
 * "Pick the function, ask its variables, remember them": the function from a tree node, an id or a
 * quick pick (`pickTitle`), as the server describes it now, and its variables as `askVariables` gets them.
 */
export async function chooseFunctionAndVariables(
  ctx: WindowContext,
  target: unknown,
  given: unknown,
  pickTitle: string,
  request: VariablesRequest = {},
): Promise<{ fn: NotteFunction; variables: Record<string, unknown> } | undefined> {
  const fn = await chooseFunction(ctx, target, pickTitle);
  if (!fn) return undefined;
  const variables = await askVariables(ctx, fn, given, request);
  return variables && { fn, variables };
}
