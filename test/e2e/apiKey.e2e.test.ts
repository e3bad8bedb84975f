// A new user with no key: the view offers to set one; once set, the example functions appear.
import * as assert from 'assert';
import { Workbench } from './workbench';

describe('e2e: first start and the API key', function () {
  this.timeout(180_000);
  let workbench: Workbench | undefined;

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') await workbench?.screenshot('failure').catch(() => undefined);
    await workbench?.close();
    workbench = undefined;
  });

  it('offers Set API Key, stores the typed key and lists the functions', async () => {
    workbench = await Workbench.open('api-key');
    await workbench.openNotteView();
    const welcome = workbench.welcome();
    await welcome.waitFor({ state: 'visible', timeout: 30_000 });
    assert.match(await welcome.innerText(), /Set API Key/);
    await workbench.screenshot('welcome-without-key');

    await workbench.runCommand('Notte: Set API Key');
    const prompt = await workbench.inputBoxText();
    assert.match(prompt, /API key/i);
    await workbench.typeInInputBox(workbench.server.key);
    await workbench.waitForTreeRow('progress_report', 30_000);
    assert.strictEqual(await welcome.isVisible(), false, 'the welcome content is gone');
    const labels = await workbench.treeLabels();
    for (const name of ['always_fails', 'echo_variables', 'progress_report', 'run_until_stopped']) {
      assert.ok(labels.some((label) => label.includes(name)), `${name} listed in ${JSON.stringify(labels)}`);
    }
    await workbench.screenshot('functions-listed');

    await workbench.runCommand('Notte: Clear API Key');
    await welcome.waitFor({ state: 'visible', timeout: 30_000 });
    await workbench.screenshot('key-cleared');
  });
});
