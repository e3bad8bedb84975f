// Notte: Show Logs, the extension's own log channel (core/windowContext.ts, LOG).
import { sleep } from '../../api/wait';
import type { WindowContext } from '../windowContext';

/** The workbench learns of a log channel asynchronously: a reveal made right after the channel was made was seen lost. */
const SHOW_AGAIN_MS = 500;

/** Shows the log channel, and again a moment later (the e2e layer, in a fresh clone, found the first reveal lost). */
export async function showLogs(ctx: WindowContext): Promise<void> {
  ctx.log.show();
  await sleep(SHOW_AGAIN_MS);
  ctx.log.show();
}
