import vscode = require('vscode');
import type { ApiKey } from '../../core/apiKey';
import { isNotteApiError, liveViewerUrl } from '../../api';
import { describeError } from '../../core/ui/errorText';
import { WindowContext } from '../../core/windowContext';
import { resolveRun } from '../../core/ui/pickers';
import { openOutside } from '../../core/ui/openOutside';
import { sleep } from '../../api/wait';

const REPLAY_POLL_MS = 2000;
const REPLAY_WAIT_MS = 120_000;

async function sessionOf(ctx: WindowContext, target: unknown, runId: unknown, title: string): Promise<{ sessionId: string; runId: string } | undefined> {
  const ref = await resolveRun(ctx, target, runId, (run) => !!run.session_id, title);
  if (!ref) return undefined;
  let sessionId = ref.run?.session_id ?? undefined;
  if (!sessionId) {
    try {
      sessionId = (await ctx.connection.client().getRun(ref.functionId, ref.runId)).session_id ?? undefined;
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not load run {0}: {1}', ref.runId, describeError(error)));
      return undefined;
    }
  }
  if (!sessionId) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Run {0} has no browser session to show.', ref.runId));
    return undefined;
  }
  return { sessionId, runId: ref.runId };
}

/**
 * Opens the session's signed viewer_url; when the service gives none and it is Notte's cloud, the
 * console viewer, whose link carries the key: it is opened, never shown or logged.
 */
export async function openLiveSession(ctx: WindowContext, key: ApiKey, target?: unknown, runId?: unknown): Promise<'viewer_url' | 'console' | undefined> {
  const found = await sessionOf(ctx, target, runId, 'Open Live Session');
  if (!found) return undefined;
  try {
    const status = await ctx.connection.client().getSession(found.sessionId);
    if (status.viewer_url) return (await openOutside(status.viewer_url, 'live viewer')) ? 'viewer_url' : undefined;
  } catch (error) {
    if (!isNotteApiError(error) || error.kind !== 'not_found') {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not open the live session: {0}', describeError(error)));
      return undefined;
    }
  }
  const consoleViewer = liveViewerUrl(ctx.connection.baseUrl, found.sessionId, key);
  if (!consoleViewer) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The server at {0} gives no live viewer for session {1}.', ctx.connection.label, found.sessionId));
    return undefined;
  }
  await vscode.env.openExternal(vscode.Uri.parse(consoleViewer, true));
  return 'console';
}

/** Waits (with a progress notification) for the session's replay, then opens its video. */
export async function openReplay(ctx: WindowContext, _key: ApiKey, target?: unknown, runId?: unknown): Promise<string | undefined> {
  const found = await sessionOf(ctx, target, runId, 'Open Replay');
  if (!found) return undefined;
  const client = ctx.connection.client();
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Replay of session {0}', found.sessionId), cancellable: true },
    async (progress, token) => {
      const deadline = Date.now() + REPLAY_WAIT_MS;
      progress.report({ message: 'asking for the replay…' });
      while (!token.isCancellationRequested) {
        try {
          const replay = await client.getSessionReplay(found.sessionId);
          if (replay.mp4_url) return (await openOutside(replay.mp4_url, 'replay')) ? replay.mp4_url : undefined;
          if (replay.playlist_content) {
            const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: replay.playlist_content });
            await vscode.window.showTextDocument(doc);
            return 'playlist';
          }
          void vscode.window.showWarningMessage(vscode.l10n.t('The replay is ready but has no video link.'));
          return undefined;
        } catch (error) {
          const notReady = isNotteApiError(error) && error.kind === 'not_found';
          if (notReady && /still active/i.test(error.message)) {
            void vscode.window.showInformationMessage(vscode.l10n.t('The session is still active: its replay is ready once it ends.'));
            return undefined;
          }
          if (!notReady || Date.now() > deadline) {
            void vscode.window.showErrorMessage(notReady ? 'The replay was not ready after 2 minutes. Try again later.' : `Could not get the replay: ${describeError(error)}`);
            return undefined;
          }
          progress.report({ message: 'not ready yet, waiting…' });
          await sleep(REPLAY_POLL_MS);
        }
      }
      return undefined;
    },
  );
}
