import { decryptCodeUrl, isNotteApiError } from '../../api';
import { Ctx } from '../../core/window';
import { DeployedCodeFetcher } from '../../core/links/deployedCode';

/**
 * The latest version of a function and its code, fetched quietly: no prompt, no message. Encrypted
 * code is read only with a decryption key already kept; otherwise the state stays unknown.
 */
export function deployedCodeFetcher(ctx: Ctx): DeployedCodeFetcher {
  return async (functionId) => {
    if (!(await ctx.connection.hasApiKey())) return undefined;
    const client = ctx.connection.client();
    let fn;
    try {
      fn = await client.getFunction(functionId);
    } catch (error) {
      if (isNotteApiError(error) && error.status === 404) {
        ctx.author.functionGone(functionId);
        return 'gone';
      }
      throw error;
    }
    if (!fn.latest_version || !fn.url) return undefined;
    let url = fn.url;
    if (!/^https?:\/\//.test(url)) {
      const key = await ctx.decryptionKeys.get(functionId);
      if (!key) return undefined;
      url = decryptCodeUrl(url, key);
    }
    return { version: fn.latest_version, code: await client.downloadCode(url) };
  };
}
