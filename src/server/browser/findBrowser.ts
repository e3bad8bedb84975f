// Which Chromium the local server drives: `--browser PATH`, else CHROMIUM_PATH, else one found at the
// usual places of Chromium, Chrome and Edge. Light on purpose (no playwright-core): the CLI and the
// first session start use it.
import fs = require('fs');
import os = require('os');
import path = require('path');

const CANDIDATES: Record<string, string[]> = {
  linux: [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/snap/bin/chromium',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/opt/google/chrome/chrome',
    '/usr/bin/microsoft-edge',
    '/usr/bin/microsoft-edge-stable',
    '/opt/microsoft/msedge/msedge',
  ],
  darwin: [
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
    path.join(os.homedir(), 'Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
  ],
  win32: [
    ...[process.env.LOCALAPPDATA, process.env.PROGRAMFILES, process.env['PROGRAMFILES(X86)']]
      .filter((root): root is string => !!root)
      .flatMap((root) => [
        path.join(root, 'Chromium', 'Application', 'chrome.exe'),
        path.join(root, 'Google', 'Chrome', 'Application', 'chrome.exe'),
        path.join(root, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
      ]),
  ],
};

export const BROWSER_INSTALL_HINT =
  'No Chromium, Chrome or Edge was found on this machine. Install one (Debian/Ubuntu: "apt-get install chromium"; ' +
  'macOS and Windows: Google Chrome or Microsoft Edge), or give its path with --browser PATH or CHROMIUM_PATH.';

export class BrowserNotFound extends Error {}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The browser executable to launch; throws BrowserNotFound with a message a person can act on. */
export function findBrowser(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env, platform: string = process.platform): string {
  if (explicit) {
    if (!isFile(explicit)) throw new BrowserNotFound(`The browser given with --browser (${explicit}) does not exist.`);
    return explicit;
  }
  if (env.CHROMIUM_PATH) {
    if (!isFile(env.CHROMIUM_PATH)) throw new BrowserNotFound(`CHROMIUM_PATH names ${env.CHROMIUM_PATH}, which does not exist.`);
    return env.CHROMIUM_PATH;
  }
  const found = (CANDIDATES[platform] ?? []).find(isFile);
  if (!found) throw new BrowserNotFound(BROWSER_INSTALL_HINT);
  return found;
}
