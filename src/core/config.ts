import vscode = require('vscode');

export const DEFAULT_API_URL = 'https://api.notte.cc';
const SECTION = 'notte';

/** Typed getters over the extension's settings; read fresh each time so changes apply at once. */
export class Config {
  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /** The setting wins when the user set it; otherwise NOTTE_API_URL, as the SDK does; otherwise the cloud. */
  get apiUrl(): string {
    const inspected = this.section.inspect<string>('apiUrl');
    const explicit = inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
    const chosen = explicit || process.env.NOTTE_API_URL || DEFAULT_API_URL;
    return chosen.replace(/\/+$/, '');
  }

  get runTimeoutSeconds(): number {
    return positive(this.section.get<number>('runTimeoutSeconds'), 300);
  }

  get requestTimeoutSeconds(): number {
    return positive(this.section.get<number>('requestTimeoutSeconds'), 60);
  }

  get pageSize(): number {
    return Math.min(100, positive(this.section.get<number>('pageSize'), 20));
  }

  get includeApiKeyInSnippets(): boolean {
    return this.section.get<boolean>('snippets.includeApiKey') ?? false;
  }

  get batchMaxConcurrent(): number {
    return positive(this.section.get<number>('batch.maxConcurrent'), 10);
  }

  get pythonInterpreter(): string {
    return this.section.get<string>('python.interpreter')?.trim() || 'python3';
  }

  get proxy(): string | undefined {
    return this.section.get<string>('proxy')?.trim() || undefined;
  }

  get localServerFunctionsFolder(): string | undefined {
    return this.section.get<string>('localServer.functionsFolder')?.trim() || undefined;
  }

  get localServerPort(): number {
    const port = this.section.get<number>('localServer.port') ?? 0;
    return Number.isInteger(port) && port >= 0 && port < 65536 ? port : 0;
  }

  /** True when a change event touches settings that decide which server we talk to. */
  static affectsConnection(event: vscode.ConfigurationChangeEvent): boolean {
    return ['apiUrl', 'proxy', 'requestTimeoutSeconds'].some((key) => event.affectsConfiguration(`${SECTION}.${key}`));
  }

  static affectsTree(event: vscode.ConfigurationChangeEvent): boolean {
    return event.affectsConfiguration(`${SECTION}.pageSize`);
  }
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
