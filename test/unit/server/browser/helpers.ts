// Helpers of the browser-session tests: a page server of fixture pages (over real HTTP, as a site
// would be), the SDK's default start body, and the processes of the server's browsers (to check that
// none is left behind).
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { REPO_ROOT, startTestServer, TestServer, type TestServerOptions } from '../../helpers/localServer';
import { call } from '../util';

export const FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'unit', 'server', 'browser', 'fixtures');

/** The start body the SDK sends by default (SessionStartRequest's defaults). */
export const SDK_START_BODY = {
  headless: true,
  solve_captchas: true,
  max_duration_minutes: 15,
  idle_timeout_minutes: 3,
  proxies: false,
  browser_type: 'chromium',
  use_file_storage: true,
  screenshot_type: 'last_action',
  web_bot_auth: false,
  auth_ids: [],
  wait_for_authentication: true,
};

export interface PageServer {
  url: string;
  /** Requests seen, by path (headers included): for the extra headers and the user agent. */
  seen: { path: string; headers: http.IncomingHttpHeaders }[];
  close(): Promise<void>;
}

/** Serves test/unit/server/browser/fixtures/*.html (/slow/<name> after 800 ms, /late/<name> after 10 s); /never never answers; /cookie sets one. */
export async function startPageServer(): Promise<PageServer> {
  const seen: PageServer['seen'] = [];
  const hanging = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    seen.push({ path: url.pathname, headers: req.headers });
    if (url.pathname === '/never') {
      hanging.add(res);
      return;
    }
    if (url.pathname === '/cookie') {
      res.writeHead(200, { 'Set-Cookie': 'flavour=oat; Path=/', 'Content-Type': 'text/html' });
      res.end('<p>cookie set</p>');
      return;
    }
    if (url.pathname === '/data.txt') {
      res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('raw data, shown in the tab');
      return;
    }
    if (url.pathname === '/download.txt') {
      res.writeHead(200, { 'Content-Type': 'text/plain', 'Content-Disposition': 'attachment; filename="report.txt"' });
      res.end('the report');
      return;
    }
    const file = path.join(FIXTURES_DIR, path.basename(url.pathname) + (url.pathname.endsWith('.html') ? '' : '.html'));
    if (!fs.existsSync(file)) {
      res.writeHead(404).end('not found');
      return;
    }
    // /slow/<fixture>: the fixture after 800 ms, as a server that takes its time to answer a form; /late/ after 10 s.
    const answer = () => {
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      res.end(fs.readFileSync(file));
    };
    if (url.pathname.startsWith('/slow/')) setTimeout(answer, 800);
    else if (url.pathname.startsWith('/late/')) setTimeout(answer, 10_000);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Runs `test` with a page server and a local server started with `options`; both are closed after it, whatever it did. */
export async function withServers<T>(options: TestServerOptions, test: (server: TestServer, pages: PageServer) => Promise<T>): Promise<T> {
  const pages = await startPageServer();
  try {
    const server = await startTestServer(options);
    try {
      return await test(server, pages);
    } finally {
      await server.close();
    }
  } finally {
    await pages.close();
  }
}

/** Live (not zombie) processes in the process groups of `pgids` (a browser and its renderers share its group). */
export function processesInGroups(pgids: number[]): number[] {
  if (!pgids.length || !fs.existsSync('/proc')) return [];
  const found: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] !== 'Z' && pgids.includes(Number(fields[2]))) found.push(Number(entry));
    } catch {
      // Gone while looking.
    }
  }
  return found;
}

export async function startSession(server: Pick<TestServer, 'url' | 'headers'>, body: Record<string, unknown> = SDK_START_BODY): Promise<string> {
  const started = await call(server, 'POST', '/sessions/start', body);
  if (started.status !== 200) throw new Error(`start: ${started.status} ${started.text}`);
  return started.json.session_id as string;
}

export async function act(server: Pick<TestServer, 'url' | 'headers'>, sessionId: string, action: Record<string, unknown>) {
  const answer = await call(server, 'POST', `/sessions/${sessionId}/page/execute`, action);
  if (answer.status !== 200) throw new Error(`execute ${action.type}: ${answer.status} ${answer.text}`);
  return answer.json;
}
