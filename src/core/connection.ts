import vscode = require('vscode');
import type { NotteClient } from '../api/client';
import type { RequestTrace } from '../api/transport';
import { maskUrlSecrets } from '../api/redact';
import { Config } from './config';
import { hostOf, ProfileStore } from './profiles';
import { ApiKeyStore } from './secrets';
import { Disposables } from '../shared/disposables';

/**
 * Owns the one API client of the window and rebuilds it when the target changes
 * (settings, the local server starting or stopping). Views and commands ask it for
 * the client; they never build HTTP themselves.
 */
export class Connection implements vscode.Disposable {
  private readonly disposables = new Disposables();
  private readonly changed = this.disposables.add(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private current: NotteClient | undefined;
  private currentUrl: string | undefined;
  private unanswered: Unanswered | undefined;
  private readonly reachability = this.disposables.add(new vscode.EventEmitter<void>());
  /** The server answered again, or stopped answering (`unreachable` says when and why). */
  readonly onDidChangeReachability = this.reachability.event;

  /** `version` is the extension's, sent as the client's version; `profiles` say where runs go and with which key. */
  constructor(
    private readonly config: Config,
    keys: ApiKeyStore,
    private readonly version: string,
    readonly profiles: ProfileStore,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.add(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (Config.affectsConnection(event)) this.reset();
      }),
    );
    // A workspace's API URL or proxy the user just accepted.
    this.disposables.add(config.onDidAcceptWorkspaceValue(() => this.reset()));
    // A new profile, or the same one with a new URL (the local server restarted on another port).
    this.disposables.add(profiles.onDidChange(() => this.reset()));
    this.disposables.add(keys.onDidChange(() => this.changed.fire()));
  }

  get baseUrl(): string {
    return this.profiles.active().apiUrl;
  }

  /** Where runs go, for the status bar and messages: "Local server (127.0.0.1:8765)", or the host alone when it is the profile's name. */
  get label(): string {
    const name = this.profiles.active().name;
    const host = hostOf(this.baseUrl);
    return name === host ? name : `${name} (${host})`;
  }

  get usingLocalServer(): boolean {
    return this.profiles.isLocal();
  }

  async apiKey(): Promise<string | undefined> {
    return this.profiles.key();
  }

  async hasApiKey(): Promise<boolean> {
    return (await this.apiKey()) !== undefined;
  }

  client(): NotteClient {
    // The default profile follows notte.apiUrl and NOTTE_API_URL as they are read, without an event.
    if (this.current && this.currentUrl !== this.baseUrl) this.reset();
    if (!this.current) {
      this.currentUrl = this.baseUrl;
      // Loaded on the first request, not with the WindowContext: a command that never talks to the server
      // (Set API Key, Run File Locally) does not load the API client.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { NotteClient: Client, formatRequestTrace } = require('../api/client') as typeof import('../api/client');
      this.log.info(`Requests go to ${this.profiles.active().name} (${safeUrl(this.baseUrl)}).`);
      // The key of this client's profile, not of whichever is active when it asks: a run still streaming
      // from a server after a switch of profile must not send the other profile's key there (its stop failed).
      const profile = this.profiles.active();
      this.current = new Client({
        baseUrl: this.baseUrl,
        apiKey: () => this.profiles.key(profile),
        origin: 'vscode',
        userAgent: `notte-functions-vscode/${this.version}`,
        sdkVersion: this.version,
        network: this.config.network,
        requestTimeoutMs: this.config.requestTimeoutSeconds * 1000,
        // The trace carries no header nor body, and URLs without their secrets (api/redact.ts); formatted
        // only when someone turned the trace on.
        onRequest: (trace) => {
          if (this.log.logLevel === vscode.LogLevel.Trace) this.log.trace(formatRequestTrace(trace));
          this.heard(trace);
        },
      });
    }
    return this.current;
  }

  /** The server's last connection failed (refused, no such host), and no answer came since; undefined: it answers, or nothing was asked. */
  get unreachable(): Unanswered | undefined {
    return this.unanswered;
  }

  /** Each exchange with the server (not with a signed link's other host) says whether it can be reached. */
  private heard(trace: RequestTrace): void {
    if (this.currentUrl === undefined || originOf(trace.url) !== originOf(this.currentUrl)) return;
    const why = trace.failure === undefined ? undefined : CONNECT_FAILURES.get(trace.failure);
    if (trace.status !== undefined && this.unanswered) this.unanswered = undefined;
    else if (why && !this.unanswered) this.unanswered = { at: new Date(), why };
    else return;
    this.reachability.fire();
  }

  private reset(): void {
    // The old client is not closed: a run it still streams (from the server of the profile before) stops
    // through it (a closed client refused that stop, and the run went on); idle, its sockets close by themselves.
    this.current = undefined;
    // Another server (or the same one restarted): not known unreachable until a request says so.
    if (this.unanswered) {
      this.unanswered = undefined;
      this.reachability.fire();
    }
    this.changed.fire();
  }

  dispose(): void {
    void this.current?.close().catch(() => undefined);
    this.disposables.dispose();
  }
}

/** A request that found no server: when, and why in words. */
export interface Unanswered {
  at: Date;
  why: string;
}

/** The failures that say the server cannot be reached at all (a timeout or a broken stream may be the server's load). */
const CONNECT_FAILURES = new Map([
  ['ECONNREFUSED', 'the connection was refused'],
  ['ENOTFOUND', 'the host name does not resolve'],
  ['EAI_AGAIN', 'the host name does not resolve'],
  ['EHOSTUNREACH', 'the host cannot be reached'],
  ['ENETUNREACH', 'the network cannot be reached'],
]);

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url;
  }
}

/** The URL as a log may keep it: no user or password, no key or signature in its query. */
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return maskUrlSecrets(`${parsed.origin}${parsed.pathname}${parsed.search}`);
  } catch {
    return 'an address that is not a URL';
  }
}
