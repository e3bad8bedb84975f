// The one door between the extension and a Notte server. No vscode import anywhere below.
export * from './types';
export { NotteClient, DEFAULT_RUN_TIMEOUT_MS } from './client';
export type { ClientOptions, CallOptions, RunHandlers, RunOptions, UploadFile } from './client';
export { NotteApiError, isNotteApiError, messageOf } from './errors';
export type { NotteErrorKind } from './errors';
export { parseLogLine, stripAnsi } from './logLine';
export type { LogLine } from './logLine';
export { buildSnippet, webhookUrl, liveViewerUrl, shellQuote, pythonLiteral } from './snippets';
export type { SnippetKind, SnippetInput } from './snippets';
export { decryptCodeUrl, encryptCodeUrl, DecryptionError } from './fernet';
export { parsePythonLiteral, coerceInput } from './pythonValues';
export type { RetryInfo, RequestTrace } from './transport';
export { formatRequestTrace } from './transport';
export type { NetworkOptions } from './network';
export type * from './sessionTypes';
export type { FramesSocket, FramesHandlers } from './sessionFrames';
