// What a person runs: the bundled browser example on the local server (without notte-sdk a
// ModuleNotFoundError the extension turns into an install hint; with the tests' stand-in of the SDK, an
// order placed in the server's own shop), and a session's workflow/code, which, run by the stand-in
// SDK (standard library only) over HTTP, reproduces the session's scrape.
import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { EXAMPLE_FUNCTIONS_DIR, startTestServer, tempDir, TestServer } from '../../helpers/localServer';
import { call, waitFor } from '../util';
import { act, FIXTURES_DIR, startSession } from './helpers';

const SDK_DIR = path.join(FIXTURES_DIR, 'sdk');

function python(script: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile('python3', ['-c', script], { env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

describe('local server: the browser example and exported workflow code', function () {
  this.timeout(90_000);
  let server: TestServer;
  let wrapperDir: string;

  before(async () => {
    // An interpreter that finds the stand-in SDK, as one with notte-sdk installed would find the real one.
    wrapperDir = tempDir('notte-python-');
    const wrapper = path.join(wrapperDir, 'python-with-sdk');
    fs.writeFileSync(wrapper, `#!/bin/sh\nPYTHONPATH=${JSON.stringify(SDK_DIR)} exec python3 "$@"\n`, { mode: 0o755 });
    server = await startTestServer({ functionsDir: EXAMPLE_FUNCTIONS_DIR, python: wrapper });
  });
  after(async () => {
    await server?.close();
    fs.rmSync(wrapperDir, { recursive: true, force: true });
  });

  it('fails the example with ModuleNotFoundError when notte-sdk is not installed', async () => {
    const plain = await startTestServer({ functionsDir: EXAMPLE_FUNCTIONS_DIR });
    try {
      const fn = (await call(plain, 'GET', '/functions/browser_shop_order')).json;
      assert.deepStrictEqual(
        fn.variables.map((v: { name: string; type: string }) => `${v.name}: ${v.type}`),
        ['name: str', 'email: str', 'product: str', 'quantity: int'],
      );
      const final = (await call(plain, 'POST', '/functions/browser_shop_order/runs/start', { variables: {}, stream: false })).json;
      assert.strictEqual(final.status, 'failed');
      assert.match(final.result, /^ModuleNotFoundError: No module named 'notte_sdk'/);
    } finally {
      await plain.close();
    }
  });

  it("runs the example against the server's own shop: observe, fill and click by id, scrape", async () => {
    const final = (await call(server, 'POST', '/functions/browser_shop_order/runs/start', { variables: { name: 'Grace', quantity: 3 }, stream: false })).json;
    assert.strictEqual(final.status, 'closed', final.result);
    assert.strictEqual(final.result, 'Order placed: 3 x Notebook for Grace <ada@example.com>. Total: €36.00.');
    assert.match(final.session_id, /^[0-9a-f-]{36}$/);
    const run = (await call(server, 'GET', `/functions/browser_shop_order/runs/${final.function_run_id}`)).json;
    assert.ok(run.logs.some((line: string) => /observed \d+ elements: .*I1/.test(line)));
    await waitFor('its session to be closed', async () => ((await call(server, 'GET', `/sessions/${final.session_id}`)).json.status === 'closed' ? true : undefined));
  });

  it("exports a session's steps as a function that reproduces its scrape when run", async () => {
    const id = await startSession(server);
    let original: string;
    try {
      await act(server, id, { type: 'goto', url: `${server.url}/pages/shop` });
      const observed = (await call(server, 'POST', `/sessions/${id}/page/observe`, {})).json.space.interaction_actions as { id: string; text_label: string }[];
      const byLabel = (label: string) => observed.find((a) => a.text_label === label)!.id;
      await act(server, id, { type: 'fill', id: byLabel('name'), value: 'Katherine' });
      await act(server, id, { type: 'fill', selector: 'input[name="email"]', value: 'kj@example.com' });
      await act(server, id, { type: 'select_dropdown_option', id: byLabel('Notebook Pencil Backpack'), value: 'Backpack' });
      await act(server, id, { type: 'click', id: byLabel('gift') });
      await act(server, id, { type: 'click', id: byLabel('Place order') });
      original = (await call(server, 'POST', `/sessions/${id}/page/scrape`, { only_main_content: true })).json.markdown;
      assert.match(original, /Order placed: 1 x Backpack for Katherine <kj@example.com>, gift wrapped/);
    } finally {
      await call(server, 'DELETE', `/sessions/${id}/stop`);
    }
    const code = (await call(server, 'GET', `/sessions/${id}/workflow/code`)).json;
    assert.deepStrictEqual(
      code.json_actions.map((a: { type: string }) => a.type),
      ['goto', 'fill', 'fill', 'select_dropdown_option', 'click', 'click', 'scrape'],
    );
    assert.ok(
      code.json_actions.every((a: { id?: string }) => a.id === undefined),
      'no observe ids in the export',
    );
    assert.deepStrictEqual(
      code.json_actions.slice(1, 6).map((a: { selector: string }) => a.selector),
      ['#name', 'input[name="email"]', '#product', '#gift', 'role=button[name="Place order"s]'],
    );
    assert.match(code.python_script, /^from notte_sdk import NotteClient$/m);
    assert.match(code.python_script, /^def run\(\):$/m);
    const ran = await python(`${code.python_script}\nimport json\nprint("RESULT" + json.dumps(run()))`, {
      PYTHONPATH: SDK_DIR,
      NOTTE_API_URL: server.url,
      NOTTE_API_KEY: server.key,
    });
    assert.strictEqual(ran.code, 0, ran.stderr);
    const reproduced = JSON.parse(ran.stdout.split('RESULT')[1]);
    assert.strictEqual(reproduced, original);
    const plain = (await call(server, 'GET', `/sessions/${id}/workflow/code?as_workflow=False`)).json.python_script;
    assert.ok(!plain.includes('def run') && plain.includes('with client.Session() as session:'));
  });

  it("keeps a scrape's selector in the export, so the exported function reads the same part of the page", async () => {
    const id = await startSession(server);
    let original: string;
    try {
      await act(server, id, { type: 'goto', url: `${server.url}/pages/shop` });
      original = (await call(server, 'POST', `/sessions/${id}/page/scrape`, { selector: '#help' })).json.markdown;
      assert.match(original, /Questions\? This shop is pretend/);
      assert.ok(!original.includes('Notte Local Shop'), 'only the part asked for');
    } finally {
      await call(server, 'DELETE', `/sessions/${id}/stop`);
    }
    const code = (await call(server, 'GET', `/sessions/${id}/workflow/code`)).json;
    assert.strictEqual(code.json_actions[1].selector, '#help');
    assert.match(code.python_script, /session\.scrape\(.*selector="#help"/);
    const ran = await python(`${code.python_script}\nimport json\nprint("RESULT" + json.dumps(run()))`, {
      PYTHONPATH: SDK_DIR,
      NOTTE_API_URL: server.url,
      NOTTE_API_KEY: server.key,
    });
    assert.strictEqual(ran.code, 0, ran.stderr);
    assert.strictEqual(JSON.parse(ran.stdout.split('RESULT')[1]), original);
  });

  it('names an element a click navigated away from by its short selector, worked out before the page went', async () => {
    const id = await startSession(server);
    try {
      await act(server, id, { type: 'goto', url: `${server.url}/pages/shop` });
      await act(server, id, { type: 'goto', url: `${server.url}/pages/shop#help` });
      const observed = (await call(server, 'POST', `/sessions/${id}/page/observe`, {})).json.space.interaction_actions as { id: string; text_label: string }[];
      // The nav's "Shop" link loads the page again: the element the export names is gone once the click is done.
      const clicked = await act(server, id, { type: 'click', id: observed.find((a) => a.text_label === 'Shop')!.id });
      assert.strictEqual(clicked.success, true, clicked.message);
    } finally {
      await call(server, 'DELETE', `/sessions/${id}/stop`);
    }
    const code = (await call(server, 'GET', `/sessions/${id}/workflow/code`)).json;
    assert.deepStrictEqual(
      code.json_actions.map((a: { type: string; selector?: string }) => a.selector ?? a.type),
      ['goto', 'goto', 'role=link[name="Shop"s]'],
    );
  });
});
