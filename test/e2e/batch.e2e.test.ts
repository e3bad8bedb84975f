// A batch from a JSON file open in the editor: one run per input, and a summary document.
import * as assert from 'assert';
import { waitUntil, Workbench } from './workbench';

describe('e2e: a batch from a JSON file', function () {
  this.timeout(240_000);
  let workbench: Workbench | undefined;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.screenshot('failure').catch(() => undefined);
    await workbench?.close();
  });

  it('runs every variable set once and opens the summary', async () => {
    const sets = [{ name: 'Ada' }, { name: 'Grace', count: 3 }, { name: 'O\'Brien "quoted"' }];
    workbench = await Workbench.open('batch', { keyInEnvironment: true, files: { 'sets.json': JSON.stringify(sets, null, 2) } });
    await workbench.openNotteView();
    await workbench.waitForTreeRow('echo_variables', 30_000);
    await workbench.quickOpen('sets.json');
    await workbench.page.locator('.part.editor .view-lines', { hasText: 'Grace' }).waitFor({ timeout: 30_000 });
    await workbench.runCommand('Notte: Run Batch…');
    await workbench.pickQuickItem(/Use sets\.json/);
    await workbench.pickQuickItem('echo_variables');
    await workbench.waitForNotification(/Batch of echo_variables: 3 closed, 0 failed/, 90_000);
    // The summary's editor draws its lines a frame or more after it opens: read until they are there.
    const summary = await waitUntil(
      'the batch summary in the editor',
      async () => {
        const text = await workbench!.activeEditorText();
        return /"run_id": "/.test(text) && /"status": "closed"/.test(text) ? text : undefined;
      },
      30_000,
    ).catch(() => workbench!.activeEditorText());
    assert.match(summary, /"run_id": "/);
    assert.match(summary, /"status": "closed"/);
    await workbench.screenshot('batch-summary');
    const response = await fetch(`${workbench.server.url}/functions/echo_variables/runs/?only_active=false&page_size=100`, {
      headers: { Authorization: `Bearer ${workbench.server.key}` },
    });
    const runs = ((await response.json()) as { items: { variables: { name: string } }[] }).items;
    assert.deepStrictEqual(runs.map((r) => r.variables.name).sort(), sets.map((s) => s.name).sort());
  });
});
