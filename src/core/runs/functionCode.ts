// A deployed function's code, fetched from the server: the one download and decryption, for Run
// Locally (which may ask for a decryption key) and the author's "changed since" lens (which never asks).
import vscode = require('vscode');
import { decryptCodeUrl } from '../../api';
import { functionLabel, NotteFunction } from '../../api/types';
import { isLoopbackUrl } from '../../shared/loopback';
import { describeError } from '../ui/errorText';
import type { WindowContext } from '../windowContext';

export type CodeAnswer = { ok: true; code: string } | { ok: false; reason: string };

/** How many wrong decryption keys are asked again before giving up. */
const KEY_ATTEMPTS = 3;

/**
 * The code of the function's latest version. An encrypted code address (see notte-api.md, Local runs)
 * is decrypted with the function's key from secret storage; when there is none (or it does not fit),
 * the key is asked for when `ask` is set, else the answer is that it cannot be read quietly. The code
 * is never fetched over plain http from a host other than this machine: it would run with the key.
 */
export async function fetchFunctionCode(ctx: WindowContext, fn: NotteFunction, ask: boolean): Promise<CodeAnswer> {
  const address = fn.url ?? undefined;
  if (!address) return { ok: false, reason: `The server gave no code address for ${fn.function_id}.` };
  const url = /^https?:\/\//i.test(address) ? address : await decrypt(ctx, fn, address, ask);
  if (url === undefined) return { ok: false, reason: `The code of ${functionLabel(fn)} is encrypted and no decryption key fits it.` };
  const problem = codeUrlProblem(url);
  if (problem) return { ok: false, reason: problem };
  try {
    return { ok: true, code: await ctx.connection.client().downloadCode(url) };
  } catch (error) {
    return { ok: false, reason: `Could not download the code of ${fn.function_id}: ${describeError(error)}` };
  }
}

/** Why a code address is refused: only https, or http to this machine (the local server). */
export function codeUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'The code address the server gave is not a URL.';
  }
  if (parsed.protocol === 'https:') return undefined;
  if (parsed.protocol === 'http:' && isLoopbackUrl(url)) return undefined;
  return `The code address ${parsed.origin} is not https: code fetched in the clear from another machine could be changed on the way, and it runs with your key.`;
}

async function decrypt(ctx: WindowContext, fn: NotteFunction, encrypted: string, ask: boolean): Promise<string | undefined> {
  let key = await ctx.decryptionKeys.get(fn.function_id);
  for (let attempt = 0; attempt < KEY_ATTEMPTS; attempt++) {
    if (!key) {
      if (!ask) return undefined;
      key = await vscode.window.showInputBox({
        title: vscode.l10n.t('Decryption key of {0}', functionLabel(fn)),
        prompt: attempt
          ? 'That key did not decrypt the code. Enter the decryption key from the Notte console.'
          : 'The code of this function is encrypted. Enter its decryption key (from the Notte console); it is kept in secret storage.',
        password: true,
        ignoreFocusOut: true,
      });
      if (!key) return undefined;
    }
    try {
      const url = decryptCodeUrl(encrypted, key);
      await ctx.decryptionKeys.set(fn.function_id, key);
      return url;
    } catch {
      // A kept key that no longer fits is forgotten only when a person is there to give the new one.
      if (!ask) return undefined;
      await ctx.decryptionKeys.delete(fn.function_id);
      key = undefined;
    }
  }
  return undefined;
}
