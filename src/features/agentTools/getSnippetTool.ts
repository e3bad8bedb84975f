import { buildSnippet, SnippetKind } from '../../api/snippets';
import { resolveVariables } from '../../core/ui/variablesPrompt';
import { functionAndId, loadFunction, missingKey, NotteTool, requireString, abortOn } from './toolHelpers';
import { fenced } from './toolText';
import { convertToolVariables } from '../../shared/variableValues';

interface SnippetInput {
  function_id: string;
  format?: string;
  variables?: Record<string, unknown>;
}

const FORMATS: Record<string, { kind: SnippetKind; language: string; name: string }> = {
  curl: { kind: 'curl', language: 'sh', name: 'cURL' },
  javascript: { kind: 'javascript', language: 'js', name: 'JavaScript (fetch)' },
  python: { kind: 'python', language: 'python', name: 'Python SDK' },
  http: { kind: 'http', language: 'http', name: 'raw HTTP' },
};

/**
 * `notte_get_snippet`: an invocation as Copy as … writes it, with the key always read from the
 * environment: `notte.snippets.includeApiKey` is for the user's clipboard, never for a model.
 */
export const getSnippetTool: NotteTool<SnippetInput> = {
  async invoke(ctx, input, token) {
    const id = requireString(input, 'function_id');
    if ('error' in id) return id.error;
    const format = FORMATS[String(input.format ?? 'curl').toLowerCase()];
    if (!format) return `Error: unknown format "${input.format}"; use one of ${Object.keys(FORMATS).join(', ')}.`;
    const noKey = await missingKey(ctx);
    if (noKey) return noKey;
    const loaded = await loadFunction(ctx, id.value, abortOn(token).signal);
    if ('error' in loaded) return loaded.error;
    const parameters = loaded.fn.variables ?? [];
    let variables: Record<string, unknown>;
    if (input.variables !== undefined) {
      const converted = convertToolVariables(parameters, input.variables);
      if (!converted.ok) return `Error: the variables do not fit ${functionAndId(loaded.fn)}.\n${converted.message}`;
      variables = converted.variables;
    } else {
      // As Copy as …: the last values used for the function over its defaults.
      const remembered = ctx.state.lastVariables(loaded.fn.function_id);
      const names = new Set(parameters.map((p) => p.name));
      variables = {
        ...resolveVariables(
          parameters,
          parameters.map(() => undefined),
        ),
        ...Object.fromEntries(Object.entries(remembered).filter(([name]) => names.has(name))),
      };
    }
    const text = buildSnippet(format.kind, { baseUrl: ctx.connection.baseUrl, functionId: loaded.fn.function_id, variables });
    return [
      `${format.name} invocation of ${functionAndId(loaded.fn)} (POST ${ctx.connection.baseUrl}/functions/${loaded.fn.function_id}/runs/start):`,
      fenced(text, format.language),
      format.kind === 'python' ? 'The SDK reads the key from NOTTE_API_KEY.' : 'The key is read from the NOTTE_API_KEY environment variable; set it before running this.',
    ].join('\n');
  },
};
