// VS Code's network settings reach the extension's requests: a proxy set in http.proxy carries them.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { startConnectProxy } from '../unit/helpers/network';
import { harnessServer, rootLabels, useServer, waitFor } from './helpers';

describe('Networks', function () {
  this.timeout(60000);
  const server = harnessServer();
  const http = () => vscode.workspace.getConfiguration('http');

  before(async () => useServer(server));
  after(async () => {
    await http().update('proxy', undefined, vscode.ConfigurationTarget.Global);
    await http().update('noProxy', undefined, vscode.ConfigurationTarget.Global);
  });

  it("lists the functions through VS Code's http.proxy, and straight for a host of http.noProxy", async () => {
    const proxy = await startConnectProxy();
    try {
      await http().update('proxy', proxy.url, vscode.ConfigurationTarget.Global);
      const host = new URL(server.url).host;
      await waitFor('a tunnel to the server through the proxy', async () => {
        await rootLabels();
        return proxy.connects.includes(host) || undefined;
      });
      assert.ok((await rootLabels()).length > 0, 'the functions came through the proxy');
      await http().update('noProxy', ['127.0.0.1'], vscode.ConfigurationTarget.Global);
      const tunnels = proxy.connects.length;
      await vscode.commands.executeCommand('notte.refresh');
      assert.ok((await rootLabels()).length > 0);
      assert.strictEqual(proxy.connects.length, tunnels, 'no new tunnel for a host of http.noProxy');
    } finally {
      await proxy.close();
    }
  });
});
