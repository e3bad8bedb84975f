// The one translation shipped (package.nls.fr.json) reaches a person whose VS Code speaks French: the
// palette lists the extension's commands under their French titles, and they run.
import * as assert from 'assert';
import { Workbench } from './workbench';

describe('e2e: VS Code in French', function () {
  this.timeout(300_000);
  let workbench: Workbench | undefined;

  afterEach(async function () {
    await workbench?.closeAfter(this.currentTest);
  });

  it('lists the commands under their French titles, and one of them runs from its French title', async () => {
    workbench = await Workbench.open('locale-fr', { locale: 'fr', keyInEnvironment: true });
    const { page } = workbench;
    const input = page.locator('.quick-input-widget input');
    const rows = page.locator('.quick-input-list .monaco-list-row');
    const french = rows.filter({ hasText: 'Notte: Nouvelle fonction…' }).first();
    // The palette lists the commands known when it opens: opened again until the extension's are there
    // (and again when it closed as it opened, as a busy workbench can make it).
    const deadline = Date.now() + 120_000;
    let title = '';
    for (;;) {
      try {
        await page.keyboard.press('Escape');
        await page.keyboard.press('F1');
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await input.fill('>Notte: Nouvelle fonction', { timeout: 5000 });
        await french.waitFor({ state: 'visible', timeout: 3000 });
        // The row's title is French; VS Code adds the English one beside it (so either can be typed).
        title = (await french.locator('.quick-input-list-label .label-name, .monaco-icon-name-container').first().innerText({ timeout: 3000 })).trim();
        await workbench.screenshot('palette-in-french');
        break;
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`no French title in the palette (${(error as Error).message.split('\n')[0]}): ${(await rows.allInnerTexts()).join(' | ')}`);
      }
    }
    assert.strictEqual(title, 'Notte: Nouvelle fonction…');
    await page.keyboard.press('Escape');

    const channel = page.locator('.part.panel .monaco-select-box, .part.panel select').first();
    // Run again if the panel did not come (a loaded workbench can drop a keystroke), as a person would.
    for (let attempt = 1; ; attempt++) {
      await workbench.runCommand('Notte: Afficher les journaux');
      try {
        await waitForText(channel, 'Notte Functions', 20_000);
        break;
      } catch (error) {
        if (attempt === 3) throw error;
      }
    }
  });
});

async function waitForText(locator: import('playwright-core').Locator, text: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = await locator.evaluate((element) => (element instanceof HTMLSelectElement ? element.selectedOptions[0]?.textContent : element.textContent) ?? '').catch(() => '');
    if (shown.includes(text)) return;
    if (Date.now() > deadline) throw new Error(`"${text}" was not shown (last: "${shown}")`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
