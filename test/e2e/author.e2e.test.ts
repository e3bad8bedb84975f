// The author's loop as a person sees it: the lenses over run(...) in the editor, ▶ Run Locally with
// its logs in the Output panel, and Debug stopping at a breakpoint set by clicking the gutter.
import * as assert from 'assert';
import * as fs from 'fs';
import { Workbench, waitUntil, workbenchForSuite } from './workbench';

const FUNCTION = [
  'def run(name: str = "e2e"):',
  '    greeting = "hello " + name',
  '    print("about to greet", name)',
  '    shout = greeting.upper()',
  '    return {"greeting": greeting, "shout": shout}',
  '',
].join('\n');

/** A function file whose import fails before run() is reached. */
const BROKEN_IMPORT = ['import notte_e2e_missing_module', '', '', 'def run():', '    reached = "never"', '    return reached', ''].join('\n');

describe("e2e: the author's loop in the editor", function () {
  this.timeout(240_000);
  let workbench: Workbench;

  workbenchForSuite(
    'author',
    {
      keyInEnvironment: true,
      files: { 'greet.py': FUNCTION, 'broken_import.py': BROKEN_IMPORT },
      // Debian's python3-debugpy is for Debian's interpreter (see shared/vscode-testing.md).
      settings: { 'notte.python.interpreter': '/usr/bin/python3', 'debug.internalConsoleOptions': 'openOnSessionStart' },
    },
    {
      // Opened from the Explorer, as a person would: the file search behind Quick Open is slow to index under load.
      ready: ({ page }) =>
        waitUntil(
          'greet.py in the Explorer',
          async () => {
            await page.keyboard.press('Escape');
            await page.keyboard.press('Control+Shift+E');
            const row = page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'greet.py' }).first();
            if (!(await row.isVisible())) return undefined;
            await row.click();
            return page
              .locator('.part.editor .tab.active', { hasText: 'greet.py' })
              .isVisible()
              .then((shown) => shown || undefined);
          },
          90_000,
          1000,
        ),
    },
    (opened) => (workbench = opened),
  );

  function lens(title: string) {
    return workbench.page.locator('.part.editor .codelens-decoration a', { hasText: title }).first();
  }

  it('shows the lenses over run(...) and ▶ Run Locally runs the file with its logs in the Output panel', async () => {
    // The editor redraws the lens row when the links load (the lenses change), so read it until it
    // settles rather than once: a read between two drawings sees no lenses at all.
    const expected = ['▶ Run Locally', 'Debug', 'Deploy'];
    let seen: string[] = [];
    await waitUntil(
      'the lens row over run(...)',
      async () => {
        seen = (await workbench.page.locator('.part.editor .codelens-decoration a').allInnerTexts()).map((t) => t.trim());
        return JSON.stringify(seen) === JSON.stringify(expected) || undefined;
      },
      60_000,
      250,
    ).catch(() => undefined);
    assert.deepStrictEqual(seen, expected);
    await workbench.screenshot('lenses');
    await lens('▶ Run Locally').click();
    await workbench.typeInInputBox('browser', { expectPrompt: /name \(str\)/ });
    const text = await workbench.waitForOutput(/"shout": "HELLO BROWSER"/, 60_000);
    // The drawn Output panel wraps a long line: read it unwrapped (the line prefix made this one long).
    assert.match(text.replace(/\n/g, ''), /on this machine with \/usr\/bin\/python3 \(from notte\.python\.interpreter\)/);
    assert.match(text, /about to greet browser/);
    await workbench.screenshot('run-locally');
  });

  it('Debug stops at a breakpoint set by clicking the gutter', async () => {
    const page = workbench.page;
    await page.keyboard.press('Escape');
    // Click the glyph margin beside line 4 ("shout = …"), as a person sets a breakpoint.
    const line = page.locator('.part.editor .view-lines .view-line', { hasText: 'shout = greeting.upper()' }).first();
    const margin = page.locator('.part.editor .monaco-editor .margin').first();
    const glyph = page.locator('.part.editor .codicon-debug-breakpoint').first();
    // The lens row above can be redrawn (moving the lines), so click only where the line stood still
    // between two reads, and check the breakpoint landed beside it.
    let last = '';
    await waitUntil(
      'a breakpoint beside line 4',
      async () => {
        const lineBox = await line.boundingBox();
        const marginBox = await margin.boundingBox();
        if (!lineBox || !marginBox) return undefined;
        const at = `${marginBox.x},${lineBox.y}`;
        if (at !== last) {
          last = at;
          return undefined;
        }
        if (!(await glyph.count())) await page.mouse.click(marginBox.x + 8, lineBox.y + lineBox.height / 2);
        const glyphBox = await glyph.boundingBox();
        return (!!glyphBox && Math.abs(glyphBox.y + glyphBox.height / 2 - (lineBox.y + lineBox.height / 2)) < lineBox.height / 2) || undefined;
      },
      30_000,
      250,
    );

    await lens('Debug').click();
    await workbench.typeInInputBox('debugger', { expectPrompt: /name \(str\)/ });
    // Stopped: the debug toolbar is up and the editor marks the line it stopped at.
    await page.locator('.debug-toolbar').waitFor({ state: 'visible', timeout: 90_000 });
    await page.locator('.part.editor .codicon-debug-stackframe').first().waitFor({ state: 'visible', timeout: 90_000 });
    // The Variables view shows run()'s locals at that point (opened as a person would, by clicking "Locals").
    await waitUntil(
      'the local "greeting" in the Variables view',
      async () => {
        const rows = page.locator('.debug-pane .monaco-list-row');
        const texts = await rows.allInnerTexts();
        if (texts.some((r) => r.includes('greeting') && r.includes('hello debugger'))) return true;
        const locals = rows.filter({ hasText: /^Locals$/ }).first();
        if ((await locals.count()) && (await locals.getAttribute('aria-expanded')) === 'false') await locals.click();
        return undefined;
      },
      60_000,
      500,
    );
    // Kept for the README (media/readme/debug-stopped.png is a copy of it).
    assert.ok(fs.existsSync(await workbench.screenshot('debug-stopped')));

    await page.keyboard.press('F5');
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 60_000 });
    // The result is printed in the debug console, as the Output channel shows a local run's.
    await waitUntil(
      'the result in the debug console',
      async () => {
        const text = (await page.locator('.repl .monaco-list-row').allInnerTexts()).join('\n');
        return /"shout": "HELLO DEBUGGER"/.test(text) || undefined;
      },
      30_000,
    );
    await workbench.screenshot('debug-finished');
  });

  it('Record from Here on a file whose import fails names the exception and its line, not a missing session', async () => {
    const page = workbench.page;
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+E');
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'broken_import.py' }).first().click();
    await page.locator('.part.editor .tab.active', { hasText: 'broken_import.py' }).waitFor({ timeout: 30_000 });
    await page.locator('.part.editor .view-lines .view-line', { hasText: 'return reached' }).first().click();
    await workbench.runCommand('Notte: Record from Here');
    // It said "run() opened no browser session before line 6" (a newcomer's first try, notte_sdk missing).
    const told = await workbench.waitForNotification(/The run stopped at line 1 on/, 90_000);
    assert.match(told, /on (builtins\.)?ModuleNotFoundError: No module named 'notte_e2e_missing_module', before reaching line 6/);
    assert.ok(!(await workbench.notifications()).some((text) => /opened no browser session/.test(text)));
    await page.keyboard.press('Shift+F5');
    await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 60_000 });
  });
});
