// Runs a script in the extension host of a fresh code-server VS Code, the way the harness runs the
// in-editor suite (its helpers in test/harness/lib/vscode.js: the VS Code server with the smoke-test
// driver, the workbench in headless Chromium with the extension-development payload).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { BenchContext } from './types';

export interface EditorRun {
  extensionTestsPath: string;
  env: Record<string, string>;
  /** An extensions folder for the VS Code server (installed extensions loaded beside ours, e.g. the bench's empty one). */
  extensionsDir?: string;
  timeoutMs?: number;
  /** Fills the workspace folder before VS Code opens it (e.g. the sets files of the Testing view's rows). */
  prepareWorkspace?(dir: string): void;
  /** Called with the page before it opens the workbench (e.g. to add init scripts to its frames). */
  beforeGoto?(page: PageLike): Promise<void>;
  /** Called with the page while the script runs (for reading the workbench); resolve when done. */
  withPage?(page: PageLike, finished: () => boolean): Promise<void>;
}

/** The few Playwright page methods used here. */
export interface PageLike {
  evaluate<T>(fn: () => T): Promise<T>;
  keyboard: { press(key: string): Promise<void> };
  waitForSelector(selector: string, options: { state: 'visible' | 'hidden'; timeout: number }): Promise<unknown>;
  context(): { newCDPSession(page: unknown): Promise<CdpSession> };
}

export interface Harness {
  ensureVSCode(log: (line: string) => void): Promise<unknown>;
  installVsix(vsix: string, extensionsDir: string): Promise<void>;
  startVSCodeServer(options: {
    env?: Record<string, string>;
    smokeDriver?: boolean;
    logPrefix?: string;
    extensionsDir?: string;
  }): Promise<{ url: string; port: number; output(): string; stop(): Promise<void> }>;
  launchBrowser(): Promise<{ newPage(): Promise<PlaywrightPage>; close(): Promise<void> }>;
}

interface PlaywrightPage extends PageLike {
  exposeFunction(name: string, fn: (...args: unknown[]) => unknown): Promise<void>;
  goto(url: string, options?: { timeout?: number }): Promise<unknown>;
}

import type { CdpSession } from './rendererProfile';

export async function runInEditor(ctx: BenchContext, run: EditorRun): Promise<void> {
  // The harness is plain JavaScript next to this bench; loaded at run time, not bundled.
  const harness = require(path.join(ctx.root, 'test', 'harness', 'lib', 'vscode.js')) as Harness;
  await harness.ensureVSCode((line) => ctx.log(line));
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-bench-workspace-'));
  run.prepareWorkspace?.(workspace);
  const vscode = await harness.startVSCodeServer({ smokeDriver: true, logPrefix: '[bench vscode]', env: run.env, extensionsDir: run.extensionsDir });
  let browser: Awaited<ReturnType<Harness['launchBrowser']>> | undefined;
  try {
    browser = await harness.launchBrowser();
    const page = await browser.newPage();
    let exitCode: number | undefined;
    const hostLines: string[] = [];
    await page.exposeFunction('codeAutomationLog', (_type: unknown, args: unknown) => {
      const text = Array.isArray(args) ? args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') : String(args ?? '');
      hostLines.push(text);
      if (hostLines.length > 200) hostLines.shift();
    });
    await page.exposeFunction('codeAutomationExit', (code: unknown) => {
      exitCode = Number(code);
    });
    await run.beforeGoto?.(page);
    const remote = (p: string) => `vscode-remote://127.0.0.1:${vscode.port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(ctx.root)],
      ['extensionTestsPath', remote(run.extensionTestsPath.replace(/\.js$/, ''))],
    ]);
    // A loaded machine (other processes were not stopped) can take longer than the default 30 s to serve the page.
    await page.goto(`${vscode.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`, { timeout: 120_000 });
    const pageWork = run.withPage?.(page, () => exitCode !== undefined);
    const deadline = Date.now() + (run.timeoutMs ?? 120_000);
    while (exitCode === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await pageWork;
    if (exitCode === undefined)
      throw new Error(`the bench script did not finish in the editor within ${(run.timeoutMs ?? 120_000) / 1000} s; host said: ${hostLines.slice(-5).join(' / ').slice(0, 500)}`);
    if (exitCode !== 0) ctx.log(`editor script exited ${exitCode}: ${hostLines.slice(-10).join('\n').slice(-1500)}`);
  } finally {
    await browser?.close().catch(() => undefined);
    await vscode.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}
