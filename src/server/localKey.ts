// The random API key of a local server started without one: the server (server.ts) and the
// extension's launcher (src/local/localServerProcess.ts) make it the same way.
import { randomBytes } from 'crypto';

export function generateLocalKey(): string {
  return `local-${randomBytes(18).toString('base64url')}`;
}
