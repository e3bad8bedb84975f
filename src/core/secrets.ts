import vscode = require('vscode');

const SECRET_ID = 'notte.apiKey';

export type ApiKeySource = 'secretStorage' | 'environment' | 'none';

/**
 * The API key lives in SecretStorage; NOTTE_API_KEY is the fallback, as in the SDK.
 * The key is read on every request and never cached in settings, logs or memory beyond a call.
 */
export class ApiKeyStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly secrets: vscode.SecretStorage) {
    this.subscription = secrets.onDidChange((event) => {
      if (event.key === SECRET_ID) this.changed.fire();
    });
  }

  async get(): Promise<string | undefined> {
    const stored = await this.secrets.get(SECRET_ID);
    return stored || process.env.NOTTE_API_KEY || undefined;
  }

  async source(): Promise<ApiKeySource> {
    if (await this.secrets.get(SECRET_ID)) return 'secretStorage';
    return process.env.NOTTE_API_KEY ? 'environment' : 'none';
  }

  async set(key: string): Promise<void> {
    // SecretStorage's own change event (subscribed above) tells every listener, this window included.
    await this.secrets.store(SECRET_ID, key.trim());
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_ID);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Per-function decryption keys for local runs, asked once and kept in SecretStorage. */
export class DecryptionKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  get(functionId: string): Thenable<string | undefined> {
    return this.secrets.get(this.id(functionId));
  }

  set(functionId: string, key: string): Thenable<void> {
    return this.secrets.store(this.id(functionId), key);
  }

  delete(functionId: string): Thenable<void> {
    return this.secrets.delete(this.id(functionId));
  }

  private id(functionId: string): string {
    return `notte.decryptionKey.${functionId}`;
  }
}
