import vscode = require('vscode');
import { isLoopbackUrl } from '../../shared/loopback';

/**
 * Opens a link a server gave (a live viewer, a replay) in the user's browser: only https, or http to
 * this machine (the local server). Anything else (file:, vscode:, command:, plain http elsewhere) is
 * refused with a message, never handed to the system.
 */
export async function openOutside(link: string, what: string): Promise<boolean> {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    void vscode.window.showErrorMessage(vscode.l10n.t('The server gave a {0} link that is not a URL.', what));
    return false;
  }
  const safe = url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(link));
  if (!safe) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t(
        'Not opened: the server gave a {0} link of the kind {1}{2}; only https links (and http ones to this machine) are opened.',
        what,
        url.protocol,
        url.protocol === 'http:' ? ` to ${url.host}` : '',
      ),
    );
    return false;
  }
  return vscode.env.openExternal(vscode.Uri.parse(link, true));
}
