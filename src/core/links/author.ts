import path = require('path');
import vscode = require('vscode');
import { Commands } from '../../shared/contributions';
import type { NotteFunction } from '../../api/types';
import { DeployedCode } from './deployedCode';
import { FailureDiagnostics } from './failureDiagnostics';
import { LinkStore } from './linkStore';
import { FinishedRun } from '../../shared/finishedRun';
import { RunFailures } from './runFailures';

/**
 * What the author's loop keeps for the window: the links of files to functions, what is known of
 * their deployed code, and the Problems entries of failed runs. Light to create: it reads the link
 * file when first asked and makes no request of its own.
 */
export class Author implements vscode.Disposable {
  readonly links: LinkStore;
  readonly deployedCode: DeployedCode;
  readonly diagnostics = new FailureDiagnostics();
  readonly failures: RunFailures;
  private readonly goneReported = new Set<string>();

  constructor(extension: vscode.ExtensionContext, apiUrl: () => string) {
    this.links = new LinkStore(apiUrl);
    this.deployedCode = new DeployedCode(extension.workspaceState);
    this.failures = new RunFailures(this.links, this.deployedCode, this.diagnostics);
  }

  /** After an upload or update from this window: the file is linked to that function, and its code is the deployed one. */
  async deployed(uri: vscode.Uri, fn: NotteFunction, content: string, isNew: boolean): Promise<void> {
    const version = fn.latest_version ?? 'latest';
    await this.deployedCode.remember(this.links.currentApiUrl, fn.function_id, version, content);
    if (!this.links.locate(uri)) return;
    const before = this.links.linkOf(uri);
    const linked = await this.links.link(uri, { functionId: fn.function_id, name: fn.name ?? before?.link.name ?? undefined, version });
    if (linked && isNew)
      void vscode.window.setStatusBarMessage(
        `$(link) ${path.basename(uri.fsPath)} is now linked to ${fn.name || fn.function_id} (${vscode.workspace.asRelativePath(this.links.linkFilePath(this.links.locate(uri)!.folder))})`,
        8000,
      );
  }

  /** A run or a tool finished: the Problems entry of its file follows. */
  runFinished(run: FinishedRun): void {
    try {
      this.failures.handle(run);
    } catch (error) {
      // A traceback we cannot read must not break the run that produced it.
      console.error("Notte: could not read the run's traceback", error);
    }
  }

  /**
   * The server answered 404 for a linked function: lenses say so, and each linked file's author is
   * told once, with a way to relink or unlink.
   */
  functionGone(functionId: string): void {
    this.deployedCode.markGone(this.links.currentApiUrl, functionId);
    for (const file of this.links.filesOf(functionId)) {
      const key = `${this.links.currentApiUrl}|${functionId}|${file.toString()}`;
      if (this.goneReported.has(key)) continue;
      this.goneReported.add(key);
      const name = this.links.linkOf(file)?.link.name || functionId;
      void vscode.window
        .showWarningMessage(
          `${path.basename(file.fsPath)} is linked to the Notte function ${name} (${functionId}), which no longer exists on ${this.links.currentApiUrl.replace(/^https?:\/\//, '')}.`,
          'Link to Function…',
          'Unlink',
        )
        .then(async (choice) => {
          if (choice === 'Link to Function…') await vscode.commands.executeCommand(Commands.linkToFunction, file);
          if (choice === 'Unlink') await vscode.commands.executeCommand(Commands.unlinkFunction, file);
        });
    }
  }

  dispose(): void {
    this.links.dispose();
    this.deployedCode.dispose();
    this.diagnostics.dispose();
  }
}
