// The API-key slice through the real vscode API: the key set by the command (with the key as its
// argument) lets the Functions view list the server's functions; cleared, the view is empty again
// (its welcome content, "Set API Key", shows when `notte.hasApiKey` is false and the root is empty).
import * as assert from 'assert';
import * as vscode from 'vscode';
import { extensionApi, harnessServer, listFunctions, rootLabels, useServer, waitFor } from './helpers';

describe('API key', function () {
  this.timeout(60_000);
  const server = harnessServer();

  before(async () => {
    await vscode.workspace.getConfiguration('notte').update('apiUrl', server.url, vscode.ConfigurationTarget.Global);
  });
  after(async () => useServer(server));

  it("lists the server's functions once the key is set, and nothing once it is cleared", async () => {
    const api = await extensionApi();
    assert.ok(!process.env.NOTTE_API_KEY, 'the harness starts the suite without NOTTE_API_KEY');
    assert.strictEqual(api.connectionBaseUrl().replace(/\/$/, ''), server.url.replace(/\/$/, ''));

    await vscode.commands.executeCommand('notte.clearApiKey');
    await waitFor('an empty view without a key', async () => ((await rootLabels()).length === 0 ? true : undefined));

    const expected = (await listFunctions(server)).map((f) => f.name || f.function_id);
    assert.ok(expected.length >= 3, `the harness server serves the example functions (${expected.join(', ')})`);
    const stored = await vscode.commands.executeCommand<boolean>('notte.setApiKey', server.key);
    assert.strictEqual(stored, true, 'setApiKey answers true when it stored the key');
    // The view follows the key by itself: no refresh command here.
    const labels = await waitFor('the functions listed after the key was set', async () => {
      const now = await rootLabels();
      return now.length > 0 ? now : undefined;
    });
    assert.deepStrictEqual(labels, expected);

    await vscode.commands.executeCommand('notte.clearApiKey');
    await waitFor('the view empty again (welcome content) after the key was cleared', async () => ((await rootLabels()).length === 0 ? true : undefined));
  });

  it('falls back to NOTTE_API_KEY from the environment when no key is stored', async () => {
    const before = process.env.NOTTE_API_KEY;
    try {
      await vscode.commands.executeCommand('notte.clearApiKey');
      await waitFor('an empty view without a key', async () => ((await rootLabels()).length === 0 ? true : undefined));
      // The extension reads the variable on every use, as the SDK does; a refresh makes the view look again.
      process.env.NOTTE_API_KEY = server.key;
      await vscode.commands.executeCommand('notte.refresh');
      await waitFor('the functions listed with the key from the environment', async () => ((await rootLabels()).length > 0 ? true : undefined));
    } finally {
      process.env.NOTTE_API_KEY = before ?? '';
      await vscode.commands.executeCommand('notte.refresh');
    }
  });

  it('refuses an empty key and keeps the one stored', async () => {
    await vscode.commands.executeCommand('notte.setApiKey', server.key);
    const stored = await vscode.commands.executeCommand<boolean>('notte.setApiKey', '   ');
    assert.strictEqual(stored, false);
    await waitFor('the functions still listed', async () => ((await rootLabels()).length > 0 ? true : undefined));
  });
});
