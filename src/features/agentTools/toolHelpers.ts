import vscode = require('vscode');
import { NotteFunction } from '../../api/types';
import { WindowContext } from '../../core/windowContext';
import { isLoopbackUrl } from '../../shared/loopback';
import { errorText, NO_KEY_TEXT } from './toolText';

/**
 * One language-model tool, as the registry loads it on first use. `invoke` answers text for the model
 * and never throws on a failure it can describe (the registry catches the rest); the registry masks
 * the text before the model sees it.
 */
export interface NotteTool<Input> {
  prepare?(ctx: WindowContext, input: Input, token: vscode.CancellationToken): Promise<vscode.PreparedToolInvocation | undefined>;
  invoke(ctx: WindowContext, input: Input, token: vscode.CancellationToken): Promise<string>;
}

/** Where a request goes, in words: the local server or the cloud, with its URL. */
export function whereItRuns(ctx: WindowContext): string {
  const url = ctx.connection.baseUrl;
  if (ctx.connection.usingLocalServer || isLoopbackUrl(url)) return `the local Functions server at ${url}`;
  return `Notte cloud (${url})`;
}

/** The answer when a tool cannot start without a key, or undefined when a key is there. */
export async function missingKey(ctx: WindowContext): Promise<string | undefined> {
  return (await ctx.connection.hasApiKey()) ? undefined : NO_KEY_TEXT;
}

/** The function with its variables, or the text to answer when it cannot be read. */
export async function loadFunction(ctx: WindowContext, functionId: string, signal?: AbortSignal): Promise<{ fn: NotteFunction } | { error: string }> {
  try {
    return { fn: await ctx.connection.client().getFunction(functionId, { signal }) };
  } catch (error) {
    return { error: errorText(error, { where: whereItRuns(ctx), functionId }) };
  }
}

/** A required string field of the input, or the message saying it is missing. */
export function requireString(input: unknown, field: string): { value: string } | { error: string } {
  const value = input && typeof input === 'object' ? (input as Record<string, unknown>)[field] : undefined;
  if (typeof value === 'string' && value.trim()) return { value: value.trim() };
  return { error: `Error: "${field}" is required (a string).` };
}

/** The function and run a run tool is about, with a key to reach them; or the text to answer. */
export async function runTarget(ctx: WindowContext, input: unknown): Promise<{ functionId: string; runId: string; where: string } | { error: string }> {
  const functionId = requireString(input, 'function_id');
  if ('error' in functionId) return functionId;
  const runId = requireString(input, 'run_id');
  if ('error' in runId) return runId;
  const noKey = await missingKey(ctx);
  if (noKey) return { error: noKey };
  return { functionId: functionId.value, runId: runId.value, where: whereItRuns(ctx) };
}

export function optionalInteger(input: unknown, field: string, fallback: number, min: number, max: number): number {
  const value = input && typeof input === 'object' ? (input as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

export function abortOn(token: vscode.CancellationToken): AbortController {
  const controller = new AbortController();
  if (token.isCancellationRequested) controller.abort();
  token.onCancellationRequested(() => controller.abort());
  return controller;
}

export function functionAndId(fn: Pick<NotteFunction, 'function_id' | 'name'>): string {
  return fn.name && fn.name !== fn.function_id ? `${fn.name} (${fn.function_id})` : fn.function_id;
}
