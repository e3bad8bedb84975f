// The CDP endpoint of one session (cdp_url, debug's ws.cdp). The browser is shared, so a plain CDP
// connection would show every session's tabs, and Playwright's connect_over_cdp would put them all in
// contexts[0] (the default context). This proxy shows the client only the session's own targets: its
// browser context appears as the default one (so `contexts[0].pages[0]` is the session's first tab),
// new tabs open in it, the cookies and permissions of that default context are the session's, other
// contexts (and their targets and windows) cannot be named, and of what acts on the whole browser only
// what a client of one context needs passes, through the root or a tab's session alike (Browser.close
// ends this connection, not the shared browser). Targets of other contexts that auto-attach are let go
// (resumed and detached) without the client seeing them.
import type WebSocket from 'ws';
import { wsPackage } from './packages';
import type { Session } from './session';

interface Message {
  id?: number;
  method?: string;
  params?: Record<string, unknown>;
  sessionId?: string;
  result?: Record<string, unknown>;
  error?: unknown;
}

interface TargetInfo {
  targetId: string;
  browserContextId?: string;
  type?: string;
}

/**
 * Browser-level methods that act on one browser context, the default one when none is named: here always
 * the session's (Playwright names none for the context it takes as the default).
 */
const CONTEXT_METHODS = new Set([
  'Target.createTarget',
  'Browser.setDownloadBehavior',
  'Storage.getCookies',
  'Storage.setCookies',
  'Storage.clearCookies',
  'Browser.grantPermissions',
  'Browser.resetPermissions',
  'Browser.setPermission',
]);

/** Domains that act on the whole browser, whichever session sends them: only the methods below pass. */
const BROWSER_DOMAINS = new Set(['Browser', 'Target', 'Storage', 'Tracing', 'SystemInfo']);

/**
 * What a client of one session may ask of the browser itself (what Playwright's connect_over_cdp and its
 * pages use); everything else of the browser (tracing every renderer, a browser-wide session, another
 * context, closing or crashing the shared browser) is refused.
 */
const BROWSER_METHODS = new Set([
  ...CONTEXT_METHODS,
  'Browser.getVersion',
  'Browser.close',
  'Browser.getWindowForTarget',
  'Browser.getWindowBounds',
  'Browser.setWindowBounds',
  'Target.setAutoAttach',
  'Target.setDiscoverTargets',
  'Target.getTargets',
  'Target.getTargetInfo',
  'Target.getBrowserContexts',
  'Target.attachToTarget',
  'Target.detachFromTarget',
  'Target.closeTarget',
  'Target.activateTarget',
  'Target.autoAttachRelated',
]);

/** Ids of the proxy's own requests: far above any a client uses. */
const OWN_ID_BASE = 2 ** 40;

export class CdpProxy {
  readonly sessionId: string;
  readonly closed: Promise<void>;
  private readonly upstream: WebSocket;
  private contextId?: string;
  private readonly allowedSessions = new Set<string>();
  private readonly contextOf = new Map<string, string | undefined>();
  /** The windows of the session's own tabs (Browser.getWindowForTarget), whose bounds it may read and set. */
  private readonly windows = new Set<unknown>();
  private nextOwnId = OWN_ID_BASE;
  private readonly queued: string[] = [];
  private ready = false;

  constructor(
    private readonly session: Session,
    private readonly client: WebSocket,
  ) {
    this.sessionId = session.id;
    this.upstream = new (wsPackage().WebSocket)(session.running.cdpEndpoint, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    this.closed = new Promise((resolve) => {
      let open = 2;
      const done = () => --open === 0 && resolve();
      this.client.once('close', done);
      this.upstream.once('close', done);
    });
    client.on('message', (data) => (this.ready ? this.fromClient(data.toString()) : this.queued.push(data.toString())));
    client.on('close', () => this.upstream.close());
    client.on('error', () => client.terminate());
    this.upstream.on('error', () => this.close());
    this.upstream.on('close', () => this.client.close(1000, 'The session or its browser closed.'));
    this.upstream.on('message', (data) => this.fromBrowser(data.toString()));
    this.upstream.once('open', () => void this.init());
  }

  close(): void {
    this.client.close(1000, 'The session closed.');
    this.upstream.terminate();
  }

  /** Learns the session's browser context from its first tab, then lets the client's messages through. */
  private async init(): Promise<void> {
    try {
      const page = await this.session.page();
      const cdp = await this.session.context.newCDPSession(page);
      const info = (await cdp.send('Target.getTargetInfo')) as { targetInfo: TargetInfo };
      await cdp.detach().catch(() => undefined);
      this.contextId = info.targetInfo.browserContextId;
    } catch {
      this.close();
      return;
    }
    this.ready = true;
    for (const text of this.queued.splice(0)) this.fromClient(text);
  }

  private mine(targetId: unknown): boolean {
    return typeof targetId === 'string' && this.contextOf.get(targetId) === this.contextId;
  }

  private reply(id: number | undefined, body: { result?: unknown; error?: unknown }, sessionId?: string): void {
    this.client.send(JSON.stringify({ id, ...body, ...(sessionId ? { sessionId } : {}) }));
  }

  private refuse(message: Message, why: string): void {
    this.reply(message.id, { error: { code: -32000, message: why } }, message.sessionId);
  }

  private send(message: Message): void {
    this.upstream.send(JSON.stringify(message));
  }

  private sendOwn(method: string, params: Record<string, unknown>, sessionId?: string): void {
    this.upstream.send(JSON.stringify({ id: this.nextOwnId++, method, params, ...(sessionId ? { sessionId } : {}) }));
  }

  private fromClient(text: string): void {
    let message: Message;
    try {
      message = JSON.parse(text) as Message;
    } catch {
      return;
    }
    if (message.sessionId && !this.allowedSessions.has(message.sessionId)) return this.refuse(message, 'No such session.');
    const method = message.method ?? '';
    const params = message.params ?? {};
    // The same rules through a tab's own session as at the root: a tab's session speaks to the browser too.
    if (BROWSER_DOMAINS.has(method.split('.')[0]) && !BROWSER_METHODS.has(method))
      return this.refuse(message, `${method} is not available on a session's CDP endpoint: use the session's own context (contexts[0]).`);
    // Another session's context or target, named by an id learnt elsewhere, is not reachable from here.
    if (params.browserContextId !== undefined && params.browserContextId !== this.contextId) return this.refuse(message, 'No such browser context.');
    if (params.targetId !== undefined && !this.mine(params.targetId)) return this.refuse(message, 'No such target.');
    if (params.windowId !== undefined && !this.windows.has(params.windowId)) return this.refuse(message, 'No such window.');
    if (CONTEXT_METHODS.has(method)) return this.send({ ...message, params: { ...params, browserContextId: this.contextId } });
    if (method === 'Target.getBrowserContexts') return this.reply(message.id, { result: { browserContextIds: [] } }, message.sessionId);
    if (method === 'Browser.close') {
      // The browser is shared: "closing" it ends this connection only.
      this.reply(message.id, { result: {} }, message.sessionId);
      setTimeout(() => this.close(), 50);
      return;
    }
    this.send(message);
  }

  private fromBrowser(text: string): void {
    const message = JSON.parse(text) as Message;
    if (message.id !== undefined && message.id >= OWN_ID_BASE) return;
    if (message.id !== undefined) {
      // Told by their shape, not by which request they answer (a client may reuse an id): lists of targets
      // keep the session's own, and a window given for one of its tabs may be asked about.
      const result = message.result;
      if (Array.isArray(result?.targetInfos)) {
        const infos = result.targetInfos as TargetInfo[];
        for (const info of infos) this.contextOf.set(info.targetId, info.browserContextId);
        result.targetInfos = infos.filter((info) => info.browserContextId === this.contextId);
      }
      if (result?.windowId !== undefined && result.bounds !== undefined) this.windows.add(result.windowId);
      this.client.send(JSON.stringify(message));
      return;
    }
    const params = message.params ?? {};
    const info = params.targetInfo as TargetInfo | undefined;
    if (info) this.contextOf.set(info.targetId, info.browserContextId);
    if (message.sessionId && !this.allowedSessions.has(message.sessionId)) return;
    switch (message.method) {
      case 'Target.attachedToTarget': {
        const child = params.sessionId as string;
        // Its frames and workers carry its context too; the browser's own target carries none.
        if (info?.browserContextId === this.contextId) {
          this.allowedSessions.add(child);
          break;
        }
        // Another session's tab: let it run on, unseen (detached by the session it was attached through).
        this.sendOwn('Runtime.runIfWaitingForDebugger', {}, child);
        this.sendOwn('Target.detachFromTarget', { sessionId: child }, message.sessionId);
        return;
      }
      case 'Target.detachedFromTarget':
        if (!this.allowedSessions.delete(params.sessionId as string)) return;
        break;
      case 'Target.targetCreated':
      case 'Target.targetInfoChanged':
        if (info?.browserContextId !== this.contextId) return;
        break;
      case 'Target.targetDestroyed':
      case 'Target.targetCrashed':
        if (!this.mine(params.targetId)) return;
        break;
    }
    this.client.send(JSON.stringify(message));
  }
}
