// The API module's browser-session routes (client.sessions) against the real local server and its
// Chromium: start, act, observe, scrape, the live frames socket, workflow code, stop; and how they fail:
// an element that left the page, a session that ended, agents the local server does not have.
import * as assert from 'assert';
import { NotteApiError, NotteClient } from '../../../src/api';
import { startTestServer, TestServer } from '../helpers/localServer';
import { waitFor } from '../../harness/lib/waitFor';

function client(server: TestServer): NotteClient {
  return new NotteClient({ baseUrl: server.url, apiKey: () => server.key, retry: { baseDelayMs: 20, maxDelayMs: 200 } });
}

describe('API module: browser sessions', function () {
  this.timeout(90_000);
  let server: TestServer;
  let api: NotteClient;

  before(async () => {
    server = await startTestServer();
    api = client(server);
  });
  after(async () => {
    await api?.close();
    await server?.close();
  });

  it('starts a session, acts by observe ids, reads the export and the page, streams frames, stops', async () => {
    const session = await api.sessions.start({ idle_timeout_minutes: 2 });
    assert.match(session.session_id, /^[0-9a-f-]{36}$/);
    const frames: Buffer[] = [];
    let closed: string | undefined;
    const socket = await api.sessions.frames(session.session_id, { onFrame: (jpeg) => frames.push(jpeg), onClose: (why) => (closed = why) });
    try {
      const opened = await api.sessions.execute(session.session_id, { type: 'goto', url: `${server.url}/pages/shop` });
      assert.strictEqual(opened.success, true, opened.message);
      const observation = await api.sessions.observe(session.session_id);
      assert.strictEqual(observation.metadata.title, 'Notte Local Shop');
      const email = observation.space.interaction_actions.find((a) => a.text_label === 'email');
      assert.ok(email, 'the email field is listed');
      const filled = await api.sessions.execute(session.session_id, { type: 'fill', id: email.id, value: 'ada@example.com' });
      assert.strictEqual(filled.success, true, filled.message);
      const code = await api.sessions.workflowCode(session.session_id);
      assert.deepStrictEqual(code.json_actions[code.json_actions.length - 1], { type: 'fill', value: 'ada@example.com', selector: '#email' });
      assert.match(code.python_script, /session\.execute\(type="fill", value="ada@example\.com", selector="#email"\)/);
      const page = await api.sessions.scrape(session.session_id);
      assert.match(page.markdown, /Notte Local Shop/);
      await waitFor('a live frame', async () => frames.length > 0 || undefined, 10_000);
      assert.deepStrictEqual([...frames[0].subarray(0, 3)], [0xff, 0xd8, 0xff], 'a JPEG');
      assert.ok(socket.open);
      const listed = await api.sessions.list({ only_active: true });
      assert.ok(listed.items.some((s) => s.session_id === session.session_id));
    } finally {
      const stopped = await api.sessions.stop(session.session_id);
      assert.strictEqual(stopped.status, 'closed');
    }
    await waitFor('the frames socket to close with the session', async () => closed ?? undefined, 10_000);
    assert.ok(!socket.open);
  });

  it('answers a failed action with the server message, and an ended session as not found', async () => {
    const session = await api.sessions.start({});
    await api.sessions.execute(session.session_id, { type: 'goto', url: `${server.url}/pages/blank` });
    const missing = await api.sessions.execute(session.session_id, { type: 'click', id: 'B7' });
    assert.strictEqual(missing.success, false);
    assert.match(missing.message, /no element B7/);
    await api.sessions.stop(session.session_id);
    await assert.rejects(api.sessions.observe(session.session_id), (error: NotteApiError) => error.kind === 'not_found' && /closed/.test(error.message));
    const status = await api.sessions.get(session.session_id);
    assert.strictEqual(status.status, 'closed');
  });

  it('says the local server has no agents (501), and refuses a frames socket for an unknown session', async () => {
    await assert.rejects(api.sessions.listAgents(), (error: NotteApiError) => error.status === 501 && /hosted LLM/.test(error.message));
    await assert.rejects(
      api.sessions.frames('0b7c5a52-6f0e-4a5e-9f55-000000000000', { onFrame: () => undefined, onClose: () => undefined }),
      (error: NotteApiError) => error.kind === 'not_found',
    );
  });
});
