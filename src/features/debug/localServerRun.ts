// On the local server, a debug session is recorded as a local run of the file's function when the
// server serves that function: the run's own key reaches the debuggee, so the browser sessions its
// code opens are the run's (its page shows them live; the recorder's Record from Here finds them by
// the run), and the run's end, reported with PATCH, closes them. Elsewhere a debug session is a run of
// the file only, as before.
import path = require('path');
import vscode = require('vscode');
import { fetchFunctionCode } from '../../core/runs/functionCode';
import type { WindowContext } from '../../core/windowContext';
import { isLoopbackUrl } from '../../shared/loopback';
import type { ServerRunRef } from '../../core/runs/localLaunch';

/** The function of `file` on the local server (its link, else a function of the file's name with the same code), as a new local run. */
export async function localServerRunOf(ctx: WindowContext, file: string, code: string): Promise<ServerRunRef | undefined> {
  if (!isLoopbackUrl(ctx.connection.baseUrl)) return undefined;
  const linked = ctx.linked.links.linkOf(vscode.Uri.file(file))?.link.functionId;
  const client = ctx.connection.client();
  try {
    const fn = await client.getFunction(linked ?? path.basename(file).replace(/\.py$/i, ''));
    if (!linked) {
      // Same name is not enough: only the very code the server serves is that function.
      const served = await fetchFunctionCode(ctx, fn, false);
      if (!served.ok || served.code.trim() !== code.trim()) return undefined;
    }
    const created = await client.createRun(fn.function_id, { local: true });
    ctx.functions.refreshRuns(fn.function_id);
    return { functionId: fn.function_id, runId: created.function_run_id, client };
  } catch {
    // Not a function of this server (or the server is gone): the session is a run of the file alone.
    return undefined;
  }
}
