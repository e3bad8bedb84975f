// Saved sets as tests as a person meets them: the Testing view lists a linked function's sets, the ▶
// VS Code draws in the gutter at its run( line runs them on the local server, and the failed set's
// expected-vs-actual diff is read in the Test Results view.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { LocalServer, ROOT, Workbench, waitUntil, workbenchForSuite } from './workbench';

const SETS = fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'savedSets', 'echo_variables.json'), 'utf8');

describe('e2e: saved sets as tests in the Testing view', function () {
  this.timeout(240_000);
  let workbench: Workbench;

  workbenchForSuite(
    'testing',
    {
      keyInEnvironment: true,
      files: {
        'echo_variables.py': fs.readFileSync(path.join(ROOT, 'dist', 'examples', 'echo_variables.py'), 'utf8'),
        '.notte/variables/echo_variables.json': SETS,
        '.notte/functions.json': (server: LocalServer) =>
          JSON.stringify({ functions: { 'echo_variables.py': { functionId: 'echo_variables', apiUrl: server.url, name: 'echo_variables' } } }, null, 2),
      },
    },
    {},
    (opened) => (workbench = opened),
  );

  it("the ▶ in the gutter at run( runs the linked function's saved sets on the local server; the failed contract's diff is read in the Test Results view", async () => {
    const page = workbench.page;
    // The Testing view asks the extension for its items (they are resolved lazily, when it opens).
    await workbench.runCommand('Testing: Focus on Test Explorer View');
    await workbench.expand(await workbench.waitForTreeRow('echo_variables', 90_000));
    await workbench.waitForTreeRow('ada', 30_000);
    await workbench.waitForTreeRow('wants a price', 30_000);

    // Opened from the Explorer, as a person would: the file search behind Quick Open is slow to index under load.
    await waitUntil(
      'echo_variables.py in the editor',
      async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+Shift+E');
        const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'echo_variables.py' }).first();
        if (!(await row.isVisible())) return undefined;
        await row.click();
        return page
          .locator('.part.editor .tab.active', { hasText: 'echo_variables.py' })
          .isVisible()
          .then((shown) => shown || undefined);
      },
      90_000,
      1000,
    );
    // The ▶ stands beside the run( line (the lenses above it can be redrawn, moving the line: read until both agree).
    const glyph = page.locator('.part.editor .testing-run-glyph').first();
    const runLine = page.locator('.part.editor .view-lines .view-line', { hasText: 'def run(' }).first();
    await waitUntil(
      'the ▶ beside the run( line',
      async () => {
        const [glyphBox, lineBox] = await Promise.all([glyph.boundingBox().catch(() => null), runLine.boundingBox().catch(() => null)]);
        return (!!glyphBox && !!lineBox && Math.abs(glyphBox.y + glyphBox.height / 2 - (lineBox.y + lineBox.height / 2)) < lineBox.height / 2) || undefined;
      },
      90_000,
      500,
    );
    await workbench.screenshot('gutter');
    await glyph.click();

    // Both sets ran: the Test Results view lists them, "wants a price" failed and "ada" passed.
    await workbench.runCommand('Focus on Test Results View');
    const resultRow = (label: string) => page.locator('.part.panel .test-output-peek-tree .monaco-list-row', { hasText: label }).first();
    await resultRow('wants a price').locator('.codicon-testing-failed-icon').waitFor({ state: 'visible', timeout: 120_000 });
    await resultRow('ada').locator('.codicon-testing-passed-icon').waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await resultRow('wants a price').innerText(), /The result does not match the set's schema \(expect\.result\): \$\.price is missing \(required\)/);
    // The failure's message: the schema (expected) beside the shape of the result (actual), as a diff.
    await resultRow('wants a price').click();
    const diff = page.locator('.part.panel .monaco-diff-editor').first();
    await diff.waitFor({ state: 'visible', timeout: 60_000 });
    // Room for both sides: the panel maximised, the side bar hidden.
    await workbench.runCommand('View: Toggle Maximized Panel');
    await workbench.runCommand('View: Toggle Primary Side Bar Visibility');
    const side = (which: 'original' | 'modified') => diff.locator(`.editor.${which} .view-lines`).first();
    const drawn = async (which: 'original' | 'modified') => (await side(which).innerText()).replace(/\u00a0/g, ' ');
    // The schema wants its keys at its end, the shape has its own there: scrolled to it, as a person would.
    await waitUntil(
      'the required keys of both sides in view',
      async () => {
        const [expected, actual] = [await drawn('original'), await drawn('modified')];
        if (/"price"/.test(expected) && /"required": \[\s*"variables",\s*"types"\s*\]/.test(actual)) return true;
        await side('modified').locator('.view-line').first().click();
        await page.keyboard.press('Control+End');
        return undefined;
      },
      60_000,
      1000,
    );
    assert.match(await drawn('original'), /"required": \[\s*"variables",\s*"price"\s*\]/);
    assert.ok(!/"price"/.test(await drawn('modified')), `the result has no price:\n${await drawn('modified')}`);
    // Kept for the README (media/screenshots/testing-failed-contract.png is a copy of it).
    assert.ok(fs.existsSync(await workbench.screenshot('failed-contract')));
  });
});
