import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { ContextKeys } from '../names';
import { RunningLocalServer, startLocalServerProcess } from './localServerProcess';

/** The local Functions server this window started, if any (`ctx.localServer`); it is stopped with the window. */
export class LocalServerManager implements vscode.Disposable {
  private running: RunningLocalServer | undefined;
  private readonly log: vscode.LogOutputChannel;

  constructor(private readonly ctx: Ctx) {
    this.log = vscode.window.createOutputChannel('Notte Local Server', { log: true });
  }

  get server(): RunningLocalServer | undefined {
    return this.running;
  }

  async start(functionsDir?: string): Promise<RunningLocalServer> {
    if (this.running) return this.running;
    const folder = functionsDir ?? this.defaultFunctionsFolder();
    const dataDir = path.join(this.ctx.extension.globalStorageUri.fsPath, 'local-server');
    fs.mkdirSync(dataDir, { recursive: true });
    const server = await startLocalServerProcess({
      script: vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'dist', 'local-server.js').fsPath,
      functionsDir: folder,
      dataDir,
      port: this.ctx.config.localServerPort,
      python: this.ctx.config.pythonInterpreter,
      onLog: (line) => this.log.info(line),
      onExit: (code) => {
        this.log.warn(`The local server exited (code ${code}).`);
        if (this.running === server) this.forget();
        void vscode.window.showWarningMessage('The local Functions server stopped. Runs go to the configured API URL again.');
      },
    });
    this.running = server;
    this.log.info(`Local Functions server at ${server.url}, serving ${server.functionsDir}`);
    this.ctx.connection.setOverride({ baseUrl: server.url, apiKey: server.key, label: `local server ${server.url.replace(/^https?:\/\//, '')}` });
    await vscode.commands.executeCommand('setContext', ContextKeys.localServerRunning, true);
    return server;
  }

  async stop(): Promise<boolean> {
    const server = this.running;
    if (!server) return false;
    this.forget();
    await server.stop();
    this.log.info('Local Functions server stopped.');
    return true;
  }

  private forget(): void {
    this.running = undefined;
    this.ctx.connection.setOverride(undefined);
    void vscode.commands.executeCommand('setContext', ContextKeys.localServerRunning, false);
  }

  /** The setting, else the first workspace folder holding a function file, else the bundled examples. */
  private defaultFunctionsFolder(): string {
    const configured = this.ctx.config.localServerFunctionsFolder;
    if (configured) return configured;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      try {
        const hasFunction = fs.readdirSync(folder.uri.fsPath).some((name) => name.endsWith('.py') && /^(async\s+)?def\s+run\s*\(/m.test(fs.readFileSync(path.join(folder.uri.fsPath, name), 'utf8')));
        if (hasFunction) return folder.uri.fsPath;
      } catch {
        // An unreadable folder is simply not a functions folder.
      }
    }
    return vscode.Uri.joinPath(this.ctx.extension.extensionUri, 'dist', 'examples').fsPath;
  }

  dispose(): void {
    void this.running?.stop();
    this.running = undefined;
    this.log.dispose();
  }
}
