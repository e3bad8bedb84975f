import * as vscode from 'vscode';
import { Config } from './config';
import { Connection } from './connection';
import { RunOutput } from './output/runOutput';
import { ActiveRuns } from './runs/activeRuns';
import { ApiKeyStore, DecryptionKeyStore } from './secrets/apiKeyStore';
import { PersistentState } from './state/persistentState';
import { ProfileStore } from './profiles/profileStore';
import { FunctionsTreeProvider } from './views/functionsTree';

/**
 * Everything a command or view needs, handed to each feature instead of globals.
 * Ctx owns the disposables so nothing outlives a reload.
 */
export class Ctx {
  readonly config = new Config();
  readonly keys: ApiKeyStore;
  readonly decryptionKeys: DecryptionKeyStore;
  readonly profiles: ProfileStore;
  readonly connection: Connection;
  readonly output: RunOutput;
  readonly tree: FunctionsTreeProvider;
  readonly activeRuns: ActiveRuns;
  readonly state: PersistentState;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.keys = this.track(new ApiKeyStore(extension.secrets));
    this.decryptionKeys = new DecryptionKeyStore(extension.secrets);
    this.profiles = this.track(new ProfileStore(extension.globalState, extension.secrets, this.config, this.keys));
    this.connection = this.track(new Connection(this.config, this.keys, this.profiles));
    this.output = this.track(new RunOutput(extension.logUri.fsPath));
    this.activeRuns = this.track(new ActiveRuns());
    this.tree = this.track(
      new FunctionsTreeProvider(
        this.connection,
        this.config,
        (runId) => this.activeRuns.findByRunId(runId) !== undefined,
        (runId) => this.activeRuns.stopReason(runId) !== undefined,
      ),
    );
    this.state = new PersistentState(extension.globalState);
  }

  track<T extends vscode.Disposable>(disposable: T): T {
    this.extension.subscriptions.push(disposable);
    return disposable;
  }

  registerCommand(id: string, factory: (ctx: Ctx) => (...args: any[]) => unknown): void {
    const handler = factory(this);
    this.track(vscode.commands.registerCommand(id, handler));
  }
}
