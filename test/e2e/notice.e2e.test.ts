// What users notice (issue 14), as a person sees it in the browser: the Output's lines in one shape
// with their levels, a stop with exactly one notification, names instead of ids, the JSON box
// starting from the defaults, and the profile in the status bar and the view.
import * as assert from 'assert';
import * as path from 'path';
import { ROOT, startLongRun, waitUntil, Workbench, workbenchForSuite } from './workbench';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const serverLib = require(path.join(ROOT, 'test', 'harness', 'lib', 'localServer.js'));

/** Every distinct toast text seen during `ms` (toasts can hide by themselves, so they are collected). */
async function toastsDuring(workbench: Workbench, ms: number): Promise<string[]> {
  const seen = new Set<string>();
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    for (const text of await workbench.notifications()) seen.add(text.replace(/\s+/g, ' ').trim());
    await workbench.page.waitForTimeout(200);
  }
  return [...seen];
}

describe('e2e: what users notice', function () {
  this.timeout(300_000);
  let workbench: Workbench;

  workbenchForSuite('notice', { keyInEnvironment: true }, { treeRow: 'always_fails' }, (opened) => (workbench = opened));
  afterEach(async () => workbench.page.keyboard.press('Escape'));

  it('shows each Output line with its time, its level and the run it belongs to', async () => {
    await workbench.runCommand('Notte: Run Function…');
    await workbench.pickQuickItem('always_fails');
    await workbench.typeInInputBox('shape me', { expectPrompt: /message \(str\)/ });
    await workbench.typeInInputBox('0.1', { expectPrompt: /delay \(float\)/ });
    await workbench.waitForNotification(/always_fails · \d\d:\d\d:\d\d failed: ValueError: shape me/, 60_000);
    const text = await workbench.waitForOutput(/■ failed/, 30_000);
    const lines = text.split('\n');
    const line = (pattern: RegExp) => lines.find((l) => pattern.test(l)) ?? '';
    const shape = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} \[(info|warning|error)\] \[always_fails \d\d:\d\d:\d\d\] /;
    assert.match(line(/About to fail on purpose/), shape);
    assert.match(line(/About to fail on purpose/), /\[info\]/);
    assert.match(line(/warning: the next step raises/), /\[warning\]/);
    assert.match(line(/Traceback \(most recent call last\)/), /\[error\]/);
    assert.match(line(/ValueError: shape me$/), /\[error\]/);
    for (const l of lines.filter((l) => /\[always_fails /.test(l))) assert.match(l, shape, `every line of the run has the shape: ${l}`);
    // The run's row: its start time as the label, status and duration as the description.
    await workbench.expand(await workbench.waitForTreeRow('always_fails'));
    const row = await workbench.waitForTreeRow(/failed · /, 30_000);
    assert.match(await row.innerText(), /\d\d:\d\d:\d\d\s*failed · \d/);
    await workbench.screenshot('output-lines');
  });

  it('says a stopped run stopped, once', async () => {
    const activeRow = await startLongRun(workbench);
    await workbench.contextMenu(activeRow, 'Stop Run');
    // The outcome itself (the progress toast "Running run_until_stopped…" matches /stopped/ too), then
    // a few seconds more to see that no second one follows.
    const outcome = await workbench.waitForNotification(/run_until_stopped · \d\d:\d\d:\d\d stopped by Stop Run\./, 30_000);
    const toasts = [...new Set([outcome.replace(/\s+/g, ' ').trim(), ...(await toastsDuring(workbench, 4000))])];
    // The progress notification of the run ("Running run_until_stopped: 60 log lines") is not an outcome.
    const aboutTheRun = toasts.filter((t) => /stopped|failed/.test(t) && !/Running run_until_stopped/.test(t));
    assert.strictEqual(aboutTheRun.length, 1, `one notification about the run: ${JSON.stringify(toasts)}`);
    assert.match(aboutTheRun[0], /run_until_stopped · \d\d:\d\d:\d\d stopped by Stop Run\./);
    await workbench.waitForOutput(/■ stopped by Stop Run/, 30_000);
    await workbench.waitForTreeRow(/stopped · /, 30_000);
    await workbench.screenshot('stopped-once');
  });

  it('starts the JSON box from the defaults', async () => {
    await workbench.runCommand('Notte: Run Function with JSON Variables');
    await workbench.pickQuickItem('echo_variables');
    const box = workbench.page.locator('.quick-input-widget input').first();
    const value = await waitUntil('the JSON box to be filled', async () => {
      const v = await box.inputValue();
      return v.startsWith('{"') ? v : undefined;
    });
    const parsed = JSON.parse(value) as Record<string, unknown>;
    assert.strictEqual(parsed.count, 2, value);
    assert.strictEqual(parsed.ratio, 0.5, value);
    await workbench.screenshot('json-box');
    await workbench.page.keyboard.press('Escape');
  });

  it('shows the active profile in the status bar, named by its address with a server icon, and switches from its quick pick', async () => {
    // The default profile points at the local server: named by its address, not "Default" beside a cloud.
    const host = workbench.server.url.replace(/^http:\/\//, '');
    const item = workbench.page.locator('.part.statusbar .statusbar-item', { hasText: `Notte: ${host}` }).first();
    await item.waitFor({ state: 'visible', timeout: 20_000 });
    assert.strictEqual(await item.locator('.codicon-server-process').count(), 1, 'a server icon, not a cloud');
    const description = workbench.page.locator('.part.sidebar .pane-header', { hasText: 'Functions' }).first();
    assert.ok((await description.innerText()).includes(host));
    await item.click();
    await workbench.expectInputBox(/Add Profile/);
    await workbench.screenshot('profile-pick');
    await workbench.page.keyboard.press('Escape');
  });

  // Last: it stops the workbench's server.
  it('shows the whole message and what helps when the server goes away, and Retry lists again once it is back', async () => {
    const port = Number(new URL(workbench.server.url).port);
    await workbench.server.stop();
    await workbench.runCommand('Notte: Refresh');
    const sidebar = workbench.page.locator('.part.sidebar');
    const from = `Could not load functions from ${new URL(workbench.server.url).host}.`;
    await waitUntil("the view's message", async () => (await sidebar.innerText()).includes(from) && /reach|refused|connect/i.test(await sidebar.innerText()), 30_000);
    await workbench.waitForTreeRow('Retry', 30_000);
    await workbench.waitForTreeRow('Switch Profile…');
    await workbench.waitForTreeRow('Open Settings');
    // A server on this machine (a loopback address, as the demo's) can be started again from here.
    await workbench.waitForTreeRow('Start Local Functions Server');
    // The status bar says it too, where it is seen from any view.
    const host = new URL(workbench.server.url).host;
    const status = workbench.page.locator('.part.statusbar .statusbar-item', { hasText: `Notte: ${host}` }).first();
    await waitUntil('the status bar to show the server unreachable', async () => (await status.locator('.codicon-debug-disconnect').count()) === 1, 20_000);
    await workbench.screenshot('view-error');
    const again = await serverLib.startLocalServer({ port, key: workbench.server.key });
    try {
      await (await workbench.waitForTreeRow('Retry')).click();
      await workbench.waitForTreeRow('progress_report', 30_000);
      await waitUntil('the status bar to show the server again', async () => (await status.locator('.codicon-server-process').count()) === 1, 20_000);
      assert.strictEqual(await status.locator('.codicon-debug-disconnect').count(), 0);
      await workbench.screenshot('view-recovered');
    } finally {
      await again.stop();
    }
  });
});
