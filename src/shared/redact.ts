// Keeps secrets out of what the user sees or copies: the API key and secret-looking variables.

const SECRET_NAME = /pass(word)?|secret|token|api[_-]?key|credential|private[_-]?key|auth/i;
export const MASK = '••••••';

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** A copy of the variables with secret-looking values masked, for headers and documents. */
export function maskSecretVariables(variables: Record<string, unknown>): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(variables)) masked[name] = isSecretName(name) ? MASK : value;
  return masked;
}

/** Replaces every occurrence of the given secrets in text; short strings are ignored to avoid mangling. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 6 && out.includes(secret)) out = out.split(secret).join(MASK);
  }
  return out;
}

/** Control characters other than tab would be drawn as garbage or move the cursor in the Output view. */
export function stripControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[@-Z\\-_]|[\x00-\x08\x0b-\x1f\x7f]/g, '');
}
