// What the session routes do once a browser is involved: loaded on the first session start (with
// playwright-core, turndown and the muxer), so a server that never starts a session never loads them.
// esbuild.js builds it as a bundle of its own (dist/local-server-browser.js).
import fs = require('fs');
import { execute, MAX_WAIT_MS } from './actions';
import { failedExecution } from './actionTypes';
import { observe, screenshotJpeg } from './observe';
import { scrape, type ScrapeParams } from './scrape';
import { exportSelectorOf } from './selectors';
import { navigationsOf } from './readSettle';
import { PageCrashed, PageUnresponsive, SessionClosed, type Session, type SessionRun } from './session';
import { SessionManager, type LiveSocketKind, type SessionManagerOptions } from './sessionManager';
import type { SessionOptions } from './startRequest';
import { workflowCode } from './workflowCode';
import { actionTimeoutMs } from './timeoutText';
import type { IncomingMessage } from 'http';
import type { Duplex } from 'stream';
import { within } from '../../api/wait';

export interface SessionLinks {
  viewer(session: Session): string;
  cdp(session: Session): string;
  socket(session: Session, what: 'recording' | 'logs'): string;
}

/** Cookies as the SDK's model wants them (name, value, domain, path, httpOnly, …). */
function wireCookie(cookie: { name: string; value: string; domain: string; path: string; expires: number; httpOnly: boolean; secure: boolean; sameSite: string }) {
  return {
    name: cookie.name,
    value: cookie.value,
    domain: cookie.domain,
    path: cookie.path,
    httpOnly: cookie.httpOnly,
    secure: cookie.secure,
    sameSite: cookie.sameSite,
    expires: cookie.expires,
  };
}

/** The actions that read the page: they pay the wait Notte would have waited after the action before them. */
const READS = new Set(['scrape', 'evaluate_js']);

/** Actions that leave the tab's page for another page or tab: after a crash, they go on (runtime's refuseOnCrashedTab). */
const STARTS_ANEW = new Set(['goto', 'goto_new_tab', 'switch_tab', 'close_tab']);

export class SessionRuntime {
  readonly manager: SessionManager;

  constructor(options: SessionManagerOptions) {
    this.manager = new SessionManager(options);
  }

  start(options: SessionOptions, run: SessionRun | undefined): Promise<Session> {
    return this.manager.start(options, run);
  }

  /** The start was answered: the session's recording may now open its encoder. */
  started(session: Session): void {
    session.recording.startEncoding();
  }

  /** The SessionResponse of the SDK. */
  describe(session: Session, links: SessionLinks): Record<string, unknown> {
    const end = session.closedAt ?? new Date();
    const seconds = Math.max(0, (end.getTime() - session.createdAt.getTime()) / 1000);
    const active = session.isActive;
    return {
      session_id: session.id,
      idle_timeout_minutes: session.options.idleTimeoutMinutes,
      max_duration_minutes: session.options.maxDurationMinutes,
      created_at: session.createdAt.toISOString(),
      last_accessed_at: session.lastAccessedAt.toISOString(),
      closed_at: session.closedAt?.toISOString() ?? null,
      duration: `PT${seconds.toFixed(3)}S`,
      status: session.status,
      error: session.closeReason && session.status !== 'closed' ? session.closeReason : (session.closeReason ?? null),
      proxies: session.options.proxy !== undefined,
      browser_type: session.options.browserType,
      use_file_storage: false,
      solve_captchas: false,
      user_agent: session.options.userAgent ?? null,
      viewport_width: session.options.viewport.width,
      viewport_height: session.options.viewport.height,
      headless: true,
      web_bot_auth: false,
      auth_ids: [],
      cdp_url: active ? links.cdp(session) : null,
      viewer_url: active ? links.viewer(session) : null,
      run_id: session.runId ?? null,
    };
  }

  act(session: Session, action: Record<string, unknown>): Promise<Record<string, unknown>> {
    // An action that asked for more time than the limit gets it (up to the most an action waits), and a little more for its answer.
    const timeout = typeof action.timeout === 'number' && action.timeout > 0 ? actionTimeoutMs(action) : 0;
    const asked = Math.max(timeout, typeof action.time_ms === 'number' ? Math.min(action.time_ms, MAX_WAIT_MS) : 0);
    const limitMs = Math.max(this.manager.env.operationLimitMs, asked + 10_000);
    const startedAt = new Date().toISOString();
    const acted = session.serialize(async () => {
      const type = String(action.type);
      if (type !== 'wait') session.refuseOnCrashedTab(STARTS_ANEW.has(type));
      if (READS.has(type)) await session.settleForRead();
      const tab = await session.page();
      const [urlBefore, navigationsBefore] = [tab.url(), navigationsOf(tab)];
      const result = await execute(session, action, this.manager.env).finally(() => session.screencast.settle());
      if (!READS.has(type) && type !== 'wait') session.settling = { type, endedAt: Date.now(), urlBefore, navigationsBefore };
      // A failed action is an answer, unless it failed because the session closed under it.
      if (!result.success && !session.isActive) throw new SessionClosed();
      this.manager.logEvent(session, 'execution_result', result);
      return result;
    }, limitMs);
    // So is one the page never answered, or whose tab crashed (its tab is being replaced): the SDK reads success false.
    return acted.catch((error: unknown) => {
      if (error instanceof PageUnresponsive || error instanceof PageCrashed) return failedExecution(action, startedAt, error.message);
      throw error;
    });
  }

  observe(session: Session, maxActions: number): Promise<Record<string, unknown>> {
    return session.serialize(async () => {
      session.refuseOnCrashedTab();
      await session.settleForRead();
      const observation = await observe(session, maxActions);
      this.manager.logEvent(session, 'observation', { metadata: observation.metadata, space: observation.space });
      return observation;
    });
  }

  scrape(session: Session, params: ScrapeParams): Promise<Record<string, unknown>> {
    return session.serialize(async () => {
      session.refuseOnCrashedTab();
      await session.settleForRead();
      const data = await scrape(session, params, this.manager.env.markdown, false);
      session.steps.push({ action: { type: 'scrape', ...params } });
      return data;
    });
  }

  /**
   * The selector the session's exported code names an element of the last observe by (unique on the whole
   * page, checked by Playwright), for the recorder's Pick Element; undefined when the tab has left that observe's page
   * or the id is no longer that element's.
   */
  selectorOf(session: Session, id: string, css?: string): Promise<string | undefined> {
    return session.serialize(async () => {
      const page = await session.page();
      const observed = session.observedPage === page ? session.observed?.get(id) : undefined;
      // `css`: the element the caller saw under that id; a later observe may have given the id to another.
      return observed && (css === undefined || observed.css === css) ? exportSelectorOf(page, observed) : undefined;
    });
  }

  screenshot(session: Session): Promise<Buffer> {
    return session.serialize(async () => {
      session.refuseOnCrashedTab();
      await session.settleForRead();
      return screenshotJpeg(session, await session.page());
    });
  }

  cookies(session: Session) {
    return session.serialize(async () => (await session.context.cookies()).map(wireCookie));
  }

  /**
   * Sets each cookie on its own, so one the browser refuses does not keep the others out; answers the
   * names it refused with Chromium's reason, and those it took but did not keep (SameSite=None without
   * secure, a domain that is not a host), read back from the browser.
   */
  setCookies(session: Session, cookies: Record<string, unknown>[]): Promise<{ set: number; refused: string[] }> {
    return session.serialize(async () => {
      const refused: string[] = [];
      const tried: ReturnType<typeof playwrightCookie>[] = [];
      for (const cookie of cookies.map(playwrightCookie)) {
        try {
          await session.context.addCookies([cookie]);
          tried.push(cookie);
        } catch (error) {
          refused.push(`"${cookie.name}" (${(error as Error).message.split('\n')[0].replace(/^.*Protocol error \([^)]*\): /, '')})`);
        }
      }
      const kept = await session.context.cookies();
      // One already expired is a deletion, meant to leave nothing.
      for (const cookie of tried.filter((c) => c.expires < 0 || c.expires > Date.now() / 1000)) {
        const found = kept.some(
          (k) => k.name === cookie.name && k.value === cookie.value && k.path === cookie.path && k.domain.replace(/^\./, '') === cookie.domain.replace(/^\./, ''),
        );
        if (!found) refused.push(`"${cookie.name}" (not kept by the browser${cookie.sameSite === 'None' && !cookie.secure ? ': SameSite=None needs secure' : ''})`);
      }
      return { set: cookies.length - refused.length, refused };
    });
  }

  async tabs(session: Session) {
    return Promise.all(session.tabs.map(async (tab, i) => ({ tab_id: i, title: await tab.title().catch(() => ''), url: tab.url() })));
  }

  workflowCode(session: Session, asWorkflow: boolean) {
    return workflowCode(session, asWorkflow);
  }

  /** The finished recording, once the session is closed and its video written; undefined while it is being finished. */
  async replay(session: Session): Promise<{ file: string; size: number; startedAt: number; durationMs: number; error?: string } | undefined> {
    if (!session.finished) return undefined;
    const done = await within(session.finished, 0);
    if (!done) return undefined;
    if (session.recording.error) return { file: done.file, size: 0, startedAt: done.startedAt, durationMs: 0, error: session.recording.error };
    const size = fs.existsSync(done.file) ? fs.statSync(done.file).size : 0;
    return { file: done.file, size, startedAt: done.startedAt, durationMs: done.durationMs };
  }

  upgrade(session: Session, kind: LiveSocketKind, req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.manager.upgrade(session, kind, req, socket, head);
  }

  close(): Promise<void> {
    return this.manager.close();
  }
}

/** A cookie of the API (Notte's, as the SDK sends it) as Playwright takes it. */
function playwrightCookie(c: Record<string, unknown>) {
  const expires = typeof c.expires === 'number' ? c.expires : typeof c.expirationDate === 'number' ? c.expirationDate : -1;
  const sameSite =
    typeof c.sameSite === 'string'
      ? ({ lax: 'Lax', strict: 'Strict', none: 'None', no_restriction: 'None' } as Record<string, 'Lax' | 'Strict' | 'None'>)[c.sameSite.toLowerCase()]
      : undefined;
  return {
    name: String(c.name),
    value: String(c.value),
    domain: String(c.domain),
    path: String(c.path ?? '/'),
    httpOnly: c.httpOnly === true,
    secure: c.secure === true,
    expires,
    sameSite,
  };
}
