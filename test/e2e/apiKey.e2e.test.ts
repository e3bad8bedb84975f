// A new user with no key: the Notte view offers "Set API Key"; the key typed into the (password)
// input box is stored, the welcome content goes away and the example functions are listed.
// Clearing the key brings the welcome content back. Each step is screenshotted.
import * as assert from 'assert';
import { openWorkbench, waitUntil, Workbench } from './workbench';

const EXAMPLES = ['always_fails', 'echo_variables', 'progress_report', 'run_until_stopped'];

describe('e2e: first start and the API key', function () {
  this.timeout(180_000);
  let workbench: Workbench | undefined;

  afterEach(async function () {
    await workbench?.closeAfter(this.currentTest);
    workbench = undefined;
  });

  it('offers Set API Key, stores the typed key and lists the functions; Clear API Key brings the welcome back', async () => {
    workbench = await openWorkbench({ name: 'api-key' });
    await workbench.openNotteView();
    const welcome = workbench.welcome();
    await welcome.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await welcome.innerText(), /Set API Key/);
    assert.deepStrictEqual(await workbench.treeItems('Functions'), [], 'no functions without a key');
    await workbench.screenshot('welcome-without-key');

    await workbench.runCommand('Notte: Set API Key');
    await workbench.expectInputBox(/secret storage/);
    await workbench.screenshot('api-key-input-box');
    await workbench.typeInInputBox(workbench.server.key, { password: true, expectPrompt: /secret storage/ });

    const labels = await waitUntil(
      'the example functions in the Functions view',
      async () => {
        const items = await workbench!.treeItems('Functions');
        return EXAMPLES.every((name) => items.some((label) => label.includes(name))) ? items : undefined;
      },
      30_000,
    );
    await welcome.waitFor({ state: 'hidden', timeout: 10_000 }); // the welcome content is gone
    assert.ok(labels.length >= EXAMPLES.length, JSON.stringify(labels));
    await workbench.waitForNotification(/API key saved/);
    await workbench.screenshot('functions-listed');

    await workbench.runCommand('Notte: Clear API Key');
    await welcome.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await welcome.innerText(), /Set API Key/);
    await workbench.screenshot('key-cleared');
  });
});
