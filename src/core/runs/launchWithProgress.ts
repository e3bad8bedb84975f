// A run on the server with a cancellable progress notification around it: how Run Function, Run on
// Notte, Start Run and the agents' run tool all start one, the notification saying where the run is.
import { withCancellableProgress } from '../ui/progress';
import type { WindowContext } from '../windowContext';
import type { LaunchOutcome, LaunchRequest } from './launcher';

/** Each report crosses to the workbench: at most a few a second, however fast lines come. */
const PROGRESS_INTERVAL_MS = 250;

export interface ProgressLaunchRequest extends Omit<LaunchRequest, 'signal'> {
  /** The notification's title ("Running echo_variables"). */
  title: string;
  /** Another way the run is cancelled besides the notification's Cancel (an agent's chat request). */
  signal?: AbortSignal;
  /** What the notification says once the run has an id ("started" unless given). */
  startedText?(runId: string): string;
}

export interface ProgressLaunchOutcome {
  outcome: LaunchOutcome;
  /** Who cancelled the run, when it was: the notification's Cancel, or `signal`. */
  cancelledBy?: 'notification' | 'signal';
}

export async function launchWithProgress(ctx: WindowContext, request: ProgressLaunchRequest): Promise<ProgressLaunchOutcome> {
  ctx.output.show();
  let cancelledBy: ProgressLaunchOutcome['cancelledBy'];
  const outcome = await withCancellableProgress(request.title, (notification, progress) => {
    notification.addEventListener('abort', () => (cancelledBy ??= 'notification'));
    request.signal?.addEventListener('abort', () => (cancelledBy ??= 'signal'));
    if (request.signal?.aborted) cancelledBy = 'signal';
    let lastReport = 0;
    return ctx.launcher.launch({
      ...request,
      signal: request.signal ? AbortSignal.any([notification, request.signal]) : notification,
      onRunId: (runId) => {
        progress.report({ message: request.startedText?.(runId) ?? 'started' });
        request.onRunId?.(runId);
      },
      onRetry: (message) => {
        progress.report({ message });
        request.onRetry?.(message);
      },
      onLog: (count, text) => {
        request.onLog?.(count, text);
        const now = Date.now();
        if (now - lastReport < PROGRESS_INTERVAL_MS) return;
        lastReport = now;
        progress.report({ message: `${count} log line${count === 1 ? '' : 's'}` });
      },
    });
  });
  return { outcome, cancelledBy };
}
