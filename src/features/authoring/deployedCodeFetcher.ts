import { isNotteApiError } from '../../api';
import type { DeployedCodeFetcher } from '../../core/links/deployedCode';
import { fetchFunctionCode } from '../../core/runs/functionCode';
import type { WindowContext } from '../../core/windowContext';

/**
 * The latest version of a function and its code, fetched quietly: no prompt, no message. Encrypted
 * code is read only with a decryption key already kept; otherwise the state stays unknown.
 */
export function deployedCodeFetcher(ctx: WindowContext): DeployedCodeFetcher {
  return async (functionId) => {
    if (!(await ctx.connection.hasApiKey())) return undefined;
    let fn;
    try {
      fn = await ctx.connection.client().getFunction(functionId);
    } catch (error) {
      if (isNotteApiError(error) && error.status === 404) {
        ctx.linked.functionGone(functionId);
        return 'gone';
      }
      throw error;
    }
    if (!fn.latest_version) return undefined;
    const code = await fetchFunctionCode(ctx, fn, false);
    return code.ok ? { version: fn.latest_version, code: code.code } : undefined;
  };
}
