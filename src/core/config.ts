import vscode = require('vscode');
import type { NetworkOptions } from '../api';

export const DEFAULT_API_URL = 'https://api.notte.cc';
const SECTION = 'notte';

/**
 * Settings that can send the key, or code, somewhere else: where requests go (and the key with them),
 * the proxy they go through, the Python that runs functions, whether copied snippets carry the key. A
 * repository's `.vscode/settings.json` must not choose these silently (nor have passwords kept in
 * committed files): from workspace settings they
 * take effect only once the user said yes for this workspace (and never in Restricted Mode, where
 * VS Code gives the extension no workspace value of them: package.json's restrictedConfigurations).
 */
export const GUARDED_SETTINGS = ['apiUrl', 'proxy', 'python.interpreter', 'snippets.includeApiKey', 'savedSets.keepSecretValues'] as const;
export type GuardedSetting = (typeof GUARDED_SETTINGS)[number];

const CONFIRMED_KEY = 'notte.confirmedWorkspaceSettings';
/** A question about a workspace value is asked a second time only this long after the first. */
const ASK_AGAIN_AFTER_MS = 10_000;

/** What the user said of this workspace's values of the guarded settings (in the workspace's own state). */
export class WorkspaceSettingConsent implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  /** A workspace value was accepted: the settings read differently from now on. */
  readonly onDidChange = this.changed.event;
  /** When each value was asked about in this window, and whether it was asked a second time. */
  private readonly asked = new Map<string, { at: number; again: boolean }>();
  /** Values the person answered (either way) in this window: not asked again. */
  private readonly answered = new Set<string>();

  constructor(private readonly memento: vscode.Memento) {}

  /** Whether the user accepted exactly this workspace value of `setting`. */
  accepted(setting: GuardedSetting, value: unknown): boolean {
    return this.all()[setting] === JSON.stringify(value);
  }

  /** Remembers that the user accepted this workspace value. */
  async accept(setting: GuardedSetting, value: unknown): Promise<void> {
    await this.memento.update(CONFIRMED_KEY, { ...this.all(), [setting]: JSON.stringify(value) });
    this.changed.fire();
  }

  /**
   * Asks once per value and window whether to use a workspace value not accepted yet; `again`: a second
   * time, once, if the first question went unanswered a while ago (a run about to go without the value:
   * the first may sit in the bell; one asked moments ago is still on screen).
   */
  ask(setting: GuardedSetting, value: unknown, again = false): void {
    const id = `${setting}=${JSON.stringify(value)}`;
    const before = this.asked.get(id);
    if (this.answered.has(id) || (before && (!again || before.again || Date.now() - before.at < ASK_AGAIN_AFTER_MS))) return;
    this.asked.set(id, { at: Date.now(), again: before !== undefined });
    const shown = typeof value === 'string' ? value : JSON.stringify(value);
    void vscode.window
      .showWarningMessage(
        vscode.l10n.t("This workspace's settings set notte.{0} to {1}. {2} Notte ignores it until you accept it for this workspace.", setting, shown, consequence(setting)),
        'Use in This Workspace',
        'Keep Ignoring',
      )
      .then((choice) => {
        if (choice) this.answered.add(id);
        return choice === 'Use in This Workspace' ? this.accept(setting, value) : undefined;
      });
  }

  /** Workspace values waiting for an answer (for the tests). */
  get pending(): string[] {
    return [...this.asked.keys()];
  }

  private all(): Record<string, string> {
    const value = this.memento.get<unknown>(CONFIRMED_KEY);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string>) : {};
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function consequence(setting: GuardedSetting): string {
  switch (setting) {
    case 'apiUrl':
      return 'Your Notte API key would be sent there with every request.';
    case 'proxy':
      return 'Every request, with your Notte API key, would go through it.';
    case 'python.interpreter':
      return 'That program would run your functions and get your key.';
    case 'snippets.includeApiKey':
      return 'Copied snippets would carry your API key.';
    case 'savedSets.keepSecretValues':
      return 'Passwords and tokens you save in variable sets would be written into files meant to be committed.';
  }
}

/** Typed getters over the extension's settings; read fresh each time so changes apply at once. */
export class Config {
  /** Without `consent` (code that only reads, before the window exists), workspace values of guarded settings are never used. */
  constructor(private readonly consent?: WorkspaceSettingConsent) {}

  /** A workspace value of a guarded setting was accepted: the settings read differently from now on. */
  readonly onDidAcceptWorkspaceValue: vscode.Event<void> = (listener, thisArgs, disposables) =>
    this.consent ? this.consent.onDidChange(listener, thisArgs, disposables) : new vscode.Disposable(() => undefined);

  private get section(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /**
   * A guarded setting's value: the user's own (user settings), or the workspace's once accepted; a
   * workspace value not accepted yet is asked about and ignored meanwhile.
   */
  guarded<T>(setting: GuardedSetting, resource?: vscode.Uri): T | undefined {
    const { own, workspace } = this.values<T>(setting, resource);
    if (workspace !== undefined) {
      if (this.consent?.accepted(setting, workspace)) return workspace;
      this.consent?.ask(setting, workspace);
    }
    return own;
  }

  /** A guarded setting as the user set it, and this workspace's own value when it differs from it. */
  private values<T>(setting: GuardedSetting, resource?: vscode.Uri): { own: T | undefined; workspace: T | undefined } {
    const inspected = vscode.workspace.getConfiguration(SECTION, resource).inspect<T>(setting);
    const workspace = inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
    return { own: inspected?.globalValue, workspace: workspace !== inspected?.globalValue ? workspace : undefined };
  }

  /** The setting wins when the user set it; otherwise NOTTE_API_URL, as the SDK does; otherwise the cloud. */
  get apiUrl(): string {
    const chosen = this.guarded<string>('apiUrl') || process.env.NOTTE_API_URL || DEFAULT_API_URL;
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
    return this.guarded<boolean>('snippets.includeApiKey') ?? false;
  }

  /** Saved sets keep secret-looking values as typed (else masked, and asked for when the set is used). */
  get keepSecretValuesInSavedSets(): boolean {
    return this.guarded<boolean>('savedSets.keepSecretValues') ?? false;
  }

  get batchMaxConcurrent(): number {
    return positive(this.section.get<number>('batch.maxConcurrent'), 10);
  }

  /** The interpreter the user chose (`notte.python.interpreter`), for the file's folder; undefined when none. */
  pythonInterpreter(resource?: vscode.Uri): string | undefined {
    return this.guarded<string>('python.interpreter', resource)?.trim() || undefined;
  }

  /** This workspace's notte.python.interpreter when it is not used (not accepted yet); asked about once more, a while after the first time. */
  ignoredWorkspaceInterpreter(resource?: vscode.Uri): string | undefined {
    const { workspace } = this.values<string>('python.interpreter', resource);
    if (!workspace?.trim() || this.consent?.accepted('python.interpreter', workspace)) return undefined;
    this.consent?.ask('python.interpreter', workspace, true);
    return workspace.trim();
  }

  get proxy(): string | undefined {
    return this.guarded<string>('proxy')?.trim() || undefined;
  }

  /**
   * How requests reach the server: notte.proxy, else VS Code's http.proxy (application settings, which a
   * workspace cannot set), with http.noProxy, http.proxyStrictSSL and http.systemCertificates as VS Code reads them.
   */
  get network(): NetworkOptions {
    const http = vscode.workspace.getConfiguration('http');
    const noProxy = http.get<string[]>('noProxy') ?? [];
    return {
      proxy: this.proxy ?? (http.get<string>('proxy')?.trim() || undefined),
      noProxy: noProxy.length ? noProxy : undefined,
      strictSSL: http.get<boolean>('proxyStrictSSL') ?? true,
      systemCertificates: http.get<boolean>('systemCertificates') ?? true,
    };
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
    const own = ['apiUrl', 'proxy', 'requestTimeoutSeconds'].some((key) => event.affectsConfiguration(`${SECTION}.${key}`));
    return own || ['proxy', 'noProxy', 'proxyStrictSSL', 'systemCertificates'].some((key) => event.affectsConfiguration(`http.${key}`));
  }

  static affectsTree(event: vscode.ConfigurationChangeEvent): boolean {
    return event.affectsConfiguration(`${SECTION}.pageSize`);
  }
}

function positive(value: number | undefined, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
}
