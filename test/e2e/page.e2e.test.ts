// The function page as a person uses it: open it from the tree, fill the form (hostile text included),
// run, watch logs and the result, keep a saved set, rerun a past run with an edit, stop a run, and
// find the form again after a reload. The page is reached inside its webview's frames.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Frame } from 'playwright-core';
import { ROOT, runsOf, waitUntil, Workbench, workbenchForSuite } from './workbench';

/**
 * The frame of a function's page, found by its heading (each webview has frames of its own), once
 * its script has taken the form over (the HTML's form is on screen before, busy until then).
 */
async function pageFrame(workbench: Workbench, name: string, timeout = 45_000): Promise<Frame> {
  return waitUntil(
    `the page of ${name}`,
    async () => {
      for (const frame of workbench.page.frames()) {
        if (frame === workbench.page.mainFrame()) continue;
        try {
          const heading = await frame.$('#app:not([aria-busy]) h1');
          if (heading && (await heading.textContent()) === name) return frame;
        } catch {
          // A frame that went away while it was asked.
        }
      }
      return undefined;
    },
    timeout,
    300,
  );
}

async function textOf(frame: Frame, selector: string): Promise<string> {
  return (await frame.locator(selector).first().textContent()) ?? '';
}

async function waitForText(frame: Frame, selector: string, pattern: RegExp, timeout = 45_000): Promise<string> {
  const found = await waitUntil(
    `${selector} to show ${pattern}`,
    async () => {
      const text = await textOf(frame, selector).catch(() => '');
      // An object, not the text: an empty text is a match for /^$/ but falsy.
      return pattern.test(text) ? { text } : undefined;
    },
    timeout,
  );
  return found.text;
}

/** The text of each log line the page draws. */
async function logTexts(frame: Frame): Promise<string[]> {
  return frame.$$eval('#logs .line .text', (lines) => lines.map((line) => line.textContent ?? ''));
}

const HOSTILE = `it's "q" $HOME \`uname\` \\ ✓ ünï 😀\nsecond line <script>window.__notteXss = 1</script> <img src=x onerror="window.__notteXss = 2">`;

describe('e2e: the function page', function () {
  this.timeout(300_000);
  let workbench: Workbench;

  workbenchForSuite('page', { keyInEnvironment: true }, { treeRow: 'echo_variables' }, (opened) => (workbench = opened));

  it("opens from the tree, runs the form's values and shows logs and result as text only", async () => {
    await workbench.treeRow('echo_variables').click();
    await workbench.page.locator('.part.editor .tab.active', { hasText: 'echo_variables — Notte' }).waitFor({ timeout: 30_000 });
    const frame = await pageFrame(workbench, 'echo_variables');
    // Defaults are pre-filled and marked; the parameter without one is marked required.
    assert.strictEqual(await frame.inputValue('#field-count'), '2');
    assert.match(await textOf(frame, 'label[for="field-count"]'), /default/);
    assert.match(await textOf(frame, 'label[for="field-name"]'), /required/);
    await frame.fill('#field-name', HOSTILE);
    await frame.fill('#field-count', '7');
    await frame.fill('#field-options', '{"k": [1, 2');
    await waitForText(frame, '#field-options-error', /JSON object/);
    await frame.fill('#field-options', '{"k": [1, 2]}');
    await waitForText(frame, '#field-options-error', /^$/);
    await frame.click('#run');
    await waitForText(frame, '#status-text', /closed/);
    // The list draws its rows on the animation frame after their lines came, which may follow the status.
    const logs = await waitForText(frame, '#logs', /count = 7 \(int\)/);
    assert.ok(logs.includes('<script>window.__notteXss = 1</script>'), 'the script tag is shown as text');
    assert.ok(logs.includes('<img src=x onerror="window.__notteXss = 2">'), 'the img tag is shown as text');
    assert.strictEqual(await frame.locator('#logs img, #logs script, #result img, #result script').count(), 0, 'no element was made from the text');
    assert.strictEqual(await frame.evaluate(() => (window as unknown as { __notteXss?: number }).__notteXss), undefined, 'no script ran');
    const result = await textOf(frame, '#result');
    assert.match(result, /variables/);
    // Strings read as their text, not as JSON literals.
    assert.match(result, /count: int/);
    assert.ok(!result.includes('"int"'), 'a string is not shown in quotes');
    assert.ok(!(await frame.content()).includes(workbench.server.key), 'the key is nowhere in the page');
    const [run] = await runsOf(workbench, 'echo_variables');
    assert.deepStrictEqual(run.variables, { name: HOSTILE, count: 7, ratio: 0.5, enabled: false, tags: ['a', 'b'], options: { k: [1, 2] }, note: null });
    // "took" is the run's own duration, as its history row lists it, not the page's count from the click.
    const listed = await waitUntil(
      'the run in the history with its duration',
      async () =>
        (
          await frame
            .locator(`.history .run[data-run-id="${run.function_run_id}"] .duration`)
            .textContent({ timeout: 1000 })
            .catch(() => '')
        )?.trim() || undefined,
      20_000,
    );
    // The history can be drawn before the end is: "took" follows it once both are there.
    await waitForText(frame, '#elapsed', new RegExp(`^took ${listed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`), 20_000);
    await workbench.showOutputChannel('Notte Runs');
    await workbench.waitForOutput(/"int"|"types"/);
    await workbench.screenshot('page-after-run');
  });

  it('refuses 1.5 in an int field', async () => {
    const frame = await pageFrame(workbench, 'echo_variables');
    const before = (await runsOf(workbench, 'echo_variables')).length;
    await frame.fill('#field-count', '1.5');
    await waitForText(frame, '#field-count-error', /whole number/);
    await frame.click('#run');
    await waitForText(frame, '#notice', /Check count/);
    assert.strictEqual((await runsOf(workbench, 'echo_variables')).length, before, 'no run started');
    await frame.click('button[aria-label="Reset count to its default"]');
    assert.strictEqual(await frame.inputValue('#field-count'), '2');
    await waitForText(frame, '#field-count-error', /^$/);
  });

  it('keeps Run in view at the foot of a page too short for its form', async () => {
    const frame = await pageFrame(workbench, 'echo_variables');
    const webview = await frame.frameElement();
    // The page's own frame made short, as a small window or a panel beside two editors makes it.
    await webview.evaluate((el) => ((el as HTMLElement).style.height = '240px'));
    try {
      const seen = await waitUntil('a short page, Run in view, the sets below the fold', () =>
        frame.evaluate(() => {
          window.scrollTo(0, 0);
          const run = document.getElementById('run')!.getBoundingClientRect();
          const sets = document.getElementById('set-select')!.getBoundingClientRect();
          const height = window.innerHeight;
          return height <= 260 && run.top >= 0 && run.bottom <= height && sets.top > height ? { height, run: run.bottom, sets: sets.top } : undefined;
        }),
      );
      assert.ok(seen.run <= seen.height, JSON.stringify(seen));
    } finally {
      await webview.evaluate((el) => ((el as HTMLElement).style.height = ''));
    }
  });

  it('saves a set, and after the page is closed and reopened the set brings the values back', async () => {
    let frame = await pageFrame(workbench, 'echo_variables');
    // No set yet: Load, Rename and Delete are off (they once answered "Type a name for the set first.").
    assert.strictEqual(await frame.locator('#set-select option').first().textContent(), '(no saved sets)');
    for (const button of ['#set-load', '#set-rename', '#set-delete']) assert.ok(await frame.isDisabled(button), `${button} is off with no set`);
    await frame.fill('#field-name', 'Ada from a set');
    await frame.fill('#field-count', '3');
    await frame.fill('#set-name', 'ada');
    await frame.click('#set-save');
    await waitForText(frame, '#notice', /Saved the set "ada"/);
    await waitForText(frame, '#sets-message', /\.notte\/variables\/echo_variables\.json/);
    // "Kept in" shows before the first set (where it will be kept): the list holding the set is what tells.
    await frame.locator('#set-select option', { hasText: 'ada' }).waitFor({ state: 'attached', timeout: 20_000 });
    for (const button of ['#set-load', '#set-rename', '#set-delete']) assert.ok(await frame.isEnabled(button), `${button} is on once a set exists`);
    // The set just saved is the one chosen in the list (it stayed on the one before).
    assert.strictEqual((await frame.locator('#set-select option:checked').textContent())?.trim(), 'ada');
    // Save as with the name of a set not chosen in the list replaces nothing; with the chosen one's, it replaces its values.
    // Enter in the name box saves, as Save as does (a keyboard user need not Tab to the button).
    await frame.fill('#set-name', 'grace');
    await frame.press('#set-name', 'Enter');
    await frame.locator('#set-select option', { hasText: 'grace' }).waitFor({ state: 'attached', timeout: 20_000 });
    await waitForText(frame, '#notice', /Saved the set "grace"/);
    await frame.fill('#set-name', 'ada');
    await frame.click('#set-save');
    await waitForText(frame, '#notice', /A set named "ada" exists: choose it in the list first/);
    await frame.selectOption('#set-select', { label: 'ada' });
    await frame.click('#set-save');
    await waitForText(frame, '#notice', /Replaced the values of the set "ada"/);
    // The last values have no name: Load is offered, Rename and Delete are not.
    if (await frame.locator('#set-select option', { hasText: 'Last values' }).count()) {
      await frame.selectOption('#set-select', { label: 'Last values' });
      assert.ok((await frame.isEnabled('#set-load')) && (await frame.isDisabled('#set-rename')) && (await frame.isDisabled('#set-delete')));
      await frame.selectOption('#set-select', { label: 'ada' });
    }
    await workbench.runCommand('View: Close Editor');
    // Closed for good before it is opened again (else the closing panel could be the one found).
    await workbench.page.locator('.part.editor .tab', { hasText: 'echo_variables — Notte' }).waitFor({ state: 'detached', timeout: 20_000 });
    await workbench.runCommand('Notte: Open Function Page');
    await workbench.pickQuickItem('echo_variables');
    frame = await pageFrame(workbench, 'echo_variables');
    // Reopened over the runs of the tests before: the run pane points at them instead of "No run yet.".
    await waitForText(frame, '#status-text', /No run shown: pick one in History/);
    await frame.selectOption('#set-select', { label: 'ada' });
    await frame.click('#set-load');
    assert.strictEqual(await frame.inputValue('#field-name'), 'Ada from a set');
    assert.strictEqual(await frame.inputValue('#field-count'), '3');

    // A set written by hand with values its fields cannot hold (a number box drops "three"): loaded, each field
    // says what the set gave, and Run refuses them instead of running with the defaults.
    const file = path.join(workbench.workspace, '.notte', 'variables', 'echo_variables.json');
    const sets = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown[];
    fs.writeFileSync(file, JSON.stringify([...sets, { name: 'by hand', variables: { name: 'Bo', count: 'three', enabled: 'nope' } }], null, 2));
    await frame.locator('#set-select option', { hasText: 'by hand' }).waitFor({ state: 'attached', timeout: 30_000 });
    await frame.selectOption('#set-select', { label: 'by hand' });
    await frame.click('#set-load');
    await waitForText(frame, '#notice', /^Loaded the set "by hand", but count, enabled do not fit run\(\.\.\.\): check them\.$/);
    await waitForText(frame, '#field-count-error', /whole number.*; the set gave "three"/);
    await waitForText(frame, '#field-enabled-error', /the set gave "nope"/);
    const before = (await runsOf(workbench, 'echo_variables')).length;
    await frame.click('#run');
    await waitForText(frame, '#notice', /Check count, enabled/);
    assert.strictEqual((await runsOf(workbench, 'echo_variables')).length, before, 'no run started');
    await frame.fill('#field-count', '4');
    await waitForText(frame, '#field-count-error', /^$/);
  });

  it('reruns a past run with an edit', async () => {
    const frame = await pageFrame(workbench, 'echo_variables');
    const [latest] = await runsOf(workbench, 'echo_variables');
    await frame.locator(`.history .run[data-run-id="${latest.function_run_id}"]`).click();
    await waitForText(frame, '#status-text', new RegExp(latest.function_run_id));
    await frame.click('#rerun');
    await waitForText(frame, '#notice', /Loaded the variables of run/);
    assert.strictEqual(await frame.inputValue('#field-name'), HOSTILE);
    await frame.fill('#field-count', '9');
    await frame.click('#run');
    await waitUntil(
      'the new run to end',
      async () => {
        const status = await textOf(frame, '#status-text');
        return /closed · run /.test(status) && !status.includes(latest.function_run_id) ? status : undefined;
      },
      45_000,
    );
    const [rerun] = await runsOf(workbench, 'echo_variables');
    assert.notStrictEqual(rerun.function_run_id, latest.function_run_id);
    assert.deepStrictEqual(rerun.variables, { ...latest.variables, count: 9 });
    // Past runs picked one after the other: each shows its own lines (the first one's once stayed drawn).
    const pick = async (run: { function_run_id: string }, count: number) => {
      await frame.locator(`.history .run[data-run-id="${run.function_run_id}"]`).click();
      await waitForText(frame, '#status-text', new RegExp(run.function_run_id));
      return waitForText(frame, '#logs', new RegExp(`count = ${count} \\(int\\)`));
    };
    await pick(latest, 7);
    const shown = await pick(rerun, 9);
    assert.ok(!shown.includes('count = 7'), shown);
  });

  it('stops a long run from the page, and its lines are in the Output channel too', async () => {
    await workbench.treeRow('run_until_stopped').click();
    const frame = await pageFrame(workbench, 'run_until_stopped');
    await frame.fill('#field-interval', '0.2');
    await frame.click('#run');
    await waitUntil('five heartbeats on the page', async () => (await logTexts(frame)).includes('heartbeat 5') || undefined, 45_000);
    await waitForText(frame, '#elapsed', /\d/);
    await workbench.screenshot('page-mid-run');
    // The same lines reach the Output channel: the last one it shows is on the page too.
    await workbench.showOutputChannel('Notte Runs');
    const output = await workbench.waitForOutput(/heartbeat \d+/);
    const lastInOutput = [...output.matchAll(/heartbeat (\d+)/g)].pop()![0];
    await waitUntil(`the page to show "${lastInOutput}"`, async () => (await logTexts(frame)).includes(lastInOutput) || undefined, 45_000);
    await frame.click('#stop');
    await waitForText(frame, '#status-text', /stopped/);
    const runs = await runsOf(workbench, 'run_until_stopped');
    assert.ok(runs.length >= 1 && runs.every((run) => run.status !== 'active'), JSON.stringify(runs.map((r) => r.status)));
    // A stop is no failure, whatever the service recorded: the end and the history say stopped.
    assert.strictEqual(await textOf(frame, '#failure-title'), 'Stopped');
    assert.strictEqual(await frame.locator('#failure-box.is-stopped').count(), 1);
    const row = frame.locator(`.history .run[data-run-id="${runs[0].function_run_id}"]`);
    await waitUntil('the history row of the stopped run', async () => ((await row.count()) > 0 ? true : undefined), 20_000);
    assert.match((await row.locator('.status').textContent()) ?? '', /^stopped$/);
    // Said as it happened: stopped from its page (it read "stopped by Cancel", a button the person never saw).
    await workbench.waitForOutput(/■ stopped from its page, after /);
  });

  it("keeps the form's content across a window reload", async () => {
    await workbench.treeRow('echo_variables').click();
    await pageFrame(workbench, 'echo_variables');
    await workbench.treeRow('progress_report').click();
    let frame = await pageFrame(workbench, 'progress_report');
    await frame.fill('#field-url', 'https://example.org/kept-across-reload');
    // VS Code's own reload, as a person does it: the workbench saves its editors' state on the way out.
    const reloaded = workbench.page.waitForEvent('framenavigated', { predicate: (f) => f === workbench.page.mainFrame(), timeout: 90_000 });
    await workbench.runCommand('Developer: Reload Window');
    await reloaded;
    await workbench.page.locator('.monaco-workbench .part.statusbar').waitFor({ timeout: 90_000 });
    frame = await pageFrame(workbench, 'progress_report', 120_000);
    await waitUntil('the restored text', async () => (await frame.inputValue('#field-url').catch(() => '')) === 'https://example.org/kept-across-reload' || undefined, 30_000);
    await workbench.screenshot('page-restored');
  });

  it("tells a failed run's warning and error lines and its message by a mark, not by colour alone", async () => {
    await workbench.treeRow('always_fails').click();
    const frame = await pageFrame(workbench, 'always_fails');
    await frame.fill('#field-delay', '0');
    await frame.click('#run');
    await waitForText(frame, '#status-text', /failed/);
    await waitForText(frame, '#logs', /the next step raises ValueError/);
    const looks = await frame.evaluate(() => {
      const mark = (selector: string) => {
        const node = document.querySelector(selector);
        return node ? getComputedStyle(node, '::before').content : 'none';
      };
      const colour = (selector: string) => {
        const node = document.querySelector(selector);
        return node ? getComputedStyle(node).color : 'none';
      };
      return {
        warning: mark('#logs .line.level-warning .text'),
        error: mark('#logs .line.level-error .text'),
        message: mark('#failure-message'),
        texts: [colour('#logs .line.level-warning .text'), colour('#logs .line.level-error .text'), colour('#failure-message')],
        foreground: colour('#logs .line.level-info .text'),
      };
    });
    assert.deepStrictEqual([looks.warning, looks.error, looks.message], ['"⚠ "', '"✗ "', '"✗ "']);
    // The text itself in the foreground colour, readable on a light theme (warning and error colours read about 3:1 there).
    assert.deepStrictEqual(looks.texts, [looks.foreground, looks.foreground, looks.foreground]);
    // The run chosen in the history by keyboard keeps its focus ring (high contrast outlines must not replace it elsewhere).
    const row = frame.locator('.history .run').first();
    await row.focus();
    await row.press('Enter');
    await waitUntil('the run chosen', async () => (await row.getAttribute('aria-pressed')) === 'true' || undefined);
    const ring = await row.evaluate((node) => [getComputedStyle(node).outlineStyle, getComputedStyle(node).outlineColor]);
    assert.ok(ring[0] !== 'none' && ring[1] !== 'rgba(0, 0, 0, 0)', JSON.stringify(ring));
  });
});

/** A log stamp of the local server ("2026-12-01 19:50:01.123", local time) as ms since 1970. */
function stampMs(line: string): number {
  const [, y, mo, d, h, mi, s, ms] = /^(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)\.(\d{3})/.exec(line)!.map(Number);
  return new Date(y, mo - 1, d, h, mi, s, ms).getTime();
}

interface VideoState {
  readyState: number;
  duration: number;
  currentTime: number;
}

async function videoState(frame: Frame): Promise<VideoState | undefined> {
  return frame.evaluate(() => {
    const video = document.getElementById('session-replay') as HTMLVideoElement | null;
    return video ? { readyState: video.readyState, duration: video.duration, currentTime: video.currentTime } : undefined;
  });
}

describe("e2e: the function page's browser session", function () {
  this.timeout(300_000);
  let workbench: Workbench;

  before(async () => {
    // browser_heartbeat opens a real browser session on the local server and types into its shop page.
    workbench = await Workbench.open('page-session', { keyInEnvironment: true, functionsDir: path.join(ROOT, 'test', 'fixtures', 'functions') });
    await workbench.openNotteView();
    await workbench.waitForTreeRow('browser_heartbeat', 30_000);
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench.screenshot(`failure-${this.currentTest.title}`).catch(() => undefined);
  });
  after(async () => workbench?.close());

  it('frames the live viewer beside the logs while the run goes on; after it, a click on a log line, or Enter on a line the arrow keys reached, seeks the replay to that line', async () => {
    await workbench.treeRow('browser_heartbeat').click();
    const frame = await pageFrame(workbench, 'browser_heartbeat');
    await waitForText(frame, '#session-text', /Run the function/);
    // No file of the workspace is linked to this function: Debug is off and its tooltip says why.
    assert.ok(await frame.isDisabled('#debug'));
    assert.match((await frame.getAttribute('#debug', 'title')) ?? '', /link it/);
    await frame.fill('#field-interval', '1');
    await frame.fill('#field-beats', '0');
    await frame.click('#run');

    const iframe = frame.locator('#session-live');
    await iframe.waitFor({ state: 'attached', timeout: 60_000 });
    const viewerUrl = (await iframe.getAttribute('src')) ?? '';
    assert.match(viewerUrl, new RegExp(`^${workbench.server.url}/sessions/[0-9a-f-]{36}/viewer\\?`));
    assert.ok(!viewerUrl.includes(workbench.server.key), 'the viewer link carries no key');
    // The viewer's own page, read inside its frame: live, showing the browser's frames as they change.
    const frameSource = async () => {
      const inner = await (await iframe.elementHandle())?.contentFrame();
      return inner?.evaluate(() => {
        const img = document.getElementById('frame') as HTMLImageElement | null;
        const live = /^Live: session/.test(document.getElementById('state')?.textContent ?? '');
        return live && img && img.naturalWidth > 0 ? img.src : undefined;
      });
    };
    const firstFrame = await waitUntil('a frame of the browser in the viewer', () => frameSource().catch(() => undefined), 60_000);
    await waitUntil('heartbeat 3 on the page', async () => (await logTexts(frame)).includes('heartbeat 3') || undefined, 45_000);
    // Each beat types into the page: the browser's picture changes, and the viewer shows the new one.
    await waitUntil('a newer frame in the viewer', async () => ((await frameSource().catch(() => undefined)) ?? firstFrame) !== firstFrame || undefined, 30_000);
    await workbench.screenshot('function-page-session');
    await waitUntil('heartbeat 6 on the page', async () => (await logTexts(frame)).includes('heartbeat 6') || undefined, 45_000);
    await frame.click('#stop');
    await waitForText(frame, '#status-text', /stopped/);

    // The replay: retried while the server answers "not ready yet", then the session's recording.
    const loaded = await waitUntil(
      'the replay video to load',
      async () => {
        const state = await videoState(frame);
        return state && state.readyState >= 1 ? state : undefined;
      },
      60_000,
    );
    assert.ok(loaded.duration > 5, `duration ${loaded.duration}`);
    assert.strictEqual(await frame.locator('#session-live').count(), 0, 'the live viewer is gone');

    // Where each line is in the replay: its stamp after the video's first frame (the session's start plus video_start_ms).
    const [run] = await runsOf(workbench, 'browser_heartbeat');
    const read = async <T>(route: string) => (await (await fetch(`${workbench.server.url}${route}`, { headers: { Authorization: `Bearer ${workbench.server.key}` } })).json()) as T;
    const stored = await read<{ session_id: string; logs: string[] }>(`/functions/browser_heartbeat/runs/${run.function_run_id}`);
    const session = await read<{ created_at: string }>(`/sessions/${stored.session_id}`);
    const replay = await read<{ video_start_ms: number }>(`/sessions/${stored.session_id}/replay`);
    const videoStart = Date.parse(session.created_at) + replay.video_start_ms;
    const offset = (text: string) => (stampMs(stored.logs.find((line) => line.endsWith(`| ${text}`))!) - videoStart) / 1000;
    for (const beat of ['heartbeat 4', 'heartbeat 1', 'heartbeat 5']) {
      const expected = offset(beat);
      await frame.locator('#logs .line', { has: frame.locator('.text', { hasText: new RegExp(`^${beat}$`) }) }).click();
      const seeked = await waitUntil(
        `the video at ${beat} (${expected.toFixed(2)} s)`,
        async () => {
          const state = await videoState(frame);
          return state && Math.abs(state.currentTime - expected) < 0.25 ? state : undefined;
        },
        15_000,
      );
      assert.ok(seeked.currentTime > 0 || beat === 'heartbeat 1', `${beat} at ${seeked.currentTime}`);
    }
    assert.ok(offset('heartbeat 5') - offset('heartbeat 1') > 3, 'a second between beats: the seeks went to different moments');

    // The keyboard alone: into the list, Home, then down line by line to heartbeat 2, Enter.
    await frame.focus('#logs');
    await workbench.page.keyboard.press('Home');
    const focusedText = () => frame.evaluate(() => document.activeElement?.querySelector('.text')?.textContent ?? '');
    for (let i = 0; i < 60 && (await focusedText()) !== 'heartbeat 2'; i++) await workbench.page.keyboard.press('ArrowDown');
    assert.strictEqual(await focusedText(), 'heartbeat 2', 'the arrows reached the line');
    await workbench.page.keyboard.press('Enter');
    await waitUntil(
      `the video at heartbeat 2 by keyboard (${offset('heartbeat 2').toFixed(2)} s)`,
      async () => {
        const state = await videoState(frame);
        return state && Math.abs(state.currentTime - offset('heartbeat 2')) < 0.25 ? state : undefined;
      },
      15_000,
    );
    // The frame of that moment drawn (not the seek's spinner) before the picture is taken.
    await waitUntil(
      'the seeked frame to be drawn',
      () =>
        frame.evaluate(() => {
          const video = document.getElementById('session-replay') as HTMLVideoElement | null;
          return video && !video.seeking && video.readyState >= 2 ? true : undefined;
        }),
      15_000,
    );
    await workbench.screenshot('function-page-replay');

    // "Open outside": the extension opens the replay's link in the browser (a new tab here), not the page.
    const opened = workbench.page.context().waitForEvent('page', { timeout: 30_000 });
    await frame.click('#session-open');
    const tab = await opened;
    await waitUntil('the replay link in the new tab', () => /\/sessions\/[0-9a-f-]{36}\/replay\.webm\?/.test(tab.url()) || undefined, 15_000);
    assert.ok(!tab.url().includes(workbench.server.key));
    await tab.close();
  });
});
