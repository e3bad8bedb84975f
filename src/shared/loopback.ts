// Whether an address is this machine: one list of loopback names for the extension (what may be
// fetched over plain http, what "the local server" is) and the local server (what it binds and answers).
// No vscode import.

/** A host name or address that is this machine: localhost, 127.x.x.x, ::1 (with or without brackets). */
export function isLoopbackHost(host: string | undefined): boolean {
  if (host === undefined) return false;
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}

/** Whether a URL points at this machine. */
export function isLoopbackUrl(url: string): boolean {
  try {
    return isLoopbackHost(new URL(url).hostname);
  } catch {
    return false;
  }
}
