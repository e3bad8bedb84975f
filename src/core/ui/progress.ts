import vscode = require('vscode');

export type ProgressReporter = vscode.Progress<{ message?: string; increment?: number }>;

/**
 * A notification with a Cancel button around `task`; pressing Cancel aborts the signal `task` got,
 * which is how the API client and the local runner are told to stop.
 */
export function withCancellableProgress<T>(title: string, task: (signal: AbortSignal, progress: ProgressReporter) => Thenable<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const controller = new AbortController();
    const cancelled = token.onCancellationRequested(() => controller.abort());
    return Promise.resolve(task(controller.signal, progress)).finally(() => cancelled.dispose());
  });
}
