// Keeps secrets out of what the user sees or copies and out of what the model reads: the API key in
// every form it can be written in, secret-looking variables, signed URLs' tokens. The one place these
// rules live: the API module's errors use it, and so does everything the extension shows. No vscode import.

/**
 * Names of secrets: of variables, and of the form fields the recorder sees (label, name, id). Words
 * anywhere (password, secret, token, api key…); "pass" and "pwd" ending a word (user_pass, dbPwd, not
 * "Passenger" nor "Passport"); "auth" as a word of its own (authToken, not "Author").
 */
const SECRET_NAME = /password|passwd|passcode|passphrase|secret|token|authori[sz]ation|api[_-]?key|credential|private[_-]?key|(?:pass|pwd)(?![a-z])|(?<![a-z])auth(?![a-z])/i;
export const MASK = '••••••';

/** Whether a name (a variable's, a field's label) calls its value a secret: broad on purpose, a value masked by mistake only has to be typed. */
export function isSecretName(name: string): boolean {
  // camelCase words apart (authToken → auth_Token), so "auth" and "pass" are seen as words in them.
  return SECRET_NAME.test(name.replace(/([a-z0-9])([A-Z])/g, '$1_$2'));
}

/** A copy of the variables with secret-looking values masked, for headers, documents and saved sets. */
export function maskSecretVariables(variables: Record<string, unknown>): Record<string, unknown> {
  const masked: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(variables)) masked[name] = isSecretName(name) ? MASK : value;
  return masked;
}

/**
 * The forms a secret takes when a server or a library writes it back: as it is, percent-encoded (in a
 * URL), JSON-escaped (in a message's text), and base64 or base64url (a Basic header, a token), alone or
 * as `:secret` / `Bearer secret`. Short strings are ignored, to avoid mangling ordinary text.
 */
export function secretForms(secret: string): string[] {
  if (secret.length < 6) return [];
  // Asked for each line shown and each batch of a full log: made once per secret.
  const known = formsOf.get(secret);
  if (known) return known;
  const forms = makeSecretForms(secret);
  if (formsOf.size >= 8) formsOf.clear();
  formsOf.set(secret, forms);
  return forms;
}

const formsOf = new Map<string, string[]>();

function makeSecretForms(secret: string): string[] {
  const forms = new Set<string>([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)]);
  for (const text of [secret, `:${secret}`, `Bearer ${secret}`]) {
    const base64 = Buffer.from(text, 'utf8').toString('base64');
    forms.add(base64);
    forms.add(base64.replace(/=+$/, ''));
    forms.add(Buffer.from(text, 'utf8').toString('base64url'));
  }
  // Percent-encoding that a second layer encoded again (a URL inside a URL's parameter).
  forms.add(encodeURIComponent(encodeURIComponent(secret)));
  return [...forms].filter((form) => form.length >= 6).sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of the given secrets, in every form of secretForms, in the text. */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of secretForms(secret)) if (out.includes(form)) out = out.split(form).join(MASK);
  }
  return out;
}

// Query parameters that authorise whoever holds the URL: signed code and session URLs, S3-style links.
const URL_SECRET =
  /([?&#](?:token|access_token|sig|signature|x-amz-signature|x-amz-credential|x-amz-security-token|x-goog-signature|key|api_key|apikey|auth|credential)=)[^&\s"'<>`)]+/gi;

/** Replaces the values of signing and key parameters in every URL of the text. */
export function maskUrlSecrets(text: string): string {
  return text.replace(URL_SECRET, `$1${MASK}`);
}

/** Control characters other than tab would be drawn as garbage or move the cursor in the Output view. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\x00-\x08\x0b-\x1f\x7f]/;
/**
 * The same characters as UTF-8 bytes (each is one byte there, and no other character's bytes include
 * them), escape and carriage return first: the ones logs hold (colours, progress bars), found sooner.
 */
const CONTROL_BYTES = [
  0x1b,
  0x0d,
  ...Array.from({ length: 128 }, (_, byte) => byte).filter((byte) => byte !== 0x1b && byte !== 0x0d && CONTROL_CHARACTER.test(String.fromCharCode(byte))),
];

export function stripControlCharacters(text: string): string {
  // Most text has none: one pass of a plain character class saves the alternation's pass.
  if (!CONTROL_CHARACTER.test(text)) return text;
  // An OSC sequence ends within its line: the text may be many lines at once (a full log's batch).
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b\n]*(\x07|\x1b\\)|\x1b[@-Z\\-_]|[\x00-\x08\x0b-\x1f\x7f]/g, '');
}

/**
 * Whether UTF-8 text may hold what stripControlCharacters or redactSecrets would cut. A large text (a
 * full log's batch, about 1 MB) is written as bytes anyway, and a search of its bytes (memchr, memmem)
 * is several times faster than a regular expression over its characters, which was about a third of
 * what following a run cost above reading it.
 */
export function bytesNeedCleaning(bytes: Buffer, secrets: readonly (string | undefined)[]): boolean {
  for (const byte of CONTROL_BYTES) if (bytes.includes(byte)) return true;
  for (const secret of secrets) if (secret && secretForms(secret).some((form) => bytes.includes(form))) return true;
  return false;
}
