import vscode = require('vscode');
import { buildSnippet, SnippetKind, webhookUrl } from '../../api';
import { isVariables } from '../../api/types';
import { WindowContext } from '../../core/windowContext';
import { fetchFunction, resolveFunction } from '../../core/ui/pickers';
import { RunNode } from '../../core/functions/nodes';
import { resolveVariables } from '../../core/ui/variablesPrompt';
import { describeError } from '../../core/ui/errorText';
import { isLoopbackUrl } from '../../shared/loopback';
import { missingRequired } from '../../shared/variables';

const KIND_NAMES: Record<SnippetKind, string> = {
  curl: 'cURL',
  javascript: 'JavaScript (fetch)',
  python: 'Python SDK',
  http: 'raw HTTP',
  variables: 'variables JSON',
};

/** The variables an invocation is shown with: a run's own, or the function's last used, or its defaults. */
async function snippetTarget(
  ctx: WindowContext,
  target: unknown,
  variables: unknown,
): Promise<{ functionId: string; variables: Record<string, unknown>; missing?: string[] } | undefined> {
  if (target instanceof RunNode) return { functionId: target.functionId, variables: target.run.variables ?? {} };
  const chosen = await resolveFunction(ctx, target, 'Copy Invocation');
  if (!chosen) return undefined;
  if (isVariables(variables)) return { functionId: chosen.function_id, variables };
  const remembered = ctx.state.lastVariables(chosen.function_id);
  const fn = chosen.variables ? chosen : await fetchFunction(ctx, chosen.function_id);
  const parameters = fn?.variables ?? [];
  const defaults = resolveVariables(
    parameters,
    parameters.map(() => undefined),
  );
  const shown = {
    ...defaults,
    ...pick(
      remembered,
      parameters.map((p) => p.name),
    ),
  };
  return { functionId: chosen.function_id, variables: shown, missing: missingRequired(parameters, shown) };
}

/** Builds, copies and confirms one snippet; the key is a reference unless the setting or the person asks for the value. */
export async function copySnippet(ctx: WindowContext, kind: SnippetKind, target: unknown, variables?: unknown): Promise<string | undefined> {
  const resolved = await snippetTarget(ctx, target, variables);
  if (!resolved) return undefined;
  const baseUrl = ctx.connection.baseUrl;
  const apiKey = ctx.config.includeApiKeyInSnippets ? await ctx.connection.apiKey() : undefined;
  const build = (key: string | undefined) => buildSnippet(kind, { baseUrl, functionId: resolved.functionId, variables: resolved.variables, apiKey: key });
  const text = build(apiKey);
  await vscode.env.clipboard.writeText(text);
  // A server on this machine has a key of its own, which a terminal's $NOTTE_API_KEY (often the cloud's) is not:
  // say so, and offer the copy with the key, which only a person's click puts in the clipboard.
  const local = kind !== 'variables' && !apiKey && isLoopbackUrl(baseUrl);
  const keyNote =
    kind === 'variables'
      ? ''
      : apiKey
        ? vscode.l10n.t(' It contains your API key.')
        : local
          ? vscode.l10n.t(' The key is read from $NOTTE_API_KEY, which must hold the key of the server at {0}.', new URL(baseUrl).host)
          : vscode.l10n.t(' The key is read from $NOTTE_API_KEY.');
  // A required variable never given (no last value, no default): the call as copied fails in run().
  const missing = resolved.missing?.length ? vscode.l10n.t(' It has no value for {0} (required): add it before you run it.', resolved.missing.join(', ')) : '';
  const copied = vscode.l10n.t('Copied the {0} invocation of {1}.{2}', KIND_NAMES[kind], resolved.functionId, keyNote) + missing;
  const withKey = vscode.l10n.t('Copy With Key');
  const buttons = local ? [withKey] : [];
  const shown = missing ? vscode.window.showWarningMessage(copied, ...buttons) : vscode.window.showInformationMessage(copied, ...buttons);
  void Promise.resolve(shown)
    .then(async (choice) => {
      if (choice !== withKey) return;
      // Asked later: the window may point at another server by now, whose key is not for this address.
      const key = ctx.connection.baseUrl === baseUrl ? await ctx.connection.apiKey() : undefined;
      if (!key) return void vscode.window.showWarningMessage(vscode.l10n.t('Not copied: there is no key for the server at {0} now.', new URL(baseUrl).host));
      await vscode.env.clipboard.writeText(build(key));
      void vscode.window.showInformationMessage(vscode.l10n.t("Copied the {0} invocation of {1} with this server's key.", KIND_NAMES[kind], resolved.functionId));
    })
    .catch((error: unknown) => void vscode.window.showErrorMessage(vscode.l10n.t('Not copied: {0}', describeError(error))));
  return text;
}

/** The handler of one "Copy as …" command. */
export const copyAs =
  (kind: SnippetKind) =>
  (ctx: WindowContext, target?: unknown, variables?: unknown): Promise<string | undefined> =>
    copySnippet(ctx, kind, target, variables);

export async function copySnippetPicker(ctx: WindowContext, target?: unknown, variables?: unknown): Promise<string | undefined> {
  const choice = await vscode.window.showQuickPick(
    (Object.keys(KIND_NAMES) as SnippetKind[]).map((snippet) => ({ label: KIND_NAMES[snippet], snippet })),
    { title: vscode.l10n.t('Copy Invocation As'), placeHolder: vscode.l10n.t('Pick a snippet format') },
  );
  return choice ? copySnippet(ctx, choice.snippet, target, variables) : undefined;
}

export async function copyWebhookUrl(ctx: WindowContext, target?: unknown): Promise<string | undefined> {
  const fn = target instanceof RunNode ? { function_id: target.functionId } : await resolveFunction(ctx, target, 'Copy Webhook URL');
  if (!fn) return undefined;
  const url = webhookUrl(ctx.connection.baseUrl, fn.function_id);
  await vscode.env.clipboard.writeText(url);
  void vscode.window.showInformationMessage(vscode.l10n.t('Copied the webhook URL: POST {0} with "Authorization: Bearer <your key>".', url));
  return url;
}

function pick(values: Record<string, unknown>, names: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([name]) => names.includes(name)));
}
