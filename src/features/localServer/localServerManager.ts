import fs = require('fs');
import path = require('path');
import vscode = require('vscode');
import type { WindowContext } from '../../core/windowContext';
import { Commands, ContextKeys } from '../../shared/contributions';
import { DEFAULT_PROFILE_ID, LOCAL_PROFILE_ID, LOCAL_PROFILE_NAME } from '../../core/profiles';
import { RunningLocalServer, startLocalServerProcess } from './localServerProcess';
import { syncExamples } from './examplesCopy';
import { dataFolderName } from '../../shared/functionsFolderName';
import { windowPart } from '../../core/windowContext';
import { configuredFunctionsFolder, notteFolder } from '../../core/notteFolder';
import { holdsFunctionFile } from '../../shared/notteFolderChoice';
import { isLoopbackHost } from '../../shared/loopback';
import { portIsFree } from '../../api/network';

/** The window's local Functions server (started on demand; stopped with the window). */
export const localServerPart = windowPart('local Functions server', (ctx) => new LocalServerManager(ctx));

/** The local Functions server this window started, if any; it is stopped with the window. */
export class LocalServerManager implements vscode.Disposable {
  private running: RunningLocalServer | undefined;
  /** The profile that was active before the local one, to switch back to on Stop. */
  private previousProfile: string | undefined;
  private readonly log: vscode.LogOutputChannel;
  /** The window ended: its log channel is gone. */
  private disposed = false;

  constructor(private readonly ctx: WindowContext) {
    this.log = vscode.window.createOutputChannel('Notte Local Server', { log: true });
  }

  get server(): RunningLocalServer | undefined {
    return this.running;
  }

  async start(functionsDir?: string): Promise<RunningLocalServer> {
    if (this.running) {
      if (!this.ctx.profiles.isLocal()) {
        this.previousProfile = this.ctx.profiles.active().id;
        await this.ctx.profiles.activate(LOCAL_PROFILE_ID);
      }
      return this.running;
    }
    const folder = functionsDir ?? this.defaultFunctionsFolder();
    // A data folder per functions folder: two projects' weather.py are two functions (same id), each with its own runs.
    const dataDir = path.join(this.ctx.extension.globalStorageUri.fsPath, 'local-server', dataFolderName(folder));
    fs.mkdirSync(dataDir, { recursive: true });
    const server = await startLocalServerProcess({
      script: vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'dist', 'local-server.js').fsPath,
      functionsDir: folder,
      dataDir,
      port: await this.preferredPort(),
      python: this.ctx.config.pythonInterpreter(),
      // Lines that come after the window's end (the server closing) have no channel to go to.
      onLog: (line) => this.disposed || this.log.info(line),
      onExit: (how) => {
        // Stopped by this window (Stop, a new start, the window's end): said plainly; on its own, a warning.
        if (this.running !== server) return void (this.disposed || this.log.info(`The local server ${how}.`));
        this.log.warn(`The local server ${how}.`);
        // The "Local server" profile stays active: the view says the server stopped and offers to start it.
        this.forget();
        this.ctx.functions.refresh();
        void vscode.window
          .showWarningMessage(vscode.l10n.t('The local Functions server stopped: it {0}.', how), 'Start Local Functions Server', 'Switch Profile')
          .then((choice) => {
            if (choice === 'Start Local Functions Server') void vscode.commands.executeCommand(Commands.startLocalServer);
            if (choice === 'Switch Profile') void vscode.commands.executeCommand(Commands.switchProfile);
          });
      },
    });
    this.running = server;
    this.log.info(`Local Functions server at ${server.url}, serving ${server.functionsDir}`);
    const profiles = this.ctx.profiles;
    if (!profiles.isLocal()) this.previousProfile = profiles.active().id;
    await profiles.save({ id: LOCAL_PROFILE_ID, name: LOCAL_PROFILE_NAME, apiUrl: server.url }, server.key);
    await profiles.activate(LOCAL_PROFILE_ID);
    await vscode.commands.executeCommand('setContext', ContextKeys.localServerRunning, true);
    return server;
  }

  /**
   * The port to start on: the setting's; else the port of the server this window used on this machine
   * (the active profile's, else its last local server's) while that port is free, so that the files
   * linked to it stay linked across a restart; else any free one.
   */
  private async preferredPort(): Promise<number> {
    if (this.ctx.config.localServerPort) return this.ctx.config.localServerPort;
    for (const profile of [this.ctx.profiles.active(), this.ctx.profiles.get(LOCAL_PROFILE_ID)]) {
      const url = URL.canParse(profile?.apiUrl ?? '') ? new URL(profile!.apiUrl) : undefined;
      const port = url && url.protocol === 'http:' && isLoopbackHost(url.hostname) ? Number(url.port) : 0;
      if (port && (await portIsFree(port))) return port;
    }
    return 0;
  }

  async stop(): Promise<boolean> {
    const server = this.running;
    if (!server) {
      // The server went away on its own: Stop still takes the window back to the profile before it.
      if (this.ctx.profiles.isLocal()) await this.ctx.profiles.activate(this.previousProfile ?? DEFAULT_PROFILE_ID);
      return false;
    }
    this.forget();
    await server.stop();
    this.log.info('Local Functions server stopped.');
    if (this.ctx.profiles.isLocal()) await this.ctx.profiles.activate(this.previousProfile ?? DEFAULT_PROFILE_ID);
    return true;
  }

  private forget(): void {
    this.running = undefined;
    void vscode.commands.executeCommand('setContext', ContextKeys.localServerRunning, false);
  }

  /** The setting, else the first workspace folder holding a function file (the Notte folder first), else the bundled examples. */
  private defaultFunctionsFolder(): string {
    const configured = configuredFunctionsFolder(this.ctx.config);
    if (configured) return configured;
    // An untrusted workspace's files are not run (Restricted Mode): the server serves the examples.
    // The Notte folder first (New Function writes there), then the others in order.
    const folders = [notteFolder(), ...(vscode.workspace.workspaceFolders ?? [])];
    for (const folder of vscode.workspace.isTrusted ? folders : []) {
      if (folder?.uri.scheme === 'file' && holdsFunctionFile(folder.uri.fsPath)) return folder.uri.fsPath;
    }
    return this.examplesCopy();
  }

  /** The bundled examples, served from their copy in the extension's storage (examplesCopy.ts). */
  private examplesCopy(): string {
    const [bundled, copy] = this.examplesFolders();
    try {
      syncExamples(bundled, copy);
      return copy;
    } catch (error) {
      this.log.warn(`The examples could not be copied to ${copy} (${(error as Error).message}); the server serves them where they are installed.`);
      return bundled;
    }
  }

  /** Whether the server serves the bundled examples (the folder had no function file when it started). */
  servesExamples(server: RunningLocalServer): boolean {
    return this.examplesFolders().some((folder) => path.resolve(folder) === path.resolve(server.functionsDir));
  }

  /** The examples where they are installed, and their copy in the extension's storage. */
  private examplesFolders(): [string, string] {
    return [vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'dist', 'examples').fsPath, path.join(this.ctx.extension.globalStorageUri.fsPath, 'examples')];
  }

  dispose(): void {
    this.disposed = true;
    void this.running?.stop();
    this.running = undefined;
    this.log.dispose();
  }
}
