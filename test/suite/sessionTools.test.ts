// The agents' browser-session tools as an agent calls them (vscode.lm.invokeTool, no model needed),
// against the real local server's Chromium: the session they start opens in the browser panel, they act
// on the panel's session, the panel records what they do, the confirmations come where they should, and
// no answer carries the key, a token or a signed URL.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { extensionApi, harnessServer, http, useServer, waitFor } from './helpers';

async function invoke(name: string, input: object): Promise<string> {
  const result = await vscode.lm.invokeTool(name, { input, toolInvocationToken: undefined });
  return result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
}

function confirmationText(prepared: vscode.PreparedToolInvocation | undefined): string | undefined {
  const confirmation = prepared?.confirmationMessages;
  if (!confirmation) return undefined;
  return `${confirmation.title}\n${typeof confirmation.message === 'string' ? confirmation.message : confirmation.message.value}`;
}

describe('Agent tools on browser sessions', function () {
  this.timeout(120_000);
  const server = harnessServer();
  const answers: string[] = [];
  let sessionId = '';

  before(async () => {
    await useServer(server);
    await extensionApi();
    await waitFor('the session tools', () => vscode.lm.tools.some((t) => t.name === 'notte_session_start') || undefined);
  });

  after(async () => {
    if (sessionId) await http(server, 'DELETE', `/sessions/${sessionId}/stop`).catch(() => undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('asks before a session starts, then starts one the browser panel shows', async () => {
    const api = await extensionApi();
    assert.match(confirmationText(await api.prepareAgentTool('notte_session_start', {})) ?? '', /Start a Notte browser session\?[\s\S]*local Functions server/);
    const started = await invoke('notte_session_start', { url: `${server.url}/pages/shop` });
    answers.push(started);
    const match = /Browser session ([0-9a-f-]{36}) started/.exec(started);
    assert.ok(match, started);
    sessionId = match[1];
    assert.match(started, /It opened http:\/\/127\.0\.0\.1:\d+\/pages\/shop/);
    const panel = await waitFor('the panel on the session', () => api.recorderPanel(sessionId));
    assert.strictEqual((await api.recorderPanel())?.sessionId, sessionId, 'it is the panel shown');
    await waitFor('frames relayed to the panel', () => panel.framesPosted > 0 || undefined, 30_000).catch((error) => {
      throw new Error(
        `${error.message}; posted ${JSON.stringify(panel.posted.map((m) => [m.type, m.type === 'session' ? m.session : m.type === 'notice' ? m.text : '']))}; dropped ${panel.dropped}`,
      );
    });
  });

  it("observes the panel's session when no session is named, listing ids, roles, labels and actions", async () => {
    const observed = await invoke('notte_observe', {});
    answers.push(observed);
    assert.match(observed, new RegExp(`^Page of session ${sessionId}: "Notte Local Shop"`));
    assert.match(observed, /I2 textbox "email" → fill/);
    assert.match(observed, /I3 combobox "Notebook Pencil Backpack" → select_dropdown_option/);
    assert.match(observed, /B2 button "Place order" → click \[submits a form\]/);
  });

  it('asks before an action that submits a form or leaves the page, not before a fill', async () => {
    const api = await extensionApi();
    assert.strictEqual(confirmationText(await api.prepareAgentTool('notte_execute', { type: 'fill', id: 'I2', value: 'x' })), undefined);
    assert.match(confirmationText(await api.prepareAgentTool('notte_execute', { type: 'click', id: 'B2' })) ?? '', /submits a form/);
    assert.match(confirmationText(await api.prepareAgentTool('notte_execute', { type: 'click', id: 'L1' })) ?? '', /leaving the page/);
    assert.match(confirmationText(await api.prepareAgentTool('notte_execute', { type: 'goto', url: 'https://example.com' })) ?? '', /opens https:\/\/example\.com/);
    assert.match(confirmationText(await api.prepareAgentTool('notte_session_stop', {})) ?? '', new RegExp(`Stop the Notte browser session\\?[\\s\\S]*${sessionId}`));
  });

  it('acts by observe ids; the panel records each step on its stable selector; a failed action records nothing', async () => {
    const panel = (await (await extensionApi()).recorderPanel(sessionId))!;
    for (const [input, done] of [
      [{ type: 'fill', id: 'I1', value: 'Grace' }, /^Done: fill on I1 succeeded/],
      [{ type: 'fill', id: 'I2', value: 'grace@example.com' }, /^Done/],
      [{ type: 'select_dropdown_option', id: 'I3', value: 'Pencil' }, /^Done/],
      [{ type: 'click', id: 'B2' }, /^Done/],
    ] as const) {
      const answer = await invoke('notte_execute', input);
      answers.push(answer);
      assert.match(answer, done);
    }
    const failed = await invoke('notte_execute', { type: 'click', id: 'B99' });
    answers.push(failed);
    assert.match(failed, /^Failed: There is no element B99[\s\S]*call notte_observe/);
    assert.match(await invoke('notte_execute', { type: 'fill', value: 'x' }), /fill needs "id"/);
    const steps = await waitFor('the five steps in the panel', () => (panel.actions.recording.steps.length >= 5 ? panel.actions.recording.steps : undefined));
    assert.deepStrictEqual(
      steps.map((s) => [s.type, s.selector, s.value ?? s.url?.replace(/:\d+/, ':PORT')]),
      [
        ['goto', undefined, 'http://127.0.0.1:PORT/pages/shop'],
        ['fill', '#name', 'Grace'],
        ['fill', '#email', 'grace@example.com'],
        ['select_dropdown_option', '#product', 'Pencil'],
        ['click', 'role=button[name="Place order"s]', undefined],
      ],
    );
  });

  it("scrapes the page and gives the steps as Notte's own workflow code", async () => {
    const page = await invoke('notte_scrape', {});
    answers.push(page);
    assert.match(page, /Order placed: 1 x Pencil for Grace <grace@example\.com>/);
    const code = await invoke('notte_workflow_code', {});
    answers.push(code);
    assert.match(code, /```python\n"""Recorded from a local Notte session/);
    assert.match(code, /session\.execute\(type="fill", value="grace@example\.com", selector="#email"\)/);
    assert.match(code, /result = session\.scrape\(/);
  });

  it('stops the session; the panel says it ended; tools without a session say what to do', async () => {
    const panel = (await (await extensionApi()).recorderPanel(sessionId))!;
    const stopped = await invoke('notte_session_stop', {});
    answers.push(stopped);
    assert.match(stopped, new RegExp(`Browser session ${sessionId} stopped \\(status closed\\)`));
    const ended = await waitFor('the panel to say the session ended', () => panel.posted.find((m) => m.type === 'session' && m.session.state === 'ended'), 30_000);
    // The server's reason ends its own sentence (it once read "Stopped by the client..").
    assert.strictEqual(ended.type === 'session' && ended.session.text, 'The browser session ended: Stopped by the client.');
    const none = await invoke('notte_observe', {});
    assert.match(none, /no browser session to act on[\s\S]*notte_session_start/);
    const gone = await invoke('notte_observe', { session_id: sessionId });
    assert.match(gone, /closed/);
    // New Session on the ended panel: a new session's panel in the same group, not a group more.
    const api = await extensionApi();
    await panel.receive({ v: 1, type: 'newSession' });
    const next = await waitFor(
      'the new session in a panel',
      async () => {
        const active = await http<{ items: { session_id: string }[] }>(server, 'GET', '/sessions?only_active=true');
        for (const s of active.items) {
          const made = s.session_id !== sessionId ? await api.recorderPanel(s.session_id) : undefined;
          if (made) return made;
        }
        return undefined;
      },
      60_000,
    );
    try {
      assert.strictEqual(next.panel.viewColumn, panel.panel.viewColumn);
    } finally {
      next.panel.dispose();
    }
  });

  it('carries no key, token or signed URL in any answer', () => {
    assert.ok(answers.length >= 9);
    for (const answer of answers) {
      assert.ok(!answer.includes(server.key), `the key in: ${answer}`);
      assert.ok(!/token=|expires=/.test(answer), `a signed URL in: ${answer}`);
      assert.ok(!/\/debug\/|\/viewer|cdp/.test(answer), `a session link in: ${answer}`);
    }
  });
});
