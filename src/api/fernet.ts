// Encrypted code addresses of local runs: base64url(salt(16) + Fernet token), the Fernet key being
// base64url(PBKDF2-HMAC-SHA256(decryption key, salt, 100000, 32)). Node's crypto only.
import { createCipheriv, createDecipheriv, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from 'crypto';

const SALT_BYTES = 16;
const ITERATIONS = 100_000;
const VERSION = 0x80;

export class DecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DecryptionError';
  }
}

function fernetKey(decryptionKey: string, salt: Buffer): { signing: Buffer; encryption: Buffer } {
  // The Python side base64url-encodes the derived bytes as the Fernet key; its halves are the raw bytes.
  const derived = pbkdf2Sync(Buffer.from(decryptionKey, 'utf8'), salt, ITERATIONS, 32, 'sha256');
  return { signing: derived.subarray(0, 16), encryption: derived.subarray(16) };
}

function fromBase64Url(text: string): Buffer {
  const normalised = text.trim().replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normalised)) throw new DecryptionError('The code address is neither a URL nor valid encrypted data.');
  return Buffer.from(normalised, 'base64');
}

/** Decrypts a Fernet token (bytes) with the given halves; throws DecryptionError when it was tampered with. */
export function fernetDecrypt(token: Buffer, key: { signing: Buffer; encryption: Buffer }): Buffer {
  if (token.length < 1 + 8 + 16 + 16 + 32 || token[0] !== VERSION) throw new DecryptionError('The encrypted code address is malformed.');
  const signed = token.subarray(0, token.length - 32);
  const mac = token.subarray(token.length - 32);
  const expected = createHmac('sha256', key.signing).update(signed).digest();
  if (!timingSafeEqual(mac, expected)) throw new DecryptionError('The decryption key does not match (or the code address was altered).');
  const iv = token.subarray(9, 25);
  const ciphertext = token.subarray(25, token.length - 32);
  try {
    const decipher = createDecipheriv('aes-128-cbc', key.encryption, iv);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new DecryptionError('The encrypted code address could not be decrypted.');
  }
}

export function fernetEncrypt(plain: Buffer, key: { signing: Buffer; encryption: Buffer }, iv: Buffer = randomBytes(16), now: number = Date.now()): Buffer {
  const cipher = createCipheriv('aes-128-cbc', key.encryption, iv);
  const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
  const header = Buffer.alloc(9);
  header[0] = VERSION;
  header.writeBigUInt64BE(BigInt(Math.floor(now / 1000)), 1);
  const signed = Buffer.concat([header, iv, ciphertext]);
  return Buffer.concat([signed, createHmac('sha256', key.signing).update(signed).digest()]);
}

/** The code URL inside an encrypted address. */
export function decryptCodeUrl(encryptedUrl: string, decryptionKey: string): string {
  const data = fromBase64Url(encryptedUrl);
  if (data.length <= SALT_BYTES) throw new DecryptionError('The encrypted code address is too short.');
  const salt = data.subarray(0, SALT_BYTES);
  // The Fernet token itself is base64url text after the salt.
  const token = fromBase64Url(data.subarray(SALT_BYTES).toString('latin1'));
  return fernetDecrypt(token, fernetKey(decryptionKey, salt)).toString('utf8');
}

/** The inverse of decryptCodeUrl, used by the local server to answer encrypted addresses. */
export function encryptCodeUrl(plainUrl: string, decryptionKey: string, salt: Buffer = randomBytes(SALT_BYTES)): string {
  const token = paddedBase64Url(fernetEncrypt(Buffer.from(plainUrl, 'utf8'), fernetKey(decryptionKey, salt)));
  return paddedBase64Url(Buffer.concat([salt, Buffer.from(token, 'latin1')]));
}

/** base64url with the '=' padding Python's urlsafe_b64encode writes (and its decoder requires). */
function paddedBase64Url(data: Buffer): string {
  const text = data.toString('base64url');
  return text + '='.repeat((4 - (text.length % 4)) % 4);
}
