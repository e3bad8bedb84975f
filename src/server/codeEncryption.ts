// The encrypted form of a code url (contract, "Local runs"): base64url(salt16 + Fernet token), made by
// the shared Fernet module the client decrypts with, so both sides use one implementation.
import { encryptCodeUrl } from '../api/fernet';

export function codeUrlEncryptor(decryptionKey: string): (plainUrl: string) => string {
  return (plainUrl) => encryptCodeUrl(plainUrl, decryptionKey);
}
