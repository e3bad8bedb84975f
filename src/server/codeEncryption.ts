// The encrypted form of a code url (contract, "Local runs"): base64url(salt16 + Fernet token), made by
// the shared Fernet module the client decrypts with. Kept in one place so the server has one seam for it.
// TODO: import { encryptCodeUrl } from '../api/fernet' once that module lands; until then the option is refused.
export function codeUrlEncryptor(decryptionKey: string): (plainUrl: string) => string {
  void decryptionKey;
  throw new Error('--decryption-key is not available yet in this build (src/api/fernet.ts is missing).');
}
