// The API key of a local server: how the server (src/server/server.ts) and the extension's launcher
// (features/localServer/localServerProcess.ts) make a random one, and the environment variable the launcher
// hands it over in. Never on the command line: any user of the machine reads that in `ps` or
// /proc/<pid>/cmdline, while a process's environment is readable by its own user only.
import { randomBytes } from 'crypto';

/** The variable the server takes its key from (before NOTTE_API_KEY); it removes it from its own environment at once. */
export const LOCAL_SERVER_KEY_ENV = 'NOTTE_LOCAL_SERVER_KEY';

export function generateLocalKey(): string {
  return `local-${randomBytes(18).toString('base64url')}`;
}
