import * as vscode from 'vscode';
import { Author } from './author/author';
import { Config } from './config';
import { Connection } from './connection';
import { RunOutput } from './output/runOutput';
import { ActiveRuns } from './runs/activeRuns';
import { ApiKeyStore, DecryptionKeyStore } from './secrets/apiKeyStore';
import { PersistentState } from './state/persistentState';
import { FunctionsTreeProvider } from './views/functionsTree';

/**
 * Everything a command or view needs, handed to each feature instead of globals.
 * Ctx owns the disposables so nothing outlives a reload.
 */
export class Ctx {
  readonly config = new Config();
  readonly keys: ApiKeyStore;
  readonly decryptionKeys: DecryptionKeyStore;
  readonly connection: Connection;
  readonly output: RunOutput;
  readonly tree: FunctionsTreeProvider;
  readonly activeRuns: ActiveRuns;
  readonly state: PersistentState;
  /** Links of files to functions, their deployed code, the Problems entries of failed runs. */
  readonly author: Author;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.keys = this.track(new ApiKeyStore(extension.secrets));
    this.decryptionKeys = new DecryptionKeyStore(extension.secrets);
    this.connection = this.track(new Connection(this.config, this.keys));
    this.output = this.track(new RunOutput());
    this.activeRuns = this.track(new ActiveRuns());
    this.tree = this.track(new FunctionsTreeProvider(this.connection, this.config, (runId) => this.activeRuns.findByRunId(runId) !== undefined));
    this.state = new PersistentState(extension.globalState);
    this.author = this.track(new Author(extension, () => this.connection.baseUrl));
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
