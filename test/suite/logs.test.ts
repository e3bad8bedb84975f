// The extension's log channel: a LogOutputChannel whose level the user picks, tracing every API call at
// `trace` (what, method, URL, status, time) without the key, and Notte: Show Logs to open it.
import * as assert from 'assert';
import * as fs from 'fs';
import * as vscode from 'vscode';
import { extensionApi, harnessServer, rootLabels, useServer, waitFor } from './helpers';

const TRACE_LINE = /\[trace\] List functions: GET http:\/\/127\.0\.0\.1:\d+\/functions\/\S* → 200 in \d+ ms/;
const traceCount = (text: string) => text.split('\n').filter((line) => TRACE_LINE.test(line)).length;

describe('The log channel', function () {
  this.timeout(90000);
  const server = harnessServer();
  const setLevel = (level: string) => vscode.commands.executeCommand('_extensionTests.setLogLevel', level);
  const read = (file: string) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '');

  before(async () => useServer(server));
  after(async () => setLevel('info'));

  it('traces each API call once the level is Trace, with no key, and none at Info', async () => {
    await vscode.commands.executeCommand('notte.showLogs');
    const api = await extensionApi();
    const channel = api.logChannel();
    assert.ok(channel, 'Show Logs made the log channel');
    await setLevel('trace');
    await waitFor('the channel at the trace level', () => api.logChannel()?.level === vscode.LogLevel.Trace || undefined);
    const text = await waitFor(
      'a trace line of the functions listing',
      async () => {
        await vscode.commands.executeCommand('notte.refresh');
        await rootLabels();
        await vscode.commands.executeCommand('notte.showLogs'); // showing flushes what VS Code buffered
        const now = read(channel.file);
        return TRACE_LINE.test(now) ? now : undefined;
      },
      30_000,
      500,
    );
    assert.match(text, /\[info\] Requests go to /, 'the target is logged at info');
    assert.ok(!text.includes(server.key), 'no trace line carries the key');

    await setLevel('info');
    await waitFor('the channel back at info', () => api.logChannel()?.level === vscode.LogLevel.Info || undefined);
    const tracedBefore = traceCount(read(channel.file));
    await vscode.commands.executeCommand('notte.refresh');
    assert.ok((await rootLabels()).length > 0);
    await vscode.commands.executeCommand('notte.showLogs');
    assert.strictEqual(traceCount(read(channel.file)), tracedBefore, 'no trace line at the info level');
  });
});
