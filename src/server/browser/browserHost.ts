// The one Chromium the sessions share (a browser context each): started on the first session, closed
// after an idle minute, started again when needed. The server spawns it itself (its own process group,
// a temporary profile, `--remote-debugging-port=0`, a pipe that ends it with the server) and drives it
// with playwright-core over CDP, so it knows the process (to end it whole and to tell a crash), and the
// browser's CDP address, which the per-session CDP proxy (cdpProxy.ts) needs.
import { ChildProcess, spawn } from 'child_process';
import path = require('path');
import type { Browser } from 'playwright-core';
import { defaultCodeCacheDir, loadWithCodeCache } from '../codeCache';
import { newProfile, removeProfile } from './browserProfiles';
import { howProcessEnded } from '../../shared/processEnd';

/** Flags for a headless Chromium on a machine whose network may be closed: no background connections of Chromium's own. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-default-apps',
  '--disable-extensions',
  '--disable-breakpad',
  '--disable-dev-shm-usage',
  '--hide-scrollbars',
  '--mute-audio',
  '--no-startup-window',
  // Back and forward load pages again (as Playwright's own launches do): a page restored from the cache
  // fires no load event, and the action would wait for one.
  '--disable-back-forward-cache',
  // The screencast and the recorder need frames of pages nobody looks at.
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  // As Notte's cloud browsers (patchright): a page reads `navigator.webdriver` false, so a site that turns
  // automation away does not behave differently here than on Notte.
  '--disable-blink-features=AutomationControlled',
];

export const BROWSER_IDLE_CLOSE_MS = 60_000;
/**
 * How long the browser may take to say it listens. A fresh-clone CI run here once saw two starts take
 * about 30 s while the machine stalled (they take 0.3–2 s otherwise): a stall is not a broken browser.
 */
const LAUNCH_TIMEOUT_MS = 60_000;

export interface RunningBrowser {
  browser: Browser;
  pid: number;
  /** The browser's own CDP websocket (ws://127.0.0.1:PORT/devtools/browser/ID): for the server only, never given out. */
  cdpEndpoint: string;
  /** Its user agent without "HeadlessChrome" (which sites turn away): a context's default when the session sets none. */
  userAgent: string;
  /** Resolves when the process has exited, with why. */
  exited: Promise<string>;
}

export interface BrowserHostOptions {
  executable(): string;
  /** Extra Chromium flags of every launch (tests). */
  extraArgs?: string[];
  idleCloseMs?: number;
  log?(line: string): void;
}

type CrashListener = (running: RunningBrowser, reason: string) => void;

export class BrowserHost {
  private running?: RunningBrowser;
  private launching?: Promise<RunningBrowser>;
  private users = 0;
  private idleTimer?: NodeJS.Timeout;
  private closing = false;
  private readonly crashListeners = new Set<CrashListener>();
  /** Browsers being closed on purpose: their exit is not a crash. */
  private readonly retiring = new WeakSet<RunningBrowser>();

  constructor(private readonly options: BrowserHostOptions) {}

  /** The process id of the browser running now (tests count its processes). */
  get pid(): number | undefined {
    return this.running?.pid;
  }

  /** The browser running now, if any. */
  get browser(): Browser | undefined {
    return this.running?.browser;
  }

  onCrash(listener: CrashListener): () => void {
    this.crashListeners.add(listener);
    return () => this.crashListeners.delete(listener);
  }

  /** The shared browser, launched if needed; each acquire is matched by one release. */
  async acquire(): Promise<RunningBrowser> {
    if (this.closing) throw new Error('The local server is closing.');
    this.users++;
    clearTimeout(this.idleTimer);
    try {
      if (this.running) return this.running;
      this.launching ??= this.launch().finally(() => (this.launching = undefined));
      return await this.launching;
    } catch (error) {
      this.release();
      throw error;
    }
  }

  release(): void {
    this.users = Math.max(0, this.users - 1);
    if (this.users > 0 || !this.running) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      const idle = this.running;
      if (this.users === 0 && idle) void this.retire(idle);
    }, this.options.idleCloseMs ?? BROWSER_IDLE_CLOSE_MS);
    this.idleTimer.unref();
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.idleTimer);
    const launching = this.launching?.catch(() => undefined);
    const running = this.running ?? (await launching);
    if (running) await this.retire(running);
  }

  private async retire(running: RunningBrowser): Promise<void> {
    this.retiring.add(running);
    if (this.running === running) this.running = undefined;
    await running.browser.close().catch(() => undefined);
    killGroup(running.pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(running.pid, 'SIGKILL'), 3000);
    await running.exited;
    clearTimeout(timer);
    // Renderers left in the group (the main process went first) go too.
    killGroup(running.pid, 'SIGKILL');
  }

  /** playwright-core, compiled from this user's code cache when it holds it (codeCache.ts). */
  private loadPlaywright(): typeof import('playwright-core') {
    const started = performance.now();
    const root = path.dirname(require.resolve('playwright-core/package.json'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { value, source } = loadWithCodeCache(() => require('playwright-core') as typeof import('playwright-core'), root, defaultCodeCacheDir());
    if (source !== 'loaded before') this.options.log?.(`playwright-core loaded in ${Math.round(performance.now() - started)} ms (compiled from its ${source})`);
    return value;
  }

  private async launch(): Promise<RunningBrowser> {
    const executable = this.options.executable();
    // Loaded while the browser starts (both take a few hundred ms); on a failure below the process is ended.
    const loading = Promise.resolve().then(() => this.loadPlaywright());
    loading.catch(() => undefined);
    const profile = newProfile();
    // `--remote-debugging-pipe` with nothing sent on it: the pipe's other end is this process, so when it
    // dies, even by SIGKILL (no exit hook runs then), the pipe closes and Chromium quits with it. (Its own
    // process group would otherwise outlive the server: the SDK trial found six processes left.)
    const args = [...CHROMIUM_FLAGS, ...(this.options.extraArgs ?? []), '--remote-debugging-port=0', '--remote-debugging-pipe', `--user-data-dir=${profile}`];
    // Its own process group, so the whole tree (zygotes, renderers) can be ended at once.
    const child = spawn(executable, args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'], detached: process.platform !== 'win32' });
    // The pipe is held and never written to (so Chromium sends nothing back): it keeps no event loop alive.
    for (const end of child.stdio.slice(3)) (end as { unref?(): void } | null)?.unref?.();
    const exited = new Promise<string>((resolve) => {
      child.once('error', (error) => resolve(`it could not be started (${error.message})`));
      child.once('exit', (code, signal) => {
        removeProfile(profile);
        resolve(`it ${howProcessEnded(code, signal)}`);
      });
    });
    let endpoint: string;
    let browser: Browser;
    let userAgent: string;
    try {
      endpoint = await devToolsEndpoint(child, exited, executable);
      const { chromium } = await loading;
      browser = await chromium.connectOverCDP(endpoint, { timeout: LAUNCH_TIMEOUT_MS });
      const cdp = await browser.newBrowserCDPSession();
      userAgent = (await cdp.send('Browser.getVersion')).userAgent.replace('HeadlessChrome/', 'Chrome/');
      await cdp.detach();
    } catch (error) {
      killGroup(child.pid, 'SIGKILL');
      throw error;
    }
    const running: RunningBrowser = { browser, pid: child.pid as number, cdpEndpoint: endpoint, userAgent, exited };
    this.running = running;
    // The browser is in a group of its own, so it would outlive a server that exits without closing it
    // (a forced exit): ending it is the last thing this process does.
    // Its profile folder too: the exit of the browser that removes it is never heard then.
    const onExit = () => {
      killGroup(running.pid, 'SIGKILL');
      removeProfile(profile);
    };
    process.once('exit', onExit);
    void exited.then(() => process.off('exit', onExit));
    this.options.log?.(`browser ${executable} started (pid ${child.pid})`);
    const lost = (reason: string) => {
      if (this.retiring.has(running)) return;
      this.retiring.add(running);
      if (this.running === running) this.running = undefined;
      killGroup(running.pid, 'SIGKILL');
      this.options.log?.(`browser (pid ${running.pid}) lost: ${reason}`);
      for (const listener of this.crashListeners) listener(running, reason);
    };
    void exited.then((why) => lost(`the browser process ended: ${why}`));
    browser.on('disconnected', () => lost('the connection to the browser was lost'));
    return running;
  }
}

/** Reads "DevTools listening on ws://…" from the browser's stderr. */
function devToolsEndpoint(child: ChildProcess, exited: Promise<string>, executable: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`The browser ${executable} did not start within ${LAUNCH_TIMEOUT_MS / 1000} s.`)), LAUNCH_TIMEOUT_MS);
    child.stderr?.setEncoding('utf8');
    const onData = (chunk: string) => {
      // Only the start is kept: Chromium may keep writing diagnostics for as long as it runs.
      if (text.length < 64 * 1024) text += chunk;
      const match = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stderr?.on('data', onData);
    void exited.then((why) => {
      clearTimeout(timer);
      reject(new Error(`The browser ${executable} stopped before it was ready: ${why}. ${text.trim().split('\n').slice(-3).join(' ')}`));
    });
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    if (process.platform === 'win32') process.kill(pid, signal);
    else process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
