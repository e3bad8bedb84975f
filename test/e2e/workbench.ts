// Drives VS Code's web workbench in headless Chromium as a person would: palette, input boxes, the
// Notte view, context menus, the Output panel. Every step waits for what a person would see, within
// a deadline; nothing sleeps for a fixed time to let VS Code "settle".
//
//   const wb = await openWorkbench({ name: 'api-key', env: {...}, settings: {...} });
//   await wb.runCommand('Notte: Set API Key');
//   await wb.typeInInputBox(key, { password: true });
//   await wb.treeItems('Functions');  await wb.contextMenu('echo_variables', 'Run Function…');
//   await wb.outputText('Notte Runs');  await wb.notifications();  await wb.screenshot('step');
//   await wb.close();
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Locator, Page } from 'playwright-core';

export const ROOT = findRoot(__dirname);
// The harness libraries are plain JavaScript shared with run-all and the demo.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const vscodeLib = require(path.join(ROOT, 'test', 'harness', 'lib', 'vscode.js'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const serverLib = require(path.join(ROOT, 'test', 'harness', 'lib', 'localServer.js'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const procLib = require(path.join(ROOT, 'test', 'harness', 'lib', 'proc.js'));
procLib.stopAllOnExit();

export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
const STEP_TIMEOUT = 20_000;

export interface LocalServer {
  url: string;
  key: string;
  functionsDir: string;
  stop(): Promise<void>;
}

export interface WorkbenchOptions {
  /** Names the screenshots of this workbench (test-results/screenshots/<name>-NN-<step>.png). */
  name?: string;
  /** Give the extension NOTTE_API_KEY (the local server's key) through the environment. */
  keyInEnvironment?: boolean;
  /** More environment for VS Code's server process (it reaches the extension host); wins over the defaults. */
  env?: Record<string, string>;
  /** User settings (written to <user-data-dir>/User/settings.json before VS Code starts). */
  settings?: Record<string, unknown>;
  /** Files to create in the opened workspace folder (a relative path, its folders made; content may name the local server, as a link does). */
  files?: Record<string, string | ((server: LocalServer) => string)>;
  serverArgs?: string[];
  /** The folder of functions the local server serves (default: a copy of the built examples, dist/examples). */
  functionsDir?: string;
  /** The display language, from a stand-in language pack (test/e2e/fixtures/language-pack-<id>/main.i18n.json). */
  locale?: string;
}

function findRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'esbuild.js'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('project root not found');
    dir = parent;
  }
  return dir;
}

let extensionsDir: string | undefined;

/** Installs the packaged .vsix once per test run into a throwaway extensions folder. */
export async function installedExtensions(): Promise<string> {
  if (extensionsDir) return extensionsDir;
  const vsix = process.env.NOTTE_VSIX || path.join(ROOT, 'notte-functions.vsix');
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} is missing: run "npm run package" first`);
  // Removed when the test process ends (the harness's temp folders are).
  const dir: string = procLib.tempDir('notte-e2e-extensions-');
  await vscodeLib.ensureVSCode();
  await vscodeLib.installVsix(vsix, dir);
  extensionsDir = dir;
  return dir;
}

export class Workbench {
  private shotIndex = 0;

  private constructor(
    readonly page: Page,
    readonly server: LocalServer,
    readonly workspace: string,
    private readonly browser: Browser,
    private readonly vscode: { url: string; stop(): Promise<void> },
    readonly name: string,
  ) {}

  static async open(name: string, options: WorkbenchOptions = {}): Promise<Workbench> {
    const extensions = await installedExtensions();
    const server: LocalServer = await serverLib.startLocalServer({ args: options.serverArgs ?? [], functionsDir: options.functionsDir });
    const workspace: string = procLib.tempDir('notte-e2e-workspace-');
    for (const [file, content] of Object.entries(options.files ?? {})) {
      fs.mkdirSync(path.dirname(path.join(workspace, file)), { recursive: true });
      fs.writeFileSync(path.join(workspace, file), typeof content === 'function' ? content(server) : content);
    }
    const env: Record<string, string> = {
      NOTTE_API_URL: server.url,
      NOTTE_API_KEY: options.keyInEnvironment ? server.key : '',
      ...(options.env ?? {}),
    };
    let vscode: { url: string; stop(): Promise<void> } | undefined;
    let browser: Browser | undefined;
    try {
      // The walkthrough opens by itself on a fresh profile (which each workbench is): only the test of it wants that.
      const settings = { 'workbench.welcomePage.walkthroughs.openOnInstall': false, ...(options.settings ?? {}) };
      const locale = options.locale && { id: options.locale, translations: path.join(ROOT, 'test', 'e2e', 'fixtures', `language-pack-${options.locale}`, 'main.i18n.json') };
      vscode = await vscodeLib.startVSCodeServer({ env, extensionsDir: extensions, settings, locale, logPrefix: `[e2e ${name}]` });
      browser = (await vscodeLib.launchBrowser()) as Browser;
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: vscode!.url });
      const page = await context.newPage();
      // A loaded machine can take longer than Playwright's default 30 s to serve the workbench.
      await page.goto(`${vscode!.url}/?folder=${encodeURIComponent(workspace)}`, { timeout: 120_000 });
      await page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 90_000 });
      return new Workbench(page, server, workspace, browser, vscode!, name);
    } catch (error) {
      await browser?.close().catch(() => undefined);
      await vscode?.stop();
      await server.stop();
      procLib.removeTempDir(workspace);
      throw new Error(`VS Code could not be started for "${name}": ${(error as Error).message}`);
    }
  }

  async close(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.vscode.stop();
    await this.server.stop();
    procLib.removeTempDir(this.workspace);
  }

  /** For an afterEach: a screenshot named after the failed test, then close. */
  async closeAfter(test: { state?: string; title: string } | undefined): Promise<void> {
    if (test?.state === 'failed') await this.screenshot(`failure-${test.title}`).catch(() => undefined);
    await this.close();
  }

  async screenshot(step: string): Promise<string> {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    const file = path.join(SCREENSHOTS, `${this.name}-${String(++this.shotIndex).padStart(2, '0')}-${step.replace(/[^a-z0-9]+/gi, '-')}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  /** Runs a palette command by its title, retrying while the extension is still activating. */
  async runCommand(title: string): Promise<void> {
    const deadline = Date.now() + STEP_TIMEOUT;
    for (;;) {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('F1');
      const input = this.page.locator('.quick-input-widget input');
      const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      try {
        // The palette can close as it opens (focus taken by a view or a notification, the workbench busy): opened again.
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await input.fill(`>${title}`, { timeout: 5000 });
        await row.waitFor({ state: 'visible', timeout: 3000 });
        const label = (await row.getAttribute('aria-label')) ?? '';
        if (label.includes(title)) {
          await this.page.keyboard.press('Enter');
          return;
        }
      } catch {
        // Not listed yet (the extension may still be activating), or the palette closed: tried again.
      }
      if (Date.now() > deadline) throw new Error(`Command "${title}" not found in the palette`);
      await this.page.waitForTimeout(500);
    }
  }

  /**
   * Types into the open input box and accepts it. `expectPrompt` waits for the box's own prompt (so the
   * text never lands in the previous box); `password` checks that the box hides (or shows) what is typed.
   */
  async typeInInputBox(text: string, options: { expectPrompt?: string | RegExp; password?: boolean } = {}): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    if (options.expectPrompt) await expectText(widget, options.expectPrompt);
    const input = widget.locator('input').first();
    if (options.password !== undefined) {
      // The palette's own (plain) input can still be on screen for a moment after the command ran, so wait
      // for the box to settle into the expected kind rather than judging the first frame.
      const deadline = Date.now() + STEP_TIMEOUT;
      for (;;) {
        const type = await input.getAttribute('type');
        if ((type === 'password') === options.password) break;
        if (Date.now() > deadline) throw new Error(`Expected ${options.password ? 'a password' : 'a plain'} input box, found type="${type}"`);
        await this.page.waitForTimeout(100);
      }
    }
    await input.fill(text);
    await this.page.keyboard.press('Enter');
  }

  async inputBoxText(): Promise<string> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    return widget.innerText();
  }

  /** Waits until the open input box shows the text (a prompt, a validation message). */
  async expectInputBox(pattern: string | RegExp): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await expectText(widget, pattern);
  }

  async pickQuickItem(label: string | RegExp): Promise<void> {
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
    await row.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await row.click();
  }

  /** Opens the Notte container from the activity bar. */
  async openNotteView(): Promise<Locator> {
    const title = this.page.locator('.part.sidebar .composite.title');
    if (!/notte/i.test((await title.innerText().catch(() => '')) ?? '')) {
      const item = this.page.locator('.part.activitybar .action-item a[aria-label^="Notte"], .part.activitybar .action-label[aria-label^="Notte"]').first();
      await item.waitFor({ state: 'visible', timeout: 60_000 });
      await item.click();
    }
    await expectText(title, /notte/i);
    return this.page.locator('.part.sidebar');
  }

  welcome(): Locator {
    return this.page.locator('.part.sidebar .welcome-view-content');
  }

  async treeLabels(): Promise<string[]> {
    const rows = this.page.locator('.part.sidebar .monaco-list-row');
    return readLabels(rows);
  }

  treeRow(label: string | RegExp): Locator {
    return this.page.locator('.part.sidebar .monaco-list-row', { hasText: label }).first();
  }

  async waitForTreeRow(label: string | RegExp, timeout = STEP_TIMEOUT): Promise<Locator> {
    const row = this.treeRow(label);
    await row.waitFor({ state: 'visible', timeout });
    return row;
  }

  /** Expands a tree row (a click on the twistie of a collapsed one: a click on a function's label opens its page). */
  async expand(row: Locator): Promise<void> {
    if ((await row.getAttribute('aria-expanded')) !== 'true') await row.locator('.monaco-tl-twistie').click();
    // Asked again each time: the tree redraws its rows while runs are followed, replacing the element.
    await waitUntil('the row to expand', async () => (await row.getAttribute('aria-expanded').catch(() => null)) === 'true' || undefined);
  }

  /** The labels of the rows of a view of the side bar, by the view's title ("Functions"); all rows when no title. */
  async treeItems(viewTitle?: string): Promise<string[]> {
    let rows = this.page.locator('.part.sidebar .monaco-list-row');
    if (viewTitle) {
      const pane = this.page.locator('.part.sidebar .pane', { has: this.page.locator('.pane-header', { hasText: viewTitle }) }).first();
      rows = pane.locator('.pane-body .monaco-list-row');
    }
    return readLabels(rows);
  }

  /** Right-clicks a row (a Locator, or the first side-bar row with that label) and picks an action of its context menu. */
  async contextMenu(item: Locator | string | RegExp, action: string): Promise<void> {
    const row = typeof item === 'string' || item instanceof RegExp ? await this.waitForTreeRow(item) : item;
    await this.page.keyboard.press('Escape');
    await row.click({ button: 'right' });
    const entry = this.page.locator('.context-view .monaco-menu a.action-menu-item', { hasText: action }).first();
    await entry.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await entry.hover();
    await entry.click();
    // The workbench's menu ignores a click that comes very soon after it opened (it takes it for the release
    // of the right click): on a quiet machine Playwright is that quick. The entry the mouse is on is then
    // chosen with Enter, as a keyboard user would.
    const menu = this.page.locator('.context-view .monaco-menu');
    const closed = await menu.waitFor({ state: 'hidden', timeout: 2000 }).then(
      () => true,
      () => false,
    );
    if (closed) return;
    await entry.hover();
    await this.page.keyboard.press('Enter');
    await menu.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
  }

  /** Opens a workspace file with Quick Open (Ctrl+P), as a person would. */
  async quickOpen(fileName: string): Promise<void> {
    await this.page.keyboard.press('Escape');
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
    await input.fill(fileName);
    await this.pickQuickItem(fileName);
    await this.page.locator('.part.editor .tab.active', { hasText: fileName }).waitFor({ timeout: STEP_TIMEOUT });
  }

  /** Shows an Output channel by its name, through "Output: Show Output Channels…" as a person would. */
  async showOutputChannel(channel: string): Promise<void> {
    await this.runCommand('Output: Show Output Channels');
    await this.pickQuickItem(channel);
    await this.page.locator('.part.panel .view-lines:visible').first().waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  }

  /**
   * The text of the Output panel's drawn lines (of `channel` when given: it is shown first). The panel's
   * editor draws only the lines in view (the tail while output streams), not the whole channel.
   */
  async outputText(channel?: string): Promise<string> {
    if (channel) await this.showOutputChannel(channel);
    const lines = this.page.locator('.part.panel .view-lines:visible .view-line');
    return (await lines.allInnerTexts()).join('\n').replace(/\u00a0/g, ' ');
  }

  /** Waits until the Output panel's drawn lines match. */
  async waitForOutput(pattern: RegExp, timeout = 30_000): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const text = await this.outputText();
      if (pattern.test(text)) return text;
      if (Date.now() > deadline) throw new Error(`Output never showed ${pattern}; it shows:\n${text}`);
      await this.page.waitForTimeout(250);
    }
  }

  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-toast').allInnerTexts();
  }

  async waitForNotification(pattern: RegExp, timeout = 30_000): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = (await this.notifications()).find((text) => pattern.test(text));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No notification matched ${pattern}; seen: ${JSON.stringify(await this.notifications())}`);
      await this.page.waitForTimeout(250);
    }
  }

  /** Presses a button of the first notification whose text matches. */
  async clickNotificationButton(pattern: RegExp, label: string): Promise<void> {
    await this.waitForNotification(pattern);
    const toast = this.page.locator('.notifications-toasts .notification-toast').filter({ hasText: pattern });
    await toast.first().getByRole('button', { name: label, exact: true }).click();
  }

  async clipboard(): Promise<string> {
    return this.page.evaluate(() => navigator.clipboard.readText());
  }

  /** The text of the active editor (the whole document, through the editor's model when possible). */
  async activeEditorText(): Promise<string> {
    const lines = this.page.locator('.part.editor .editor-instance .view-lines .view-line');
    // In their places on screen: after an edit the editor reuses line elements out of document order.
    const texts = await lines.evaluateAll((elements) =>
      elements
        .map((element) => ({ top: parseFloat((element as HTMLElement).style.top) || 0, text: (element as HTMLElement).innerText }))
        .sort((a, b) => a.top - b.top)
        .map((line) => line.text),
    );
    return texts.join('\n').replace(/\u00a0/g, ' ');
  }
}

/** Opens VS Code (server, browser, page) on a new workspace with the local Functions server behind it. */
export function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  return Workbench.open(options.name ?? 'workbench', options);
}

export interface SuiteSetup {
  /** Shows the Notte view and waits for this function's row in the tree. */
  treeRow?: string;
  /** More to wait for before the first test. */
  ready?: (workbench: Workbench) => Promise<unknown>;
}

/**
 * One workbench for all the tests of a describe: opened before the first (then `setup` waits for what
 * they need), a screenshot of each failed test, closed after the last. `use` receives it once opened.
 */
export function workbenchForSuite(name: string, options: WorkbenchOptions, setup: SuiteSetup, use: (workbench: Workbench) => void): void {
  let workbench: Workbench | undefined;
  before(async () => {
    workbench = await Workbench.open(name, options);
    use(workbench);
    if (setup.treeRow) {
      await workbench.openNotteView();
      await workbench.waitForTreeRow(setup.treeRow, 30_000);
    }
    await setup.ready?.(workbench);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.screenshot(`failure-${this.currentTest.title}`).catch(() => undefined);
  });
  after(async () => workbench?.close());
}

/** Runs the bundled run_until_stopped from the palette, as a person would; answers its row once it is active. */
export async function startLongRun(workbench: Workbench): Promise<Locator> {
  await workbench.runCommand('Notte: Run Function…');
  await workbench.pickQuickItem('run_until_stopped');
  await workbench.typeInInputBox('0.2', { expectPrompt: /interval \(float\)/ });
  await workbench.typeInInputBox('', { expectPrompt: /label \(str\)/ });
  await workbench.waitForOutput(/heartbeat 3/, 30_000);
  await workbench.expand(await workbench.waitForTreeRow('run_until_stopped'));
  return workbench.waitForTreeRow(/active/, 30_000);
}

/** A run as the local server lists it. */
export interface ServerRun {
  function_run_id: string;
  status: string;
  variables: Record<string, unknown>;
}

/** The function's runs on the workbench's local server, newest first, asked over HTTP. */
export async function runsOf(workbench: Workbench, functionId: string): Promise<ServerRun[]> {
  const response = await fetch(`${workbench.server.url}/functions/${functionId}/runs/?only_active=false&page_size=100`, {
    headers: { Authorization: `Bearer ${workbench.server.key}` },
  });
  return ((await response.json()) as { items: ServerRun[] }).items;
}

/** Polls `probe` until it answers something truthy, or fails after `timeout` ms naming `what`. */
/** The rows' labels in one read of the page: a row-by-row read can meet a row the tree has just replaced. */
function readLabels(rows: Locator): Promise<string[]> {
  return rows.evaluateAll((elements) => elements.map((element) => (element.getAttribute('aria-label') ?? (element as HTMLElement).innerText).trim()));
}

export function waitUntil<T>(what: string, probe: () => Promise<T | undefined | null | false> | T | undefined | null | false, timeout = STEP_TIMEOUT, interval = 200): Promise<T> {
  return procLib.waitFor(what, probe, timeout, interval);
}

async function expectText(locator: Locator, pattern: string | RegExp): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT;
  for (;;) {
    const text = await locator.innerText();
    if (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text)) return;
    if (Date.now() > deadline) throw new Error(`Expected ${pattern} in: ${text}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
