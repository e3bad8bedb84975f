// The last step of every tool answer: the secrets of this window masked out of the text.
import { WindowContext } from '../../core/windowContext';
import { sanitize } from './toolText';

/** Every value that must not reach a model: the key in use, the stored one, the environment's, the function's decryption key. */
export async function secretsFor(ctx: WindowContext, input: unknown): Promise<(string | undefined)[]> {
  const functionId = input && typeof input === 'object' ? (input as { function_id?: unknown }).function_id : undefined;
  const secrets = [await ctx.connection.apiKey(), await ctx.keys.get(), process.env.NOTTE_API_KEY];
  if (typeof functionId === 'string' && functionId) secrets.push(await ctx.decryptionKeys.get(functionId));
  return secrets;
}

export function answerText(text: string, secrets: readonly (string | undefined)[]): string {
  return sanitize(text, secrets);
}
