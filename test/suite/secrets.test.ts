// The API key must never show: not in the Output channel, a run document, an error message or a snippet.
import * as assert from 'assert';
import * as vscode from 'vscode';
import type { RunCommandResult } from '../../src/core/runs/runCommand';
import { extensionApi, functionIdByFile, harnessServer, startServer, useServer } from './helpers';

describe('Secrets', function () {
  this.timeout(90000);

  it('keeps a recognisable key out of everything the user sees or copies', async () => {
    const server = await startServer();
    const marker = server.key;
    try {
      await useServer(server);
      const api = await extensionApi();
      const echo = await functionIdByFile(server, 'echo');
      const fail = await functionIdByFile(server, 'fail');
      const seen: string[] = [];
      const run = await vscode.commands.executeCommand<RunCommandResult>('notte.runFunction', echo, { name: `echo ${marker}`, password: 'hunter2' });
      seen.push(String(JSON.stringify(run)));
      seen.push(String(JSON.stringify(await vscode.commands.executeCommand('notte.runFunction', fail, {}))));
      for (const command of ['notte.copyAsCurl', 'notte.copyAsJavaScript', 'notte.copyAsPython', 'notte.copyAsHttp', 'notte.copyVariablesJson', 'notte.copyWebhookUrl']) {
        seen.push(String(await vscode.commands.executeCommand(command, echo, { name: 'x' })));
        seen.push(await vscode.env.clipboard.readText());
      }
      const doc = await vscode.commands.executeCommand<vscode.TextDocument>('notte.openRun', echo, run!.runId);
      seen.push(doc!.getText());
      await vscode.commands.executeCommand('notte.runLocally', echo, { name: 'local' });
      await vscode.commands.executeCommand('notte.refresh');
      const nodes = await api.treeChildren();
      for (const node of nodes) {
        const item = api.treeItem(node);
        seen.push(String(item.label), String(item.description), String(JSON.stringify(item.tooltip)));
        for (const child of await api.treeChildren(node)) {
          const childItem = api.treeItem(child);
          seen.push(String(childItem.label), String(childItem.description), String(JSON.stringify(childItem.tooltip)));
        }
      }
      seen.push(...api.outputLines());
      const leaks = seen.filter((text) => text.includes(marker));
      assert.deepStrictEqual(leaks, [], 'the key leaked');
      assert.ok(!api.outputLines().some((l) => l.includes('hunter2')), 'secret-looking variables are masked in the header');
      assert.ok(
        api.outputLines().some((l) => l.includes('echo ••••••')),
        'the key is masked even when a function prints it',
      );

      await vscode.workspace.getConfiguration('notte').update('snippets.includeApiKey', true, vscode.ConfigurationTarget.Global);
      const withKey = await vscode.commands.executeCommand<string>('notte.copyAsCurl', echo, { name: 'x' });
      assert.ok(withKey.includes(marker), 'the key is written only when the setting asks for it');
    } finally {
      await vscode.workspace.getConfiguration('notte').update('snippets.includeApiKey', undefined, vscode.ConfigurationTarget.Global);
      await server.stop();
      await useServer(harnessServer());
    }
  });
});
