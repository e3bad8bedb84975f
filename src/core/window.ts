import vscode = require('vscode');
import type { Author } from './links/author';
import { Config } from './config';
import { Connection } from './connection';
import { LocalServerManager } from '../features/localServer/localServerManager';
import { RunOutput } from './runOutput';
import { ActiveRuns } from './runs/activeRuns';
import { ApiKeyStore, DecryptionKeyStore } from './secrets';
import { PersistentState } from './state';
import { ProfileStore } from './profiles';
import { FunctionsModel } from './functions/functionsModel';

/**
 * Everything a command or view needs, handed to each feature instead of globals. Built on the
 * first use of the extension (src/pipeline.ts), not at activation. Ctx owns the disposables so
 * nothing outlives a reload: whatever a feature creates for the window's lifetime goes through
 * `ctx.track`.
 */
export class Ctx {
  readonly config = new Config();
  /** The extension's version, from its own package.json (sent to the server as the client's). */
  readonly version: string;
  readonly keys: ApiKeyStore;
  readonly decryptionKeys: DecryptionKeyStore;
  readonly profiles: ProfileStore;
  readonly connection: Connection;
  readonly output: RunOutput;
  /** What is known of the server's functions and runs; the Functions view draws it. */
  readonly functions: FunctionsModel;
  readonly activeRuns: ActiveRuns;
  readonly state: PersistentState;
  private localServerManager: LocalServerManager | undefined;

  /**
   * `author`: links of files to functions, their deployed code, the Problems entries of failed runs.
   * Made before the Ctx (the CodeLens provider needs it without the rest) and shared with it.
   */
  constructor(
    readonly extension: vscode.ExtensionContext,
    readonly author: Author,
  ) {
    this.version = String((extension.extension.packageJSON as { version?: unknown }).version ?? 'unknown');
    this.keys = this.track(new ApiKeyStore(extension.secrets));
    this.decryptionKeys = new DecryptionKeyStore(extension.secrets);
    this.profiles = this.track(new ProfileStore(extension.globalState, extension.secrets, this.config, this.keys));
    this.connection = this.track(new Connection(this.config, this.keys, this.version, this.profiles));
    this.output = this.track(new RunOutput(extension.logUri.fsPath));
    this.activeRuns = this.track(new ActiveRuns());
    this.functions = this.track(
      new FunctionsModel(
        this.connection,
        this.config,
        (runId) => this.activeRuns.followed(runId),
        (runId) => this.activeRuns.stopReason(runId) !== undefined,
      ),
    );
    this.state = new PersistentState(extension.globalState);
  }

  /** The local Functions server of this window (made on first use; its Output channel with it). */
  get localServer(): LocalServerManager {
    this.localServerManager ??= this.track(new LocalServerManager(this));
    return this.localServerManager;
  }

  /** The local server's URL if this window started one; starts nothing. */
  get localServerUrl(): string | undefined {
    return this.localServerManager?.server?.url;
  }

  track<T extends vscode.Disposable>(disposable: T): T {
    this.extension.subscriptions.push(disposable);
    return disposable;
  }
}
