// The browsers' profile folders: one temporary folder per browser, named after the server's pid, so a
// later server can remove those a killed one (SIGKILL runs no exit hook) could not.
import fs = require('fs');
import os = require('os');
import path = require('path');

/** A new, empty profile folder for a browser of this server (orphans of dead servers are removed first, once). */
export function newProfile(): string {
  removeOrphanProfiles();
  return fs.mkdtempSync(path.join(os.tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
}

/** Profile folders are named after the server's pid, so a later server can tell those a killed one left. */
const PROFILE_PREFIX = 'notte-browser-';

/** Profile folders younger than this are never taken for orphans (a server starting its browser in another container). */
const ORPHAN_AFTER_MS = 60_000;
let orphansRemoved = false;

/**
 * Removes, once per server, the profile folders of servers no longer running (one killed by SIGKILL
 * could not remove its own): its owner's pid is not running, the folder is a minute old, and no browser
 * of this machine holds it (Chromium's SingletonLock, "host-pid", is gone or names a dead process).
 */
function removeOrphanProfiles(): void {
  if (orphansRemoved) return;
  orphansRemoved = true;
  const named = new RegExp(`^${PROFILE_PREFIX}(\\d+)-`);
  void fs.promises.readdir(os.tmpdir()).then(
    async (names) => {
      for (const name of names) {
        const owner = named.exec(name)?.[1];
        if (!owner || Number(owner) === process.pid || isRunning(Number(owner))) continue;
        const folder = path.join(os.tmpdir(), name);
        const made = await fs.promises.stat(folder).catch(() => undefined);
        if (!made?.isDirectory() || Date.now() - made.mtimeMs < ORPHAN_AFTER_MS || heldByBrowser(folder)) continue;
        await fs.promises.rm(folder, { recursive: true, force: true }).catch(() => undefined);
      }
    },
    () => undefined,
  );
}

function heldByBrowser(folder: string): boolean {
  let lock: string;
  try {
    lock = fs.readlinkSync(path.join(folder, 'SingletonLock'));
  } catch {
    return false;
  }
  const [, host, pid] = /^(.*)-(\d+)$/.exec(lock) ?? [];
  return host !== os.hostname() || isRunning(Number(pid));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: running, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The browser's profile folder, removed at once (a process about to exit cannot wait for a callback). */
export function removeProfile(profile: string): void {
  try {
    fs.rmSync(profile, { recursive: true, force: true, maxRetries: 2, retryDelay: 20 });
  } catch {
    // A browser still writing into it as it ends: left to the system's temporary folder.
  }
}
