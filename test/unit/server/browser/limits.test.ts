// Limits and bad input: --max-sessions (429 with Retry-After), idle and maximum duration (timed_out),
// a crashed browser (its sessions closed with the reason, the next session on a new browser),
// --allow-file-urls, a browser that cannot be found, and the server's close ending every browser.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chromium, type Browser } from 'playwright-core';
import { NotteClient } from '../../../../src/api';
import { spawnServerProcess, startTestServer } from '../../helpers/localServer';
import { call, sleep, waitFor } from '../util';
import { act, FIXTURES_DIR, processesInGroups, SDK_START_BODY, startSession, withServers } from './helpers';

describe('local server: limits of browser sessions', function () {
  this.timeout(180_000);

  it('answers 429 with Retry-After past --max-sessions, and starts again once one stopped', async () => {
    const server = await startTestServer({ maxSessions: 2 });
    try {
      const a = await startSession(server);
      await startSession(server);
      const refused = await call(server, 'POST', '/sessions/start', SDK_START_BODY);
      assert.deepStrictEqual([refused.status, refused.json.status], [429, 429]);
      assert.ok(Number(refused.headers.get('retry-after')) > 0);
      assert.ok(refused.headers.get('x-ratelimit-reset'));
      assert.match(refused.json.detail, /--max-sessions/);
      await call(server, 'DELETE', `/sessions/${a}/stop`);
      assert.strictEqual((await call(server, 'POST', '/sessions/start', SDK_START_BODY)).status, 200);
    } finally {
      await server.close();
    }
  });

  it('starts every one of --max-sessions sessions asked for together, staggered over their set-up (one being set up counts once)', async () => {
    const server = await startTestServer({ maxSessions: 5 });
    try {
      for (let round = 0; round < 4; round++) {
        // Staggered, so that later starts arrive while earlier ones are half set up.
        const starts = [0, 1, 2, 3, 4].map(async (i) => {
          await sleep(i * (10 + round * 10));
          return call(server, 'POST', '/sessions/start', SDK_START_BODY);
        });
        const answers = await Promise.all(starts);
        assert.deepStrictEqual(
          answers.map((a) => a.status),
          [200, 200, 200, 200, 200],
          JSON.stringify(answers.map((a) => a.json.detail ?? '')),
        );
        for (const answer of answers) await call(server, 'DELETE', `/sessions/${answer.json.session_id}/stop`);
      }
    } finally {
      await server.close();
    }
  });

  it('closes a session whose run ended while it was being started, and answers its start 409: no session is left open', async () => {
    const server = await startTestServer({ functionsDir: path.join(FIXTURES_DIR, 'functions') });
    try {
      const created = (await call(server, 'POST', '/functions/opens_session/runs/create', { local: true })).json;
      const runKey = (await call(server, 'POST', `/functions/opens_session/runs/${created.function_run_id}/key`, {})).json.api_key as string;
      const asRun = { url: server.url, headers: { Authorization: `Bearer ${runKey}`, 'Content-Type': 'application/json' } };
      // The server's first session starts its browser too: the run's end (its PATCH) lands during that start.
      const start = call(asRun, 'POST', '/sessions/start', SDK_START_BODY);
      await sleep(100);
      await call(server, 'PATCH', `/functions/opens_session/runs/${created.function_run_id}`, { status: 'closed', result: 'done', logs: [] });
      const started = await start;
      assert.ok([200, 409].includes(started.status), `${started.status} ${JSON.stringify(started.json)}`);
      if (started.status === 409) assert.match(started.json.detail, /ended while its session started/);
      await waitFor('no open session', async () => ((await call(server, 'GET', '/sessions/')).json.items.length === 0 ? true : undefined), 10_000);
    } finally {
      await server.close();
    }
  });

  it('times a session out when idle and at its maximum duration (status timed_out)', async () => {
    // A "minute" of 400 ms here.
    const server = await startTestServer({ browserTuning: { sessionMinuteMs: 400 } });
    try {
      const idle = await startSession(server, { ...SDK_START_BODY, idle_timeout_minutes: 1, max_duration_minutes: 30 });
      const busy = await startSession(server, { ...SDK_START_BODY, idle_timeout_minutes: 3, max_duration_minutes: 2 });
      // Kept busy: it ends at its maximum duration all the same.
      const ticker = setInterval(() => void call(server, 'GET', `/sessions/${busy}/offset`), 150);
      try {
        const idled = await waitFor('the idle session to time out', async () => {
          const s = (await call(server, 'GET', `/sessions/${idle}`)).json;
          return s.status === 'timed_out' ? s : undefined;
        });
        assert.match(idled.error, /idle for 1 min/);
        const maxed = await waitFor('the busy session to reach its maximum', async () => {
          const s = (await call(server, 'GET', `/sessions/${busy}`)).json;
          return s.status === 'timed_out' ? s : undefined;
        });
        assert.match(maxed.error, /maximum duration \(2 min\)/);
        assert.ok(Date.parse(maxed.closed_at) - Date.parse(maxed.created_at) >= 700);
      } finally {
        clearInterval(ticker);
      }
      const page = await call(server, 'POST', `/sessions/${idle}/page/execute`, { type: 'goto', url: 'about:blank' });
      assert.strictEqual(page.status, 404);
      assert.match(page.json.detail, /timed_out/);
      // Stopped after it timed out (the end of the SDK's `with` block): "already closed", which the SDK lets
      // pass, where answering its timed_out status made it raise; the extension's client reads its state.
      const stop = await call(server, 'DELETE', `/sessions/${idle}/stop`);
      assert.strictEqual(stop.status, 409);
      assert.match(stop.json.detail, /already closed \(timed_out\): .*idle for 1 min/);
      const client = new NotteClient({ baseUrl: server.url, apiKey: () => server.key });
      try {
        const stopped = await client.sessions.stop(idle);
        assert.deepStrictEqual([stopped.status, stopped.session_id], ['timed_out', idle]);
      } finally {
        await client.close();
      }
    } finally {
      await server.close();
    }
  });

  it('closes the sessions of a browser that crashed, with the reason, and starts a new browser for the next', async () => {
    const server = await startTestServer();
    try {
      const first = await startSession(server);
      const [pid] = server.local!.browser.loaded!.manager.browserPids();
      process.kill(pid, 'SIGKILL');
      const closed = await waitFor('the session to be closed', async () => {
        const s = (await call(server, 'GET', `/sessions/${first}`)).json;
        return s.status === 'closed' ? s : undefined;
      });
      assert.match(closed.error, /The browser stopped/);
      // Its recording ended with the browser: the replay's answer says why, not only that the encoder failed.
      const replay = await waitFor('the replay answer', async () => {
        const answer = await call(server, 'GET', `/sessions/${first}/replay`);
        return answer.status === 404 ? undefined : answer;
      });
      assert.strictEqual(replay.status, 410, replay.text);
      assert.match(replay.json.detail, /has no replay: .*\. The browser stopped: /);
      const next = await startSession(server);
      const [newPid] = server.local!.browser.loaded!.manager.browserPids();
      assert.notStrictEqual(newPid, pid);
      assert.strictEqual((await act(server, next, { type: 'goto', url: `${server.url}/pages/shop` })).success, true);
      await waitFor('the crashed browser processes to be gone', async () => (processesInGroups([pid]).length === 0 ? true : undefined), 10_000);
    } finally {
      await server.close();
    }
  });

  it('replaces a tab whose renderer crashed by a blank one: what ran on it says the page crashed, and the session goes on', async () => {
    const server = await startTestServer();
    try {
      const id = await startSession(server);
      assert.strictEqual((await act(server, id, { type: 'goto', url: `${server.url}/pages/shop` })).success, true);
      // Words are not a crash: a selector that says "Page crashed" fails as any other, and the page stays.
      const scraped = await call(server, 'POST', `/sessions/${id}/page/scrape`, { selector: 'text=Page crashed' });
      assert.notStrictEqual(scraped.json.message, 'The page crashed', scraped.text);
      const clicked = await act(server, id, { type: 'click', selector: 'text=Page crashed' });
      assert.ok(!clicked.success && !/replaced by a blank one/.test(clicked.message), JSON.stringify(clicked));
      const still = await call(server, 'POST', `/sessions/${id}/page/observe`, {});
      assert.strictEqual(still.json.metadata.url, `${server.url}/pages/shop`);
      // The tab, reached as any client of the browser's own CDP address would (its profile's DevToolsActivePort).
      const [pid] = server.local!.browser.loaded!.manager.browserPids();
      const profile = /--user-data-dir=([^\0]+)/.exec(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'))![1];
      const [port, wsPath] = fs.readFileSync(path.join(profile, 'DevToolsActivePort'), 'utf8').trim().split('\n');
      const crashTab = async () => {
        const outside = await chromium.connectOverCDP(`ws://127.0.0.1:${port}${wsPath}`);
        try {
          const tab = await waitFor('the tab', async () =>
            outside
              .contexts()
              .flatMap((c) => c.pages())
              .find((p) => p.url() === `${server.url}/pages/shop`),
          );
          // Page.crash ends the tab's renderer as running out of memory does (it never answers).
          void (await tab.context().newCDPSession(tab)).send('Page.crash').catch(() => undefined);
          await waitFor('the tab to crash', async () => ((await tab.evaluate(() => true).catch(() => false)) ? undefined : true), 10_000);
        } finally {
          await outside.close().catch(() => undefined);
        }
      };
      await crashTab();
      // Until a call goes to a page, what reads or acts on the tab says the page crashed (whether the crash came
      // during the call or before it), a retried read too: the blank tab that took its place is never read as the page.
      const crashedAnswer = /^The page crashed\b.*replaced by a blank one/;
      const observeAfter = async () => {
        const read = await call(server, 'POST', `/sessions/${id}/page/observe`, {});
        assert.ok(read.status === 500 && read.json.message === 'The page crashed' && crashedAnswer.test(read.json.detail), read.text.slice(0, 300));
      };
      await observeAfter();
      await observeAfter();
      const evaluated = await act(server, id, { type: 'evaluate_js', code: 'location.href' });
      assert.ok(!evaluated.success && crashedAnswer.test(evaluated.message), JSON.stringify(evaluated));
      assert.strictEqual((await call(server, 'GET', `/sessions/${id}`)).json.status, 'active');
      // A goto goes on, on the blank tab: the page is read again.
      const again = await act(server, id, { type: 'goto', url: `${server.url}/pages/shop` });
      assert.strictEqual(again.success, true, JSON.stringify(again));
      const observed = await call(server, 'POST', `/sessions/${id}/page/observe`, {});
      assert.strictEqual(observed.status, 200, observed.text.slice(0, 300));
      assert.ok(observed.json.space.interaction_actions.length > 0, 'the shop is read again');
    } finally {
      await server.close();
    }
  });

  it("ends the recordings of an encoder page that crashed, with the reason: their sessions still stop, and the next session's recording opens a new one", async () => {
    const server = await startTestServer();
    let outside: Browser | undefined;
    try {
      const first = await startSession(server);
      await act(server, first, { type: 'goto', url: `${server.url}/pages/shop` });
      // The encoder page, reached as any client of the browser's own CDP address would (its profile's DevToolsActivePort).
      const [pid] = server.local!.browser.loaded!.manager.browserPids();
      const profile = /--user-data-dir=([^\0]+)/.exec(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'))![1];
      const [port, wsPath] = fs.readFileSync(path.join(profile, 'DevToolsActivePort'), 'utf8').trim().split('\n');
      outside = await chromium.connectOverCDP(`ws://127.0.0.1:${port}${wsPath}`);
      const encoder = await waitFor('the encoder page', async () =>
        outside!
          .contexts()
          .flatMap((c) => c.pages())
          .find((p) => p.url() === `${server.url}/pages/blank`),
      );
      // Crashed once it encodes (its encoder installed, this session's frames going to it).
      await waitFor('the encoder to be installed', async () => (await encoder.evaluate(() => '__notteEncoder' in window).catch(() => false)) || undefined);
      await act(server, first, { type: 'evaluate_js', code: "document.body.style.background = 'red'; 1" });
      await sleep(500);
      const cdp = await encoder.context().newCDPSession(encoder);
      await cdp.send('Page.crash').catch(() => undefined);
      assert.strictEqual((await call(server, 'DELETE', `/sessions/${first}/stop`)).status, 200);
      const lost = await waitFor('the replay to be known', async () => {
        const got = await call(server, 'GET', `/sessions/${first}/replay`);
        return got.status === 200 || got.status === 410 ? got : undefined;
      });
      assert.strictEqual(lost.status, 410, lost.text);
      assert.match(lost.json.detail ?? lost.text, /the encoder page crashed/);
      // The next session is recorded again, by a new encoder page of the same browser.
      const next = await startSession(server);
      await act(server, next, { type: 'goto', url: `${server.url}/pages/shop` });
      await sleep(500);
      await call(server, 'DELETE', `/sessions/${next}/stop`);
      const replay = await waitFor('the next replay', async () => {
        const got = await call(server, 'GET', `/sessions/${next}/replay`);
        assert.notStrictEqual(got.status, 410, got.text);
        return got.status === 200 ? got.json : undefined;
      });
      assert.ok(replay.video_duration_ms > 0, JSON.stringify(replay));
      assert.deepStrictEqual(server.local!.browser.loaded!.manager.browserPids(), [pid], 'the same browser');
    } finally {
      await outside?.close();
      await server.close();
    }
  });

  it('stops a session whose tab is stuck in an endless script at once, and its tab ends: the next session starts', async () => {
    await withServers({ maxSessions: 1 }, async (server, pages) => {
      const id = await startSession(server);
      assert.strictEqual((await act(server, id, { type: 'goto', url: `${pages.url}/busy_loop` })).success, true);
      await sleep(1000); // the loop has begun: the tab answers nothing any more
      const stoppedAt = Date.now();
      const stopped = await call(server, 'DELETE', `/sessions/${id}/stop`);
      assert.deepStrictEqual([stopped.status, stopped.json.status], [200, 'closed']);
      assert.ok(Date.now() - stoppedAt < 25_000, `the stop answered after ${Date.now() - stoppedAt} ms`);
      const [browserPid] = server.local!.browser.loaded!.manager.browserPids();
      // Its tab's renderer (the process spinning the loop) is gone; the browser itself stays for the next session.
      await waitFor('the stuck tab to be closed', async () => ((await spinning(processesInGroups([browserPid]))).length === 0 ? true : undefined), 20_000);
      const next = await startSession(server);
      assert.strictEqual((await act(server, next, { type: 'goto', url: `${server.url}/pages/shop` })).success, true);
    });
  });

  it('answers a request on a stuck page once the operation limit has passed, before the SDK stops waiting; an action that asked for longer gets it', async () => {
    // 3 s stands for the 55 s under the SDK's 60 s read timeout.
    await withServers({ browserTuning: { operationLimitMs: 3000 } }, async (server, pages) => {
      const waiting = await startSession(server);
      const startedAt = Date.now();
      const waited = await act(server, waiting, { type: 'wait', time_ms: 4000 });
      assert.strictEqual(waited.success, true, waited.message);
      assert.ok(Date.now() - startedAt >= 4000, 'the whole wait');
      const stuck = await startSession(server);
      assert.strictEqual((await act(server, stuck, { type: 'goto', url: `${pages.url}/busy_loop` })).success, true);
      await sleep(1000); // the loop has begun
      // An action the page never answers is a failed action (200, success false), as the SDK expects of actions.
      const scrolled = await act(server, stuck, { type: 'scroll_down' });
      assert.strictEqual(scrolled.success, false);
      assert.match(scrolled.message, /did not answer within 10 s/);
      // The stuck tab is then replaced by a blank one: the session goes on, its renderer no longer spins.
      const [browserPid] = server.local!.browser.loaded!.manager.browserPids();
      const tabReplaced = () => waitFor('the stuck tab to be closed', async () => ((await spinning(processesInGroups([browserPid]))).length === 0 ? true : undefined), 30_000);
      await tabReplaced();
      // Stuck again (the first request of each round meets it; those after it find the blank tab): observe
      // and scrape answer one error naming what happened, with its status in the body.
      for (const route of ['observe', 'scrape']) {
        assert.strictEqual((await act(server, stuck, { type: 'goto', url: `${pages.url}/busy_loop` })).success, true);
        await sleep(1000);
        const askedAt = Date.now();
        const answer = await call(server, 'POST', `/sessions/${stuck}/page/${route}`, {});
        assert.deepStrictEqual([answer.status, answer.json.message, answer.json.status], [504, 'The page did not answer', 504], `${route}: ${answer.text}`);
        assert.match(answer.json.detail, /did not answer within 3 s/);
        assert.ok(Date.now() - askedAt < 20_000, `answered after ${Date.now() - askedAt} ms`);
        await tabReplaced();
      }
      const back = await act(server, stuck, { type: 'goto', url: `${server.url}/pages/shop` });
      assert.strictEqual(back.success, true, back.message);
      const again = await call(server, 'POST', `/sessions/${stuck}/page/observe`, {});
      assert.strictEqual(again.status, 200, again.text);
      const stopped = await call(server, 'DELETE', `/sessions/${stuck}/stop`);
      assert.deepStrictEqual([stopped.status, stopped.json.status], [200, 'closed']);
    });
  });

  it('a goto away from a page stuck in a script replaces its tab and goes there, well before the navigation timeout', async () => {
    // A minute: the stuck page is noticed while the goto waits, not when it times out.
    await withServers({ browserTuning: { navigationTimeoutMs: 60_000 } }, async (server, pages) => {
      const id = await startSession(server);
      assert.strictEqual((await act(server, id, { type: 'goto', url: `${pages.url}/busy_loop` })).success, true);
      await sleep(1000); // the loop has begun
      const askedAt = Date.now();
      const away = await act(server, id, { type: 'goto', url: `${server.url}/pages/shop` });
      assert.strictEqual(away.success, true, away.message);
      assert.match(away.message, /^Navigated to http:\/\/127\.0\.0\.1:\d+\/pages\/shop \(the page before it did not answer, .*its tab was replaced by this one\)$/);
      assert.ok(Date.now() - askedAt < 45_000, `answered after ${Date.now() - askedAt} ms`);
      const observed = await call(server, 'POST', `/sessions/${id}/page/observe`, {});
      assert.strictEqual(observed.status, 200, observed.text);
      assert.match(observed.json.metadata.url, /\/pages\/shop$/);
      const status = await call(server, 'GET', `/sessions/${id}`);
      assert.strictEqual(status.json.status, 'active');
    });
  });

  it('evaluate_js code that never yields fails at its timeout and its tab is replaced then, so the next goto is quick', async () => {
    const server = await startTestServer({ browserTuning: { evaluateTimeoutMs: 2000 } });
    try {
      const id = await startSession(server);
      assert.strictEqual((await act(server, id, { type: 'goto', url: `${server.url}/pages/shop` })).success, true);
      const spun = await act(server, id, { type: 'evaluate_js', code: 'while (true) {}' });
      assert.strictEqual(spun.success, false);
      assert.match(spun.message, /^JavaScript evaluation timed out after 2000ms: the page no longer answered .* its tab was replaced by a blank one\.$/);
      const askedAt = Date.now();
      const back = await act(server, id, { type: 'goto', url: `${server.url}/pages/shop` });
      assert.deepStrictEqual([back.success, back.message], [true, `Navigated to ${server.url}/pages/shop`]);
      assert.ok(Date.now() - askedAt < 15_000, `answered after ${Date.now() - askedAt} ms`);
      // A promise that never settles does not hold the page: it times out and its tab stays.
      const pending = await act(server, id, { type: 'evaluate_js', code: 'new Promise(() => {})' });
      assert.strictEqual(pending.success, false);
      assert.match(pending.message, /JavaScript evaluation timed out after 2000ms$/);
    } finally {
      await server.close();
    }
  });

  it("removes its browser's profile folder when the server process is stopped (SIGTERM) with a session open", async () => {
    const profiles = () => new Set(fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('notte-browser-')));
    const before = profiles();
    const server = await spawnServerProcess();
    try {
      await startSession(server);
      const made = [...profiles()].filter((name) => !before.has(name));
      assert.strictEqual(made.length, 1, `one profile folder for the browser: ${made.join(', ')}`);
      await server.stop();
      assert.ok(!fs.existsSync(path.join(os.tmpdir(), made[0])), `${made[0]} was left behind`);
    } finally {
      await server.stop();
    }
  });

  it('a server killed outright (SIGKILL, no exit hook runs) takes its browser with it; the next server removes the profile folder it left', async function () {
    if (process.platform !== 'linux') this.skip(); // reads /proc
    // A temporary folder of their own: another server on the machine may clean the shared one meanwhile.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-tmp-'));
    const env = { TMPDIR: tmp };
    const server = await spawnServerProcess({ env });
    let profile = '';
    const commandLine = (pid: string) => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        return ''; // gone while looking
      }
    };
    const browserProcesses = () => fs.readdirSync('/proc').filter((entry) => profile && /^\d+$/.test(entry) && commandLine(entry).includes(`--user-data-dir=${profile}`));
    try {
      await startSession(server);
      const mine = fs.readdirSync(tmp).filter((name) => name.startsWith(`notte-browser-${server.pid}-`));
      assert.strictEqual(mine.length, 1, `one profile folder named after the server: ${fs.readdirSync(tmp).join(', ')}`);
      profile = path.join(tmp, mine[0]);
      assert.ok(browserProcesses().length > 0, 'the browser runs');
      await server.crash();
      await waitFor('the browser to quit with its server', async () => (browserProcesses().length === 0 ? true : undefined), 30_000);
    } finally {
      await server.close();
      for (const pid of browserProcesses()) {
        try {
          process.kill(Number(pid), 'SIGKILL'); // left by a failure, not by the test's next ones
        } catch {
          // Gone meanwhile.
        }
      }
    }
    try {
      assert.ok(fs.existsSync(profile), 'a killed server cannot remove its profile folder');
      // Left a while ago (a folder younger than a minute may be a server in another container starting its browser).
      const anHourAgo = new Date(Date.now() - 3_600_000);
      fs.utimesSync(profile, anHourAgo, anHourAgo);
      const next = await spawnServerProcess({ env });
      try {
        await startSession(next);
        await waitFor('the orphan profile folder to be removed', async () => (fs.existsSync(profile) ? undefined : true), 20_000);
        assert.strictEqual(fs.readdirSync(tmp).filter((name) => name.startsWith(`notte-browser-${next.pid}-`)).length, 1, "the next server's own folder stays");
      } finally {
        await next.close();
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('a page whose text came but whose load never fires (a picture that never comes) is opened, as Notte does, and can be read', async () => {
    await withServers({ browserTuning: { navigationTimeoutMs: 3000 } }, async (server, pages) => {
      const id = await startSession(server);
      const opened = await act(server, id, { type: 'goto', url: `${pages.url}/never_loads` });
      assert.strictEqual(opened.success, true, opened.message);
      assert.match(opened.message, /\/never_loads \(still loading after 3 s: used as it is\)$/);
      const scraped = await call(server, 'POST', `/sessions/${id}/page/scrape`, {});
      assert.match(scraped.json.markdown, /Partial page/);
      // A server that never answers at all is still a failed goto, and the session goes on.
      const never = await act(server, id, { type: 'goto', url: `${pages.url}/never` });
      assert.deepStrictEqual([never.success, never.message], [false, `${pages.url}/never did not answer within 3 s.`]);
      assert.strictEqual((await act(server, id, { type: 'reload' })).success, true);
    });
  });

  it('a goto to a slow server waits for it (one request, the tab and its history kept); one that never answers leaves the tab where it was', async () => {
    // Longer than the probe for a page stuck in a script (3 s): a page waiting for its server answers no evaluate either.
    await withServers({ browserTuning: { navigationTimeoutMs: 15_000 } }, async (server, pages) => {
      const id = await startSession(server);
      assert.strictEqual((await act(server, id, { type: 'goto', url: `${pages.url}/form` })).success, true);
      const late = await act(server, id, { type: 'goto', url: `${pages.url}/late/table` });
      assert.strictEqual(late.success, true, late.message);
      assert.strictEqual(pages.seen.filter((seen) => seen.path === '/late/table').length, 1, 'the slow server was asked once');
      const back = await act(server, id, { type: 'go_back' });
      assert.match(back.message, /^Went back to http:\/\/127\.0\.0\.1:\d+\/form/, 'the tab kept its history');
      const never = await act(server, id, { type: 'goto', url: `${pages.url}/never` });
      assert.deepStrictEqual([never.success, never.message], [false, `${pages.url}/never did not answer within 15 s.`]);
      const nextAt = Date.now();
      const where = await act(server, id, { type: 'evaluate_js', code: 'location.pathname + " " + document.readyState' });
      assert.deepStrictEqual([where.success, where.message], [true, 'Evaluated the code: /form complete']);
      const observed = await call(server, 'POST', `/sessions/${id}/page/observe`, {});
      assert.strictEqual(observed.status, 200, observed.text);
      assert.match(observed.json.metadata.url, /\/form$/);
      assert.ok(Date.now() - nextAt < 10_000, `the next calls answered after ${Date.now() - nextAt} ms`);
    });
  });

  it('a click or Enter sending the tab to a page that never answers fails at the navigation limit, the tab usable where it was', async () => {
    await withServers({ browserTuning: { navigationTimeoutMs: 3000 } }, async (server, pages) => {
      const id = await startSession(server);
      for (const action of [
        { type: 'click', selector: 'text=Nowhere' },
        { type: 'fill', selector: 'input[name=q]', value: 'tea', press_enter: true, before: "document.querySelector('form').action = '/never'; 1" },
      ]) {
        await act(server, id, { type: 'goto', url: `${pages.url}/search` });
        const { before, ...step } = action as Record<string, unknown>;
        if (before) await act(server, id, { type: 'evaluate_js', code: before });
        const askedAt = Date.now();
        const went = await act(server, id, step);
        // Well before the 15 s of an action's timeout and the 55 s of the operation limit it once took.
        assert.ok(Date.now() - askedAt < 12_000, `answered after ${Date.now() - askedAt} ms`);
        assert.strictEqual(went.success, false, went.message);
        assert.match(went.message, /the page it opened did not answer within 3 s: the tab stays on http:\/\/127\.0\.0\.1:\d+\/search/);
        const observed = await call(server, 'POST', `/sessions/${id}/page/observe`, {});
        assert.strictEqual(observed.status, 200, observed.text);
        assert.match(observed.json.metadata.url, /\/search$/);
      }
      // A check box whose change sends the tab on: done, and said so (it was reported as no element found).
      await act(server, id, { type: 'goto', url: `${pages.url}/search` });
      const checked = await act(server, id, { type: 'check', selector: '#go', value: true });
      assert.strictEqual(checked.success, true, checked.message);
      assert.match(checked.message, /went to http:\/\/127\.0\.0\.1:\d+\/slow\/table/);
    });
  });

  it('a session stopped while an action waits for the page it opened answers that action at once, closed', async () => {
    await withServers({}, async (server, pages) => {
      const id = await startSession(server);
      await act(server, id, { type: 'goto', url: `${pages.url}/search` });
      const askedAt = Date.now();
      const waiting = call(server, 'POST', `/sessions/${id}/page/execute`, { type: 'click', selector: 'text=Nowhere' });
      await sleep(1500);
      await call(server, 'DELETE', `/sessions/${id}/stop`);
      const answered = await waiting;
      assert.ok(Date.now() - askedAt < 20_000, `answered after ${Date.now() - askedAt} ms (the navigation limit is 30 s)`);
      assert.strictEqual(answered.status, 404, answered.text);
      assert.match(answered.json.detail, /is closed/);
    });
  });

  it('answers what was waiting on a session when it was stopped (a navigation, observe, scrape, screenshot) 404 "Session is closed", saying why', async () => {
    await withServers({}, async (server, pages) => {
      const id = await startSession(server);
      // A navigation that never ends holds the session; the others wait behind it.
      const pending = [
        call(server, 'POST', `/sessions/${id}/page/execute`, { type: 'goto', url: `${pages.url}/never` }),
        call(server, 'POST', `/sessions/${id}/page/observe`, {}),
        call(server, 'POST', `/sessions/${id}/page/scrape`, {}),
        call(server, 'POST', `/sessions/${id}/page/screenshot`, {}),
        call(server, 'POST', `/sessions/${id}/page/execute`, { type: 'click', selector: 'p' }),
      ];
      await waitFor('the navigation to begin', async () => (pages.seen.some((s) => s.path === '/never') ? true : undefined));
      await sleep(500);
      assert.strictEqual((await call(server, 'DELETE', `/sessions/${id}/stop`)).json.status, 'closed');
      for (const answer of await Promise.all(pending)) {
        assert.deepStrictEqual([answer.status, answer.json?.status, answer.json?.message], [404, 404, 'Session is closed'], answer.text);
        assert.strictEqual(answer.json.detail, `Session ${id} is closed: Stopped by the client.`);
      }
    });
  });

  it('opens file: addresses with --allow-file-urls only', async () => {
    const server = await startTestServer({ allowFileUrls: true });
    try {
      const id = await startSession(server);
      const opened = await act(server, id, { type: 'goto', url: `file://${__filename}` });
      assert.strictEqual(opened.success, true, opened.message);
    } finally {
      await server.close();
    }
  });

  it('says what to install when no browser is found, and ends every browser when the server closes', async () => {
    const missing = await startTestServer({ browserPath: '/nowhere/chromium' });
    try {
      const refused = await call(missing, 'POST', '/sessions/start', SDK_START_BODY);
      assert.strictEqual(refused.status, 500);
      assert.match(refused.json.detail, /--browser \(\/nowhere\/chromium\) does not exist/);
      assert.strictEqual(refused.json.status, 500);
    } finally {
      await missing.close();
    }
    const server = await startTestServer();
    await startSession(server);
    const pids = server.local!.browser.loaded!.manager.browserPids();
    await server.close();
    await sleep(200);
    assert.deepStrictEqual(processesInGroups(pids), []);
  });
});

/** The processes of `pids` that used the CPU for most of one second (a renderer running an endless loop). */
async function spinning(pids: number[]): Promise<number[]> {
  const ticks = (pid: number) => {
    try {
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      return Number(fields[11]) + Number(fields[12]); // utime + stime, in clock ticks (100 a second)
    } catch {
      return undefined;
    }
  };
  const before = pids.map(ticks);
  await sleep(1000);
  return pids.filter((pid, i) => {
    const after = ticks(pid);
    return before[i] !== undefined && after !== undefined && after - before[i]! > 50;
  });
}
