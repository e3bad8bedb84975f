// Parts of Notte's API that only its cloud has. The SDK reaches them through clients of their own
// (client.profiles, client.vaults…); a bare "No route" 404 would read as a broken server, so each
// answers 501 naming what it is and that it needs the cloud (agents, which need the LLM, are in
// browserSessions.ts).
import { HttpError } from '../http';

const CLOUD_ONLY: Record<string, string> = {
  profiles: 'Browser profiles (a browser state kept between sessions)',
  personas: 'Personas (email addresses and phone numbers of their own)',
  vaults: 'Vaults (stored credentials)',
  storage: "File storage (files kept by Notte for sessions to upload and download; the local server saves a session's downloads under its data folder)",
  'managed-auth': 'Managed authentication',
};

/** The answer to any request under a cloud-only resource; undefined for other paths. */
export function cloudOnlyError(resource: string | undefined): HttpError | undefined {
  const what = resource !== undefined && Object.hasOwn(CLOUD_ONLY, resource) ? CLOUD_ONLY[resource] : undefined;
  if (!what) return undefined;
  return new HttpError(501, 'Not available locally', `${what}: this needs Notte's cloud and is not available on the local server.`);
}
