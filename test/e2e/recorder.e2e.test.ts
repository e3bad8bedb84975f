// The browser panel as a person uses it, in the web workbench against the local server's Chromium: Record
// at Cursor from the palette in a function file, the live page drawn in the panel, the address bar, an
// element chosen by clicking on the frame and filled from the panel, the steps inserted at the cursor
// inside the file's session block, then Pick Element writing the selector of what is clicked on the frame;
// and Record a New Function: goto, fills (one picked on the frame, made a variable), a select, a click and
// a scrape, exported as a new function file, the session's recorded steps then replayed on a new session.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame } from 'playwright-core';
import { waitUntil, Workbench, workbenchForSuite } from './workbench';

const FUNCTION = ['from notte_sdk import NotteClient', '', '', 'def run():', '    with NotteClient().Session() as session:', '', '        return session.scrape()', ''].join('\n');

/** The browser panel's frame, once its script took the page over. */
async function panelFrame(workbench: Workbench): Promise<Frame> {
  return waitUntil(
    'the browser panel',
    async () => {
      for (const frame of workbench.page.frames()) {
        if (frame === workbench.page.mainFrame()) continue;
        try {
          if (await frame.$('#app:not([aria-busy]) #address')) return frame;
        } catch {
          // A frame that went away while it was asked.
        }
      }
      return undefined;
    },
    60_000,
    300,
  );
}

/** Clicks the live frame in the middle of the element the panel lists with this label. */
async function clickOnFrame(panel: Frame, label: string): Promise<void> {
  const row = panel.locator('#elements li', { has: panel.locator('.label', { hasText: new RegExp(`^${label}$`) }) });
  await row.waitFor({ timeout: 30_000 });
  const id = (await row.getAttribute('data-id'))!;
  // Outlined on hover: the outline's place on the frame is where the element is drawn.
  await row.hover();
  const outline = panel.locator('#hover-box');
  await waitUntil('the hovered element outlined', async () => (await outline.getAttribute('data-element')) === id || undefined);
  const box = (await outline.boundingBox())!;
  await panel.locator('#frame').click({ position: await framePosition(panel, box.x + box.width / 2, box.y + box.height / 2) });
  await waitUntil(`${label} selected from the frame`, async () => (await row.getAttribute('aria-selected')) === 'true' || undefined);
}

async function framePosition(panel: Frame, pageX: number, pageY: number): Promise<{ x: number; y: number }> {
  const frame = (await panel.locator('#frame').boundingBox())!;
  return { x: pageX - frame.x, y: pageY - frame.y };
}

/** Puts the cursor at the start of a 1-based line, by keyboard. */
async function goToLine(workbench: Workbench, line: number): Promise<void> {
  const keyboard = workbench.page.keyboard;
  await workbench.page.locator('.part.editor .editor-instance .view-lines').first().click();
  await keyboard.press('Control+Home');
  for (let i = 1; i < line; i++) await keyboard.press('ArrowDown');
  await keyboard.press('Home');
  await waitUntil(`the cursor on line ${line}`, async () => {
    const status =
      (await workbench.page
        .locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ })
        .first()
        .textContent()) ?? '';
    return status.startsWith(`Ln ${line},`) || undefined;
  });
}

describe('e2e: the browser panel', function () {
  this.timeout(300_000);
  let workbench: Workbench;
  workbenchForSuite('recorder', { keyInEnvironment: true, files: { 'shop_order.py': FUNCTION } }, {}, (w) => (workbench = w));

  it('records at the cursor: the live page, the address bar, a fill on an element clicked on the frame, inserted in the session block', async () => {
    await workbench.quickOpen('shop_order.py');
    await goToLine(workbench, 6);
    await workbench.runCommand('Notte: Record at Cursor');
    const panel = await panelFrame(workbench);
    // Until its first frame the image is hidden, the wait said instead (it drew a broken-image icon).
    const early = await panel.evaluate(() => ({ frames: document.getElementById('frame')!.dataset.frames, hidden: document.getElementById('frame')!.hidden }));
    assert.strictEqual(early.hidden, early.frames === undefined, JSON.stringify(early));
    await waitUntil('a frame drawn', async () => Number((await panel.locator('#frame').getAttribute('data-frames')) ?? 0) > 0 || undefined, 60_000);
    // A blank tab leaves the bar empty, suggesting the local server's own shop.
    await panel.locator('#elements li.empty').waitFor({ timeout: 30_000 });
    assert.deepStrictEqual(
      [await panel.locator('#address').inputValue(), await panel.locator('#address').getAttribute('placeholder')],
      ['', `https://…  or the local server's shop: ${workbench.server.url}/pages/shop`],
    );
    await panel.locator('#address').fill(`${workbench.server.url}/pages/shop`);
    await panel.locator('#address').press('Enter');
    await panel.locator('#steps li', { hasText: 'goto' }).waitFor({ timeout: 30_000 });
    // As on a page: a click on the field, then typing and Enter (the keys once went nowhere).
    await clickOnFrame(panel, 'email');
    await waitUntil('the value box to take the keys', async () => (await panel.evaluate(() => document.activeElement?.id)) === 'detail-value' || undefined);
    await panel.page().keyboard.type('grace@example.com');
    await panel.page().keyboard.press('Enter');
    await panel.locator('#steps li', { hasText: '#email' }).waitFor({ timeout: 30_000 });
    const codes = await panel.locator('#steps li pre.code').allInnerTexts();
    assert.strictEqual(codes.length, 2, codes.join('\n'));
    assert.match(codes[0], /^session\.execute\(type="goto", url="http:\/\/127\.0\.0\.1:\d+\/pages\/shop"\)$/);
    assert.strictEqual(codes[1], 'session.execute(type="fill", selector="#email", value="grace@example.com")');
    await workbench.screenshot('recording');
    await panel.locator('#export-cursor').click();
    const text = await waitUntil('the steps in the editor', async () => {
      const shown = await workbench.activeEditorText();
      return /session\.execute\(type="fill", selector="#email", value="grace@example\.com"\)/.test(shown) ? shown : undefined;
    });
    assert.match(
      text,
      /with NotteClient\(\)\.Session\(\) as session:\n {8}session\.execute\(type="goto", url="http:\/\/127\.0\.0\.1:\d+\/pages\/shop"\)\n {8}session\.execute\(type="fill"/,
    );
    assert.match(text, /value="grace@example\.com"\)\n {8}return session\.scrape\(\)/);
  });

  it('picks an element on the frame: its selector and action are written on the empty line at the cursor', async () => {
    const before = (await workbench.activeEditorText()).split('\n');
    const returnLine = before.findIndex((l) => l.trim() === 'return session.scrape()') + 1;
    await goToLine(workbench, returnLine);
    await workbench.page.keyboard.press('Home');
    await workbench.page.keyboard.press('Enter');
    await workbench.page.keyboard.press('ArrowUp');
    await workbench.runCommand('Notte: Pick Element');
    const panel = await panelFrame(workbench);
    await waitUntil('the panel in Pick Element mode', async () => /Pick Element/.test((await panel.locator('#mode-text').textContent()) ?? '') || undefined);
    await clickOnFrame(panel, 'name');
    const text = await waitUntil('the picked selector in the editor', async () => {
      const shown = await workbench.activeEditorText();
      return shown.includes('session.execute(type="fill", selector="#name", value="")') ? shown : undefined;
    });
    assert.match(text, /\n {8}session\.execute\(type="fill", selector="#name", value=""\)\n {8}return session\.scrape\(\)/);
    await workbench.screenshot('picked');
  });

  it('keeps text left in the address bar without Enter, until the page goes elsewhere: then the bar shows where it is', async () => {
    const panel = await panelFrame(workbench);
    const address = panel.locator('#address');
    assert.strictEqual(await address.inputValue(), `${workbench.server.url}/pages/shop`);
    await address.fill('half typed');
    await panel.locator('#typed').fill(`goto ${workbench.server.url}/pages/blank`);
    assert.strictEqual(await address.inputValue(), 'half typed', 'left there, the text stays');
    await panel.locator('#typed').press('Enter');
    const blank = `${workbench.server.url}/pages/blank`;
    await waitUntil('the new page in the address bar', async () => (await address.inputValue()) === blank || undefined, 30_000);
  });
});

interface Execution {
  success: boolean;
  message: string;
}

/** A call to the workbench's local server over real HTTP, with its key. */
async function serverCall<T>(workbench: Workbench, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(`${workbench.server.url}${route}`, {
    method,
    headers: { Authorization: `Bearer ${workbench.server.key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${route}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

/** Chooses an element and fills it with the keyboard only, as a person without a mouse. */
async function fillByKeyboard(workbench: Workbench, panel: Frame, label: string, text: string): Promise<void> {
  const count = await panel.locator('#steps li').count();
  const row = panel.locator('#elements li', { has: panel.locator('.label', { hasText: new RegExp(`^${label}$`) }) });
  await row.waitFor({ timeout: 30_000 });
  const focused = () => panel.evaluate(() => (document.activeElement as HTMLElement | null)?.id ?? '');
  await panel.locator('#filter').fill(label);
  await panel.locator('#filter').press('ArrowDown');
  await waitUntil(`${label} chosen by the arrow key`, async () => (await row.getAttribute('aria-selected')) === 'true' || undefined);
  assert.strictEqual(await focused(), 'elements');
  assert.strictEqual(await panel.locator('#elements').getAttribute('aria-activedescendant'), await row.getAttribute('id'));
  await workbench.page.keyboard.press('Enter');
  await waitUntil('the value box focused', async () => (await focused()) === 'detail-value' || undefined);
  await workbench.page.keyboard.type(text);
  await workbench.page.keyboard.press('Enter');
  await waitUntil(`the fill of ${label} recorded`, async () => (await panel.locator('#steps li').count()) > count || undefined, 30_000);
  await panel.locator('#filter').fill('');
}

/** Clicks a field's row in the list and types, as on a page: the value box takes the keys, Enter records the fill. */
async function clickRowAndType(workbench: Workbench, panel: Frame, label: string, text: string, step: string): Promise<void> {
  const count = await panel.locator('#steps li').count();
  const row = panel.locator('#elements li', { has: panel.locator('.label', { hasText: new RegExp(`^${label}$`) }) });
  await row.click();
  await waitUntil('the value box focused', async () => (await panel.evaluate(() => document.activeElement?.id)) === 'detail-value' || undefined);
  await workbench.page.keyboard.type(text);
  await workbench.page.keyboard.press('Enter');
  await waitUntil(`the fill of ${label} recorded`, async () => (await panel.locator('#steps li').count()) > count || undefined, 30_000);
  await panel.locator('#steps li', { hasText: step }).last().waitFor({ timeout: 10_000 });
}

/** Acts on the selected element with the detail's button (and value), then waits for its step. */
async function actOnSelected(panel: Frame, value: string | undefined, step: string | RegExp): Promise<void> {
  const count = await panel.locator('#steps li').count();
  if (value !== undefined) await panel.locator('#detail-value').fill(value);
  await panel.locator('#detail-act').click();
  await waitUntil(`the step ${step} recorded`, async () => (await panel.locator('#steps li').count()) > count || undefined, 30_000);
  await panel.locator('#steps li', { hasText: step }).last().waitFor({ timeout: 10_000 });
}

describe('e2e: recording a new function in the browser panel', function () {
  this.timeout(360_000);
  let workbench: Workbench;
  let sessionId = '';
  let scraped = '';
  workbenchForSuite('recorder-new', { keyInEnvironment: true }, {}, (w) => (workbench = w));

  it('records goto, a fill typed after its row was clicked (made a variable), a select and a click on the frame, a scrape, and exports them as a new function', async () => {
    await workbench.runCommand('Notte: Record a New Function…');
    const panel = await panelFrame(workbench);
    await waitUntil('a frame drawn', async () => Number((await panel.locator('#frame').getAttribute('data-frames')) ?? 0) > 0 || undefined, 60_000);
    sessionId = (await panel.locator('body').getAttribute('data-session-id')) ?? '';
    assert.match(sessionId, /^[0-9a-f-]{36}$/);
    assert.match((await panel.locator('#mode-text').textContent()) ?? '', /Recording a new function/);
    // The first observation (of the blank page, which leaves the address bar empty) lists no element: typed into only once it landed.
    await panel.locator('#elements li.empty').waitFor({ timeout: 60_000 });
    await panel.locator('#address').fill(`${workbench.server.url}/pages/shop`);
    await panel.locator('#address').press('Enter');
    await panel.locator('#steps li', { hasText: 'goto' }).waitFor({ timeout: 30_000 });
    // The first fill by keyboard alone: the filter, the arrow down into the list (its row chosen and read
    // as the list's current one), Enter to the value box, the text typed and Enter.
    await fillByKeyboard(workbench, panel, 'name', 'Grace');
    // A row clicked, then typed into (the keys once went to the list and were lost).
    await clickRowAndType(workbench, panel, 'email', 'grace@example.com', '#email');
    await clickOnFrame(panel, 'Notebook Pencil Backpack');
    await actOnSelected(panel, 'Pencil', 'select_dropdown_option');
    await clickOnFrame(panel, 'Place order');
    // A button clicked on the frame is chosen, not pressed: its action button is focused and in view.
    await waitUntil('the action button focused', async () => (await panel.evaluate(() => document.activeElement?.id)) === 'detail-act' || undefined);
    await actOnSelected(panel, undefined, 'Place order');
    await panel.locator('#scrape').click();
    await panel.locator('#steps li', { hasText: 'session.scrape()' }).waitFor({ timeout: 30_000 });
    scraped = (await panel.locator('#markdown').textContent()) ?? '';
    assert.match(scraped, /Order placed: 1 x Pencil for Grace <grace@example\.com>/);
    // Once the scrape is done, its "Scrape…" notice goes.
    await panel.waitForFunction(() => document.getElementById('notice')?.textContent === '', undefined, { timeout: 20_000 });
    // The filled email becomes a parameter of run(), named after its element.
    // By keyboard: Space on the step's box, and the focus comes back on the new parameter's name (the list is drawn anew).
    const toggle = panel.locator('#steps li', { hasText: '#email' }).locator('.variable-toggle');
    assert.match((await toggle.getAttribute('aria-label')) ?? '', /^Step \d+: its value as a variable of run\(\)$/);
    await toggle.focus();
    await workbench.page.keyboard.press('Space');
    await panel.locator('#steps li .variable-name').waitFor({ timeout: 20_000 });
    await waitUntil('the new name field focused', async () => (await panel.evaluate(() => document.activeElement?.classList.contains('variable-name'))) || undefined);
    const codes = await panel.locator('#steps li pre.code').allInnerTexts();
    assert.deepStrictEqual(codes.slice(1), [
      'session.execute(type="fill", selector="#name", value="Grace")',
      'session.execute(type="fill", selector="#email", value=email)',
      'session.execute(type="select_dropdown_option", selector="#product", value="Pencil")',
      `session.execute(type="click", selector='role=button[name="Place order"s]')`,
      'result = session.scrape()',
    ]);
    // The README's picture of recording: the side bar closed, for the panel's room.
    await workbench.runCommand('View: Close Primary Side Bar');
    await workbench.page.locator('.part.sidebar').waitFor({ state: 'hidden', timeout: 20_000 });
    await workbench.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 20_000 });
    await workbench.screenshot('recording');
    await panel.locator('#export-new').click();
    await workbench.typeInInputBox('shop_order_recorded', { expectPrompt: /File name in/ });
    await workbench.page.locator('.part.editor .tab.active', { hasText: 'shop_order_recorded.py' }).waitFor({ timeout: 30_000 });
    const text = fs.readFileSync(path.join(workbench.workspace, 'shop_order_recorded.py'), 'utf8');
    assert.match(text, /^from notte_sdk import NotteClient$/m);
    assert.match(text, /^def run\(email: str = "grace@example\.com"\):$/m);
    const order = [
      /^ {4}with client\.Session\(\) as session:$/m,
      /^ {8}session\.execute\(type="goto", url="http:\/\/127\.0\.0\.1:\d+\/pages\/shop"\)$/m,
      /^ {8}session\.execute\(type="fill", selector="#name", value="Grace"\)$/m,
      /^ {8}session\.execute\(type="fill", selector="#email", value=email\)$/m,
      /^ {8}session\.execute\(type="select_dropdown_option", selector="#product", value="Pencil"\)$/m,
      /^ {8}session\.execute\(type="click", selector='role=button\[name="Place order"s\]'\)$/m,
      /^ {8}result = session\.scrape\(\)$/m,
      /^ {4}return result$/m,
    ].map((line) => {
      const found = line.exec(text);
      assert.ok(found, `${line} in:\n${text}`);
      return found.index;
    });
    assert.deepStrictEqual(
      order,
      [...order].sort((a, b) => a - b),
      `the steps in the order recorded:\n${text}`,
    );
  });

  it("replays the session's recorded steps (json_actions) on a new session through the API, to the same scrape", async () => {
    assert.ok(sessionId && scraped, 'the recording above ran');
    const code = await serverCall<{ json_actions: Record<string, unknown>[] }>(workbench, 'GET', `/sessions/${sessionId}/workflow/code`);
    assert.deepStrictEqual(
      code.json_actions.map((a) => a.type),
      ['goto', 'fill', 'fill', 'select_dropdown_option', 'click', 'scrape'],
    );
    const replay = (await serverCall<{ session_id: string }>(workbench, 'POST', '/sessions/start', {})).session_id;
    assert.notStrictEqual(replay, sessionId);
    try {
      let markdown: string | undefined;
      for (const action of code.json_actions) {
        if (action.type === 'scrape') {
          const { type: _type, ...params } = action;
          void _type;
          markdown = (await serverCall<{ markdown: string }>(workbench, 'POST', `/sessions/${replay}/page/scrape`, params)).markdown;
        } else {
          const result = await serverCall<Execution>(workbench, 'POST', `/sessions/${replay}/page/execute`, action);
          assert.ok(result.success, `${JSON.stringify(action)}: ${result.message}`);
        }
      }
      assert.strictEqual(markdown, scraped);
    } finally {
      await serverCall(workbench, 'DELETE', `/sessions/${replay}/stop`).catch(() => undefined);
    }
  });
});
