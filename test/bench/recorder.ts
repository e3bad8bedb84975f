// The browser panel in the real VS Code (code-server's workbench in headless Chromium) on the local
// server's Chromium: its first frame after it opens on a new session vs a client of the API starting a
// session and reading its first frame off the recording websocket; live frames, a DOM change in the
// session's page to the frame painted in the panel (and, in the same changes, to its arrival on the
// websocket); a click on the frame to the element selected in the list. Times are read inside the
// panel's webview frame by an init script Playwright adds to every frame before the workbench loads;
// the extension-host side (opening and closing the panel) is recorderHost.ts.
import * as fs from 'fs';
import * as path from 'path';
import { chromium, type Frame, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { runInEditor } from './editor';
import { benchFunctions, serverCall, serverEnv, type Spawned, spawnJsonReady } from './processes';
import type { RecorderAnswer } from './recorderHost';
import { comparedRow, fmt, pairedRatio, quantile, sleep, summarize } from './stats';
import type { BenchContext, Row, Section } from './types';

const KEY = 'bench-recorder';
const api = (server: { url: string }, method: string, route: string, body?: unknown) => serverCall(server, KEY, method, route, body);
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHANGES = 40;
const CLICKS = 15;

interface Server extends Spawned {
  url: string;
}

/**
 * Runs in every frame at its creation; acts only in the browser panel's webview frame (the one whose
 * document gets an <img id="frame">). Records, on the window's Date.now() clock, when each frame image
 * was painted (a message posted from the animation frame after its load event, once the webview frame
 * is shown), and for each click on the image the time from the click event to the frame after the
 * panel's own click handler (which selects the element under the pointer) ran, with the row selected.
 */
const PROBE = `(() => {
  if (window.top === window || window.__notteRecorderWatch) return;
  window.__notteRecorderWatch = true;
  const bench = (window.__notteRecorderBench = { shown: [], clicks: [] });
  const started = Date.now();
  const visible = () => { const host = window.frameElement; return !host || getComputedStyle(host).visibility === 'visible'; };
  const afterPaint = (then) => requestAnimationFrame(() => { const channel = new MessageChannel(); channel.port1.onmessage = then; channel.port2.postMessage(0); });
  const timer = setInterval(() => {
    if (Date.now() - started > 180000) return clearInterval(timer);
    const image = document.getElementById('frame');
    if (!image || image.tagName !== 'IMG') return;
    clearInterval(timer);
    bench.scriptAt = Date.now();
    image.addEventListener('load', () => {
      const n = Number(image.dataset.frames || 0);
      const record = () => afterPaint(() => bench.shown.push([Date.now(), n]));
      if (visible()) return record();
      const wait = setInterval(() => { if (visible()) { clearInterval(wait); record(); } }, 4);
    });
    // Added after the panel's own listener (made with the image): runs once the element is selected.
    image.addEventListener('click', (event) => {
      const from = event.timeStamp;
      afterPaint(() => {
        const row = document.querySelector('#elements li[aria-selected="true"]');
        bench.clicks.push([performance.now() - from, row ? row.dataset.id : null]);
      });
    });
  }, 4);
})();`;

interface Probe {
  /** When the panel's script had drawn its skeleton (the webview loaded). */
  scriptAt?: number;
  shown: [number, number][];
  clicks: [number, string | null][];
}

const probeOf = (frame: Frame) => frame.evaluate(() => (window as unknown as { __notteRecorderBench?: Probe }).__notteRecorderBench);

interface Opened {
  frame: Frame;
  sessionId: string;
  /** Command issued → first frame painted in the panel. */
  firstFrameMs: number;
  /** Command issued → it answered (the session started, the panel attached to it). */
  answeredMs: number;
  /** Command issued → the panel's script ran in its webview. */
  scriptMs: number;
}

interface WindowOut {
  cold: number;
  panel: number[];
  answered: number[];
  script: number[];
  api: number[];
  panelFrames: number[];
  wsFrames: number[];
  clicks: number[];
}

class Driver {
  private n = 0;
  private readonly claimed = new Set<Frame>();

  constructor(
    private readonly page: Page,
    private readonly handshake: string,
    private readonly finished: () => boolean,
  ) {}

  async ask(op: 'open' | 'close' | 'done'): Promise<RecorderAnswer> {
    const n = this.n++;
    fs.writeFileSync(`${this.handshake}.cmd.${n}.json`, JSON.stringify({ op }));
    if (op === 'done') return { startedAt: 0, answeredAt: 0 };
    const file = `${this.handshake}.ans.${n}.json`;
    const deadline = Date.now() + 120_000;
    while (!fs.existsSync(file)) {
      if (Date.now() > deadline || this.finished()) throw new Error(`the editor did not answer "${op}" within 120 s`);
      await sleep(10);
    }
    return JSON.parse(fs.readFileSync(file, 'utf8')) as RecorderAnswer;
  }

  /** Opens the panel on a new session; answers its frame once it painted its first frame. */
  async open(): Promise<Opened> {
    const answer = await this.ask('open');
    if (!answer.sessionId) throw new Error('Record a New Function answered no session');
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      for (const frame of this.page.frames()) {
        if (frame === this.page.mainFrame() || this.claimed.has(frame)) continue;
        const probe = await probeOf(frame).catch(() => undefined);
        if (probe && probe.shown.length > 0) {
          this.claimed.add(frame);
          return {
            frame,
            sessionId: answer.sessionId,
            firstFrameMs: probe.shown[0][0] - answer.startedAt,
            answeredMs: answer.answeredAt - answer.startedAt,
            scriptMs: (probe.scriptAt ?? NaN) - answer.startedAt,
          };
        }
      }
      await sleep(50);
    }
    throw new Error('the panel painted no frame within 60 s');
  }
}

/** A client of the API: start a session, find its recording websocket, read its first frame. */
async function apiFirstFrame(server: Server): Promise<number> {
  const started = Date.now();
  const session = await api(server, 'POST', '/sessions/start', {});
  try {
    const debug = await api(server, 'GET', `/sessions/${session.session_id}/debug`);
    const socket = new WebSocket(debug.ws.recording);
    try {
      const first = await new Promise<number>((resolve, reject) => {
        socket.once('message', () => resolve(Date.now()));
        socket.once('error', reject);
        setTimeout(() => reject(new Error('no frame on the websocket within 30 s')), 30_000);
      });
      return first - started;
    } finally {
      socket.close();
    }
  } finally {
    await api(server, 'DELETE', `/sessions/${session.session_id}/stop`);
  }
}

/** Clicks on the live frame in the middle of elements of the shop, each timed to its row selected. */
async function clicksOnFrame(frame: Frame, shop: string): Promise<number[]> {
  await frame.fill('#address', shop);
  await frame.press('#address', 'Enter');
  const rows = frame.locator('#elements li[data-id]');
  const deadline = Date.now() + 60_000;
  while ((await rows.count()) < 5) {
    if (Date.now() > deadline) throw new Error('the shop was not observed in the panel within 60 s');
    await sleep(100);
  }
  const ids = await rows.evaluateAll((list) => list.map((row) => (row as HTMLElement).dataset.id!));
  const times: number[] = [];
  for (let i = 0; i < CLICKS; i++) {
    const id = ids[i % ids.length];
    await frame.locator(`#elements li[data-id="${id}"]`).hover();
    const outline = frame.locator('#hover-box');
    while ((await outline.getAttribute('data-element')) !== id || (await outline.isHidden())) await sleep(20);
    const box = (await outline.boundingBox())!;
    const image = (await frame.locator('#frame').boundingBox())!;
    const before = (await probeOf(frame))!.clicks.length;
    await frame.locator('#frame').click({ position: { x: box.x + box.width / 2 - image.x, y: box.y + box.height / 2 - image.y } });
    let probe = (await probeOf(frame))!;
    while (probe.clicks.length === before) {
      await sleep(10);
      probe = (await probeOf(frame))!;
    }
    const [ms, selected] = probe.clicks[before];
    if (selected !== id) throw new Error(`a click on ${id} selected ${selected}`);
    times.push(ms);
    await sleep(100);
  }
  return times;
}

/** DOM changes in the session's page (over its CDP URL), each timed to its frame painted in the panel and to its arrival on the websocket. */
async function liveFrames(server: Server, frame: Frame, sessionId: string): Promise<{ panel: number[]; ws: number[] }> {
  const session = await api(server, 'GET', `/sessions/${sessionId}`);
  const debug = await api(server, 'GET', `/sessions/${sessionId}/debug`);
  const browser = await chromium.connectOverCDP(session.cdp_url ?? debug.ws.cdp);
  const socket = new WebSocket(debug.ws.recording);
  const arrivals: number[] = [];
  socket.on('message', () => arrivals.push(Date.now()));
  await new Promise((resolve) => socket.once('open', resolve));
  const page = browser.contexts()[0].pages()[0];
  const panel: number[] = [];
  const ws: number[] = [];
  try {
    for (let i = 0; i < CHANGES; i++) {
      await sleep(250); // idle between changes (and the 300 ms after each below)
      const seenWs = arrivals.length;
      const seenPanel = (await probeOf(frame))!.shown.length;
      const changedAt = await page.evaluate((n) => {
        const box = document.getElementById('confirmation') ?? document.body;
        box.hidden = false;
        box.textContent = `change ${n}`;
        return performance.timeOrigin + performance.now();
      }, i);
      // The panel's times are recorded in its frame: it is read rarely, so reading it costs the workbench little.
      const deadline = Date.now() + 3000;
      while (arrivals.length === seenWs && Date.now() < deadline) await sleep(5);
      await sleep(300);
      let shown = (await probeOf(frame))!.shown;
      while (shown.length === seenPanel && Date.now() < deadline) {
        await sleep(50);
        shown = (await probeOf(frame))!.shown;
      }
      if (arrivals.length > seenWs && shown.length > seenPanel) {
        ws.push(arrivals[seenWs] - changedAt);
        panel.push(shown[seenPanel][0] - changedAt);
      }
    }
  } finally {
    socket.close();
    await browser.close().catch(() => undefined);
  }
  return { panel, ws };
}

async function drive(ctx: BenchContext, server: Server, driver: Driver): Promise<WindowOut> {
  // The first panel in the window loads the recorder's code and the window's objects: timed apart.
  const first = await driver.open();
  await driver.ask('close');
  const out: WindowOut = { cold: first.firstFrameMs, panel: [], answered: [], script: [], api: [], panelFrames: [], wsFrames: [], clicks: [] };
  let last: Opened | undefined;
  for (let rep = 0; rep < ctx.reps; rep++) {
    if (last) await driver.ask('close');
    // Interleaved, the side that goes first alternating.
    if (rep % 2 === 1) out.api.push(await apiFirstFrame(server));
    last = await driver.open();
    out.panel.push(last.firstFrameMs);
    out.answered.push(last.answeredMs);
    out.script.push(last.scriptMs);
    if (rep % 2 === 0) out.api.push(await apiFirstFrame(server));
    ctx.log(`recorder rep ${rep + 1}/${ctx.reps}: first frame in the panel ${fmt(last.firstFrameMs)} ms, on the websocket ${fmt(out.api[out.api.length - 1])} ms`);
  }
  out.clicks = await clicksOnFrame(last!.frame, `${server.url}/pages/shop`);
  const live = await liveFrames(server, last!.frame, last!.sessionId);
  out.panelFrames = live.panel;
  out.wsFrames = live.ws;
  await driver.ask('close');
  return out;
}

async function recorderWindow(ctx: BenchContext, server: Server): Promise<WindowOut> {
  const handshake = path.join(ctx.tmp, 'recorder');
  const hostOut = path.join(ctx.tmp, 'recorder-host.json');
  let result: WindowOut | undefined;
  let failure: unknown;
  await runInEditor(ctx, {
    extensionTestsPath: path.join(__dirname, 'extensionHost.js'),
    env: { NOTTE_BENCH_MODE: 'recorder', NOTTE_BENCH_OUT: hostOut, NOTTE_BENCH_HANDSHAKE: handshake, NOTTE_BENCH_SERVER_URL: server.url, NOTTE_BENCH_SERVER_KEY: KEY },
    timeoutMs: 900_000,
    beforeGoto: async (page) => {
      await (page as unknown as Page).addInitScript(PROBE);
    },
    withPage: async (pageLike, finished) => {
      const driver = new Driver(pageLike as unknown as Page, handshake, finished);
      try {
        result = await drive(ctx, server, driver);
      } catch (error) {
        failure = error;
      } finally {
        // The host script waits for its next command: let it end.
        await driver.ask('done');
      }
    },
  });
  const host = JSON.parse(fs.readFileSync(hostOut, 'utf8')) as { error?: string };
  if (failure) throw failure;
  if (host.error) throw new Error(host.error);
  if (!result) throw new Error('the recorder window ended without its figures');
  return result;
}

function p95Row(measure: string, ours: number[], alt: number[], target: number): Row {
  const sorted = [...ours].sort((a, b) => a - b);
  const altSorted = [...alt].sort((a, b) => a - b);
  const p95 = quantile(sorted, 0.95);
  return {
    measure,
    ours: `p95 ${fmt(p95)} ms (p50 ${fmt(quantile(sorted, 0.5))}, ${fmt(sorted[0])}–${fmt(sorted[sorted.length - 1])})`,
    alternative: alt.length ? `p95 ${fmt(quantile(altSorted, 0.95))} ms (p50 ${fmt(quantile(altSorted, 0.5))})` : undefined,
    target: `p95 ≤ ${target} ms`,
    met: p95 <= target ? 'yes' : 'no',
  };
}

export async function recorderSection(ctx: BenchContext): Promise<Section> {
  const dataDir = path.join(ctx.tmp, 'recorder-data');
  fs.mkdirSync(dataDir, { recursive: true });
  const args = ['--functions', benchFunctions(ctx), '--port', '0', '--data', dataDir, '--json', '--no-schedules', '--browser', CHROMIUM];
  const server = await spawnJsonReady<{ url: string }>(path.join(ctx.root, 'dist', 'local-server.js'), args, 60_000, serverEnv(KEY));
  let out: WindowOut;
  try {
    out = await recorderWindow(ctx, server);
  } finally {
    await server.stop();
  }
  fs.writeFileSync(path.join(ctx.tmp, 'recorder.json'), JSON.stringify(out));
  const ratio = pairedRatio(out.panel, out.api).median;
  const relay = summarize(out.panelFrames.map((ms, i) => ms - out.wsFrames[i]));
  return {
    title: 'The browser panel in the real VS Code: its first frame, live frames, a click on the frame',
    rows: [
      comparedRow(
        'Record a New Function… (from the extension host) → the first frame painted in the panel (a session started, its frames relayed by the extension host) vs a client of the API: POST /sessions/start → GET /debug → the first frame on the recording websocket',
        out.panel,
        out.api,
        'ms',
        '≤ 1.3×',
        ratio <= 1.3 ? 'yes' : 'no',
      ),
      p95Row(
        `Live frames in the panel at idle: a DOM change in the session's page (over its CDP URL) → the frame painted in the panel's webview (${out.panelFrames.length} of ${CHANGES} changes, about 600 ms apart); alternative: the same changes → the frame's arrival on the recording websocket`,
        out.panelFrames,
        out.wsFrames,
        250,
      ),
      p95Row(
        `A click on the live frame → the frame after the element under the pointer is selected in the list (${out.clicks.length} clicks on the shop's elements, in the webview frame from the click event)`,
        out.clicks,
        [],
        150,
      ),
    ],
    notes: [
      `One VS Code window (code-server, the workbench in headless Chromium, the extension from the build) on the bench's own local server (dist/local-server.js, Chromium ${CHROMIUM}). A script in the extension host (test/bench/recorderHost.ts) runs \`notte.recordNewFunction\` and closes the panel (which stops its session) when the bench asks. The first panel of the window is timed apart (it loads the recorder's code and the window's objects): ${fmt(out.cold)} ms to its first frame. Then ${ctx.reps} opens, each paired with an API client's start in the same repetition (the side going first alternating); the ratio is the median of the per-repetition ratios. The command itself (the session started, the panel made and attached to it; the webview loads meanwhile) answered after a median ${fmt(summarize(out.answered).median)} ms, the panel's script had run in its webview after ${fmt(summarize(out.script).median)} ms (VS Code's webview loading, which the frame waits for); the rest is the frames socket's first frame relayed to the webview and painted.`,
      "Times are Date.now() on both sides (the extension host just before the command, the webview frame at the message posted from the animation frame after the frame image's load event, once VS Code shows the webview's frame): the same machine's clock. The click rows are on the webview's own performance clock, from the click event's timestamp (Playwright's mouse, through Chromium's input pipeline).",
      `Live frames: on the last panel, after the clicks, ${CHANGES} changes of a block's text on the shop page through Playwright over the session's CDP URL, about 600 ms apart; the change's time is the page's own clock. For the same change, the panel painted its frame a median ${fmt(relay.median)} ms (${fmt(relay.min)}–${fmt(relay.max)}) after the frame reached a client of the websocket: the extension host's socket, its postMessage to the webview (through code-server's connection to the workbench) and the image's decode and paint.`,
    ],
  };
}
