import * as vscode from 'vscode';
import type { NotteClient } from './api/client';
import { Config } from './config';
import { ApiKeyStore } from './secrets/apiKeyStore';
import { Disposables } from './util/disposables';

/** A server other than the configured one, used while the extension runs its own local server. */
export interface ConnectionOverride {
  baseUrl: string;
  apiKey: string;
  label: string;
}

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
  private override: ConnectionOverride | undefined;

  /** `version` is the extension's, sent as the client's version. */
  constructor(private readonly config: Config, private readonly keys: ApiKeyStore, private readonly version: string) {
    this.disposables.add(
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (Config.affectsConnection(event)) this.reset();
      }),
    );
    this.disposables.add(keys.onDidChange(() => this.changed.fire()));
  }

  get baseUrl(): string {
    return this.override?.baseUrl ?? this.config.apiUrl;
  }

  /** A short name for where runs go, for the status bar and messages. */
  get label(): string {
    return this.override?.label ?? (this.baseUrl.replace(/^https?:\/\//, ''));
  }

  get usingLocalServer(): boolean {
    return this.override !== undefined;
  }

  async apiKey(): Promise<string | undefined> {
    return this.override?.apiKey ?? (await this.keys.get());
  }

  async hasApiKey(): Promise<boolean> {
    return (await this.apiKey()) !== undefined;
  }

  client(): NotteClient {
    if (!this.current) {
      // Loaded on the first request, not with the Ctx: a command that never talks to the server
      // (Set API Key, Run File Locally) does not load the API client.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { NotteClient: Client } = require('./api/client') as typeof import('./api/client');
      this.current = new Client({
        baseUrl: this.baseUrl,
        apiKey: () => this.apiKey(),
        origin: 'vscode',
        userAgent: `notte-functions-vscode/${this.version}`,
        sdkVersion: this.version,
        proxy: this.config.proxy,
        requestTimeoutMs: this.config.requestTimeoutSeconds * 1000,
      });
    }
    return this.current;
  }

  setOverride(override: ConnectionOverride | undefined): void {
    this.override = override;
    this.reset();
  }

  private reset(): void {
    const old = this.current;
    this.current = undefined;
    void old?.close().catch(() => undefined);
    this.changed.fire();
  }

  dispose(): void {
    void this.current?.close().catch(() => undefined);
    this.disposables.dispose();
  }
}
