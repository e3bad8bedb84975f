// The language-model tools as an agent calls them: through vscode.lm, in the real extension host,
// against a real local Functions server (no model needed: invokeTool is what an agent's turn does).
import * as assert from 'assert';
import { execFile } from 'child_process';
import * as vscode from 'vscode';
import type { FunctionRun } from '../../src/api/types';
import { extensionApi, harnessServer, http, listRuns, recordingProxy, startServer, TestServer, useServer, waitFor } from './helpers';

const TOOLS = [
  'notte_execute',
  'notte_get_run',
  'notte_get_snippet',
  'notte_list_functions',
  'notte_observe',
  'notte_run_function',
  'notte_scrape',
  'notte_session_start',
  'notte_session_stop',
  'notte_stop_run',
  'notte_test_function',
  'notte_workflow_code',
];
const HOSTILE = `it's "quoted" $HOME \`uname\` \\ ünï ✓ <b>bold</b> \`\`\`\nline two`;

async function invoke(name: string, input: object, token?: vscode.CancellationToken): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined }, token);
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : `[non-text part ${JSON.stringify(part)}]`)).join('');
}

function runIdOf(text: string): string {
  const match = /run_id: ([^\s,]+)/.exec(text);
  assert.ok(match, `no run id in: ${text}`);
  return match[1];
}

function ourTools(): readonly vscode.LanguageModelToolInformation[] {
  return vscode.lm.tools.filter((tool) => tool.name.startsWith('notte_'));
}

describe('Agent tools', function () {
  this.timeout(90_000);
  const server = harnessServer();
  before(async () => {
    await useServer(server);
    await extensionApi();
    await waitFor('the tools to be registered', () => ourTools().length === TOOLS.length || undefined);
  });

  it('lists the tools with their input schemas', () => {
    const tools = ourTools();
    assert.deepStrictEqual(tools.map((t) => t.name).sort(), TOOLS);
    for (const tool of tools) {
      assert.ok(tool.description.length > 80, `${tool.name} has a model-facing description`);
      const schema = tool.inputSchema as { type: string; properties: Record<string, { type: string }>; required?: string[] };
      assert.strictEqual(schema.type, 'object', tool.name);
      assert.ok(Object.keys(schema.properties).length > 0, tool.name);
    }
    const run = tools.find((t) => t.name === 'notte_run_function')!.inputSchema as { properties: Record<string, { type: string }>; required: string[] };
    assert.deepStrictEqual(run.required, ['function_id']);
    assert.strictEqual(run.properties.variables.type, 'object');
    const snippet = tools.find((t) => t.name === 'notte_get_snippet')!.inputSchema as { properties: { format: { enum: string[] } } };
    assert.deepStrictEqual(snippet.properties.format.enum, ['curl', 'javascript', 'python', 'http']);
  });

  it('lists the functions with their variables, and filters them by name', async () => {
    const all = await invoke('notte_list_functions', {});
    assert.match(all, /function_id: echo_variables/);
    assert.match(all, /function_id: run_until_stopped/);
    assert.match(all, /variables: name: str \(required\), count: int = 2, ratio: float = 0\.5/);
    const some = await invoke('notte_list_functions', { filter: 'ECHO' });
    assert.match(some, /^1 functions matching "ECHO"/);
    assert.ok(!some.includes('run_until_stopped'), some);
    const paged = await invoke('notte_list_functions', { page_size: 1 });
    assert.match(paged, /more on page 2/);
  });

  it('runs echo_variables with hostile text and an int, shows their Python types, and reads the run back', async () => {
    const api = await extensionApi();
    const text = await invoke('notte_run_function', { function_id: 'echo_variables', variables: { name: HOSTILE, count: 5 } });
    assert.match(text, /finished: status closed\./, text);
    const runId = runIdOf(text);
    assert.match(text, /count = 5 \(int\)/);
    assert.match(text, /name = ".*" \(str\)/);
    // The function's own answer, as Python saw the values.
    assert.match(text, /"count": "int"/);
    assert.match(text, /"name": "str"/);
    assert.match(text, /Logs \(7 lines\):/);
    const run = await http<FunctionRun>(server, 'GET', `/functions/echo_variables/runs/${runId}`);
    assert.deepStrictEqual(run.variables, { name: HOSTILE, count: 5, ratio: 0.5, enabled: false, tags: ['a', 'b'], options: null, note: null });
    assert.ok(
      api.outputLines().some((l) => l.includes(`Run ${runId} started`)),
      'the run streamed into the Output channel',
    );

    const read = await invoke('notte_get_run', { function_id: 'echo_variables', run_id: runId, log_lines: 2 });
    assert.match(read, new RegExp(`^Run ${runId} of echo_variables on the local Functions server at ${server.url.replace(/[.]/g, '\\.')}: status closed\\.`));
    assert.match(read, /count = 5 \(int\)/);
    assert.match(read, /Last 2 of 7 log lines:\noptions = None \(NoneType\)\nnote = None \(NoneType\)/);
  });

  it('refuses a wrong variable type with a message the model can act on, and runs nothing', async () => {
    const before = (await listRuns(server, 'echo_variables')).length;
    const text = await invoke('notte_run_function', { function_id: 'echo_variables', variables: { name: 'x', count: 'many', colour: 'red' } });
    assert.match(text, /nothing was run/);
    assert.match(text, /Unknown variable: colour/);
    assert.match(text, /count \(int\): Enter a whole number \(int\), like 42; got "many"\./);
    assert.match(text, /run\(name: str, count: int = 2/);
    assert.strictEqual((await listRuns(server, 'echo_variables')).length, before);
  });

  it('cuts a long result and says so', async () => {
    const text = await invoke('notte_run_function', { function_id: 'echo_variables', variables: { name: 'y'.repeat(6000) } });
    assert.match(text, /Result \(truncated: the first 4000 of \d+ characters; the whole result is in the run's document/);
    assert.ok(text.length < 4000 + 3000, `the answer stays short: ${text.length} characters`);
  });

  it('stops a run through the tool while the run tool waits for it', async () => {
    const api = await extensionApi();
    const running = invoke('notte_run_function', { function_id: 'run_until_stopped', variables: { interval: 0.2 } });
    const active = await waitFor('the run to be active', async () => (await listRuns(server, 'run_until_stopped')).find((r) => r.status === 'active'));
    await waitFor('the run to stream in this window', () => api.activeRunCount() === 1 || undefined);
    const stopped = await invoke('notte_stop_run', { function_id: 'run_until_stopped', run_id: active.function_run_id });
    assert.match(stopped, new RegExp(`Run ${active.function_run_id} of run_until_stopped on .* was stopped`));
    const text = await running;
    assert.strictEqual(runIdOf(text), active.function_run_id);
    assert.match(text, /stopped by the user/);
    const after = await http<FunctionRun>(server, 'GET', `/functions/run_until_stopped/runs/${active.function_run_id}`);
    assert.notStrictEqual(after.status, 'active');
    const again = await invoke('notte_stop_run', { function_id: 'run_until_stopped', run_id: active.function_run_id });
    assert.match(again, /had already ended/);
  });

  it('answers "cancelled by the user" when the user cancels the run from its progress notification', async () => {
    await vscode.commands.executeCommand('notifications.clearAll');
    const running = invoke('notte_run_function', { function_id: 'run_until_stopped', variables: { interval: 0.2 } });
    const active = await waitFor('the run to be active', async () => (await listRuns(server, 'run_until_stopped')).find((r) => r.status === 'active'));
    // The newest notification is the run's progress; its primary action is Cancel, as a click on it.
    await vscode.commands.executeCommand('notification.acceptPrimaryAction');
    const text = await running;
    assert.match(text, new RegExp(`^Run ${active.function_run_id} of run_until_stopped was cancelled by the user \\(from the progress notification\\) and stopped`));
    const after = await http<FunctionRun>(server, 'GET', `/functions/run_until_stopped/runs/${active.function_run_id}`);
    assert.notStrictEqual(after.status, 'active');
  });

  it("stops the run when the agent's request is cancelled (VS Code then answers the call itself)", async () => {
    const source = new vscode.CancellationTokenSource();
    const running = invoke('notte_run_function', { function_id: 'run_until_stopped', variables: { interval: 0.2 } }, source.token);
    const active = await waitFor('the run to be active', async () => (await listRuns(server, 'run_until_stopped')).find((r) => r.status === 'active'));
    source.cancel();
    // VS Code 1.139 races the tool's answer against the caller's token and rejects with Canceled.
    await assert.rejects(running, /Canceled/);
    const ended = await waitFor('the run to end', async () => {
      const run = await http<FunctionRun>(server, 'GET', `/functions/run_until_stopped/runs/${active.function_run_id}`);
      return run.status !== 'active' ? run : undefined;
    });
    assert.match(String(ended.result), /stopped/i);
    source.dispose();
  });

  it('gives a cURL snippet without the key that starts a run when run in a shell', async () => {
    const text = await invoke('notte_get_snippet', { function_id: 'echo_variables', format: 'curl', variables: { name: HOSTILE, count: 9 } });
    assert.ok(!text.includes(server.key), 'the key is not in the snippet');
    const fence = /^(`{3,})sh\n([\s\S]*?)\n\1$/m.exec(text);
    assert.ok(fence, `no fenced snippet in: ${text}`);
    const script = fence[2];
    assert.match(script, /^curl /);
    const before = (await listRuns(server, 'echo_variables')).length;
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('sh', ['-c', script], { env: { ...process.env, NOTTE_API_KEY: server.key } }, (error, out, err) =>
        error ? reject(new Error(`${error.message} ${err}`)) : resolve(out),
      ),
    );
    assert.ok(stdout.length > 0);
    const runs = await listRuns(server, 'echo_variables');
    assert.strictEqual(runs.length, before + 1);
    assert.deepStrictEqual(runs[0].variables, { name: HOSTILE, count: 9, ratio: 0.5, enabled: false, tags: ['a', 'b'], options: null, note: null });
    for (const format of ['javascript', 'python', 'http']) assert.match(await invoke('notte_get_snippet', { function_id: 'echo_variables', format }), /NOTTE_API_KEY/);
  });

  it('asks before a run with the function, the variables and where it runs; reads need no confirmation', async () => {
    const api = await extensionApi();
    const prepared = await api.prepareAgentTool('notte_run_function', { function_id: 'echo_variables', variables: { name: 'confirm me', count: 3 } });
    const confirmation = prepared?.confirmationMessages;
    assert.ok(confirmation, 'a confirmation is asked');
    assert.match(confirmation.title, /Run the Notte function echo_variables\?/);
    const message = typeof confirmation.message === 'string' ? confirmation.message : confirmation.message.value;
    assert.match(message, /"name": "confirm me",\n  "count": 3,/, 'pretty-printed');
    assert.match(message, /"ratio": 0\.5/, 'defaults are shown as they will be sent');
    assert.ok(message.includes(server.url), 'it says where the run goes');
    // Variables that do not fit are shown as given, secret-looking ones masked, with a word that the run will be refused.
    const unfit = (await api.prepareAgentTool('notte_run_function', { function_id: 'echo_variables', variables: { name: 'x', password: 'hunter2' } }))?.confirmationMessages;
    const unfitText = typeof unfit?.message === 'string' ? unfit.message : (unfit?.message.value ?? '');
    assert.match(unfitText, /"password": "••••••"/);
    assert.ok(!unfitText.includes('hunter2'));
    assert.match(unfitText, /do not fit the function/);
    const stop = await api.prepareAgentTool('notte_stop_run', { function_id: 'run_until_stopped', run_id: 'some-run' });
    assert.match(stop?.confirmationMessages?.title ?? '', /Stop the Notte run some-run\?/);
    for (const name of ['notte_list_functions', 'notte_get_run', 'notte_get_snippet'] as const) {
      assert.strictEqual((await api.prepareAgentTool(name, { function_id: 'echo_variables', run_id: 'x' }))?.confirmationMessages, undefined, name);
    }
  });

  it('answers unknown functions, a missing key, a dead server and a rate limit as results that say what to do', async () => {
    assert.match(await invoke('notte_run_function', { function_id: 'no_such_function', variables: {} }), /not found[\s\S]*notte_list_functions/);
    assert.match(await invoke('notte_get_run', { function_id: 'echo_variables', run_id: 'no-such-run' }), /^Error: .*\nCheck the function id and run id/);
    const config = vscode.workspace.getConfiguration('notte');
    try {
      await vscode.commands.executeCommand('notte.clearApiKey');
      assert.match(await invoke('notte_list_functions', {}), /no Notte API key is set, so nothing was sent\. Ask the user to run "Notte: Set API Key"/);
      await useServer({ url: 'http://127.0.0.1:9', key: 'dead-server-key' });
      assert.match(await invoke('notte_list_functions', {}), /cannot reach 127\.0\.0\.1:9[\s\S]*does not answer/);
    } finally {
      await useServer(server);
    }
    const faulty: TestServer = await startServer(['--faults']);
    try {
      await useServer(faulty);
      await http(faulty, 'POST', '/__faults', { status429: 20, retryAfter: 1 });
      const limited = await invoke('notte_list_functions', {});
      assert.match(limited, /rate limited[\s\S]*Wait 1 s, then try again/);
    } finally {
      await config.update('apiUrl', undefined, vscode.ConfigurationTarget.Global);
      await faulty.stop();
      await useServer(server);
    }
  });

  it('keeps a recognisable key out of every tool result', async () => {
    const own = await startServer();
    const marker = own.key;
    const answers: string[] = [];
    try {
      await useServer(own);
      await vscode.workspace.getConfiguration('notte').update('snippets.includeApiKey', true, vscode.ConfigurationTarget.Global);
      answers.push(await invoke('notte_list_functions', {}));
      const run = await invoke('notte_run_function', { function_id: 'echo_variables', variables: { name: `echo ${marker}`, note: `https://x/code?expires=1&token=${marker}` } });
      answers.push(run);
      assert.match(run, /echo ••••••/, 'the key is masked where the function printed it');
      answers.push(await invoke('notte_get_run', { function_id: 'echo_variables', run_id: runIdOf(run), log_lines: 200 }));
      for (const format of ['curl', 'javascript', 'python', 'http'])
        answers.push(await invoke('notte_get_snippet', { function_id: 'echo_variables', format, variables: { name: 'x' } }));
      answers.push(await invoke('notte_stop_run', { function_id: 'echo_variables', run_id: runIdOf(run) }));
      answers.push(await invoke('notte_run_function', { function_id: 'echo_variables', variables: { name: marker, count: marker } }));
      answers.push(await invoke('notte_run_function', { function_id: 'always_fails', variables: {} }));
      const prepared = await (await extensionApi()).prepareAgentTool('notte_run_function', { function_id: 'echo_variables', variables: { name: marker } });
      const message = prepared?.confirmationMessages?.message;
      answers.push(typeof message === 'string' ? message : (message?.value ?? ''));
      const leaks = answers.filter((text) => text.includes(marker));
      assert.deepStrictEqual(leaks, [], 'the key leaked');
    } finally {
      await vscode.workspace.getConfiguration('notte').update('snippets.includeApiKey', undefined, vscode.ConfigurationTarget.Global);
      await own.stop();
      await useServer(server);
    }
  });

  it('unregisters the tools when notte.agentTools.enabled is turned off, and registers them again without a request', async () => {
    // The manifest hides them from agents by the same setting; vscode.lm.tools of VS Code 1.139 lists
    // contributed tools whether enabled or not, so what shows the unregistering is that a call fails.
    const manifest = vscode.extensions.getExtension('notte-community.notte-functions')!.packageJSON as { contributes: { languageModelTools: { name: string; when?: string }[] } };
    assert.deepStrictEqual(
      manifest.contributes.languageModelTools.map((t) => t.when),
      TOOLS.map(() => 'config.notte.agentTools.enabled'),
    );
    const proxy = await recordingProxy(server);
    const config = vscode.workspace.getConfiguration('notte');
    try {
      await useServer(proxy);
      // Let the view's own reads after the switch settle, then count from there.
      let seen = -1;
      await waitFor(
        'the view to stop reading',
        async () => {
          const now = proxy.requests.length;
          const quiet = now === seen;
          seen = now;
          if (!quiet) await new Promise((r) => setTimeout(r, 1000));
          return quiet || undefined;
        },
        30_000,
      );
      const before = [...proxy.requests];
      await config.update('agentTools.enabled', false, vscode.ConfigurationTarget.Global);
      for (const name of TOOLS) {
        const error = await waitFor(`${name} to be unregistered`, () =>
          invoke(name, {}).then(
            () => undefined,
            (e: Error) => e,
          ),
        );
        assert.match(String(error), /does not have an implementation/);
      }
      await config.update('agentTools.enabled', undefined, vscode.ConfigurationTarget.Global);
      // A call that fails on its input before any request shows the tool is back.
      const back = await waitFor('the tools to be back', () => invoke('notte_get_run', {}).catch(() => undefined));
      assert.match(back, /"function_id" is required/);
      assert.deepStrictEqual(proxy.requests, before, 'registering the tools made no request');
    } finally {
      await config.update('agentTools.enabled', undefined, vscode.ConfigurationTarget.Global);
      await useServer(server);
      await proxy.close();
    }
    assert.match(await invoke('notte_list_functions', {}), /function_id: echo_variables/);
  });
});
