// Invocations of a function as text to paste elsewhere. Every value is quoted for its language and the
// key is a reference to the environment unless the caller passes it explicitly.

export type SnippetKind = 'curl' | 'javascript' | 'python' | 'http' | 'variables';

export interface SnippetInput {
  baseUrl: string;
  functionId: string;
  variables: Record<string, unknown>;
  /** Only when the user asked for the key's value to be written out. */
  apiKey?: string;
}

const DEFAULT_BASE_URL = 'https://api.notte.cc';

export function webhookUrl(baseUrl: string, functionId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/functions/${encodeURIComponent(functionId)}/runs/start`;
}

/** Notte's own cloud (api.notte.cc and its siblings, over https): the only place the console viewer's link, which carries the key, may point. */
export function isNotteCloud(baseUrl: string): boolean {
  try {
    const url = new URL(baseUrl);
    return url.protocol === 'https:' && (url.hostname === 'notte.cc' || url.hostname.endsWith('.notte.cc'));
  } catch {
    return false;
  }
}

/**
 * The console's live viewer of a session, for when the service gives no signed viewer_url: Notte's
 * console plays the session's recording WebSocket of the cloud API (api.notte.cc → console.notte.cc).
 * The link carries the key (`token`), so there is none for any other server (a local server, a
 * gateway): the key would go to a host that is not Notte's. Open it; never show or log it.
 */
export function liveViewerUrl(baseUrl: string, sessionId: string, apiKey: string): string | undefined {
  if (!isNotteCloud(baseUrl)) return undefined;
  const api = new URL(baseUrl);
  const ws = `wss://${api.host}${api.pathname.replace(/\/+$/, '')}/sessions/${encodeURIComponent(sessionId)}/debug/recording?token=${encodeURIComponent(apiKey)}`;
  const consoleHost = api.hostname.startsWith('api.') ? `console.${api.hostname.slice(4)}` : 'console.notte.cc';
  return `https://${consoleHost}/static/viewer?ws=${encodeURIComponent(ws)}`;
}

export function buildSnippet(kind: SnippetKind, input: SnippetInput): string {
  switch (kind) {
    case 'curl':
      return curlSnippet(input);
    case 'javascript':
      return javascriptSnippet(input);
    case 'python':
      return pythonSnippet(input);
    case 'http':
      return httpSnippet(input);
    case 'variables':
      return JSON.stringify(input.variables, null, 2);
  }
}

/** The body the SDK's get_curl writes: 4-space indented JSON. */
function startBody(input: SnippetInput): string {
  return JSON.stringify({ function_id: input.functionId, variables: input.variables }, null, 4);
}

/** A POSIX shell word that stands for exactly `text`. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** Linux refuses one argument longer than 128 KiB; larger bodies go through a here-document. */
const MAX_INLINE_BODY = 100_000;
const HEREDOC_END = 'NOTTE_JSON_BODY';

function curlSnippet(input: SnippetInput): string {
  // With a reference, the header sits in double quotes so the shell expands $NOTTE_API_KEY.
  const keyHeader = (name: string, prefix: string) => (input.apiKey !== undefined ? shellQuote(`${name}: ${prefix}${input.apiKey}`) : `"${name}: ${prefix}$NOTTE_API_KEY"`);
  const body = startBody(input);
  const lines = [
    `curl --location ${shellQuote(webhookUrl(input.baseUrl, input.functionId))} \\`,
    `--header ${keyHeader('x-notte-api-key', '')} \\`,
    `--header 'Content-Type: application/json' \\`,
    `--header ${keyHeader('Authorization', 'Bearer ')} \\`,
  ];
  // A quoted here-document delimiter turns off every expansion; JSON text never has it alone on a line.
  if (body.length > MAX_INLINE_BODY) return [...lines, `--data-binary @- <<'${HEREDOC_END}'`, body, HEREDOC_END].join('\n');
  return [...lines, `--data ${shellQuote(body)}`].join('\n');
}

function javascriptSnippet(input: SnippetInput): string {
  const key = input.apiKey !== undefined ? JSON.stringify(`Bearer ${input.apiKey}`) : '`Bearer ${process.env.NOTTE_API_KEY}`';
  const body = JSON.stringify({ function_id: input.functionId, variables: input.variables }, null, 2).replace(/\n/g, '\n  ');
  return [
    `const response = await fetch(${JSON.stringify(webhookUrl(input.baseUrl, input.functionId))}, {`,
    `  method: 'POST',`,
    `  headers: {`,
    `    Authorization: ${key},`,
    `    'Content-Type': 'application/json',`,
    `  },`,
    `  body: JSON.stringify(${body}),`,
    `});`,
    `if (!response.ok) throw new Error(\`Notte answered \${response.status}: \${await response.text()}\`);`,
    `const result = await response.json();`,
    `console.log(result.status, result.result);`,
  ].join('\n');
}

function pythonSnippet(input: SnippetInput): string {
  const lines = ['from notte_sdk import NotteClient', ''];
  const base = input.baseUrl.replace(/\/+$/, '');
  if (base !== DEFAULT_BASE_URL) {
    lines.splice(0, 0, 'import os', '');
    lines.push(`os.environ.setdefault("NOTTE_API_URL", ${pythonLiteral(base)})`);
  }
  lines.push(input.apiKey !== undefined ? `client = NotteClient(api_key=${pythonLiteral(input.apiKey)})` : 'client = NotteClient()  # reads NOTTE_API_KEY from the environment');
  lines.push(`function = client.Function(function_id=${pythonLiteral(input.functionId)})`);
  lines.push(`result = function.run(**${pythonLiteral(input.variables, 0)})`);
  lines.push('print(result.status, result.result)');
  return lines.join('\n');
}

function httpSnippet(input: SnippetInput): string {
  const url = new URL(webhookUrl(input.baseUrl, input.functionId));
  // {{$processEnv …}} is the REST Client extension's way to read the environment.
  const key = input.apiKey ?? '{{$processEnv NOTTE_API_KEY}}';
  return [
    `POST ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    `Authorization: Bearer ${key}`,
    `x-notte-api-key: ${key}`,
    'Content-Type: application/json',
    '',
    JSON.stringify({ function_id: input.functionId, variables: input.variables, stream: false }, null, 2),
  ].join('\n');
}

/** A Python expression equal to a JSON value (JSON string escapes are valid in Python strings). */
export function pythonLiteral(value: unknown, indent?: number): string {
  const pad = (level: number) => (indent === undefined ? '' : '\n' + '    '.repeat(level));
  const comma = indent === undefined ? ', ' : ',';
  const write = (v: unknown, level: number): string => {
    if (v === null || v === undefined) return 'None';
    if (v === true) return 'True';
    if (v === false) return 'False';
    if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : 'None';
    if (typeof v === 'string') return JSON.stringify(v);
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[${v.map((item) => pad(level + 1) + write(item, level + 1)).join(comma)}${pad(level)}]`;
    }
    if (typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>);
      if (entries.length === 0) return '{}';
      return `{${entries.map(([k, item]) => `${pad(level + 1)}${JSON.stringify(k)}: ${write(item, level + 1)}`).join(comma)}${pad(level)}}`;
    }
    return JSON.stringify(String(v));
  };
  return write(value, indent ?? 0);
}
