import path = require('path');
import vscode = require('vscode');
import { Commands, ContextKeys } from '../../shared/contributions';
import { functionLabel, NotteFunction } from '../../api/types';
import { DeployedCode } from './deployedCode';
import { LinkStore } from './linkStore';

/**
 * The workspace's function files and their functions (`ctx.linked`): the links of `.notte/functions.json`,
 * what is known of each function's deployed code, and what follows a deployment or a function that is
 * gone. Light to create: it reads the link file when first asked and makes no request of its own.
 */
export class LinkedFunctions implements vscode.Disposable {
  readonly links: LinkStore;
  readonly deployedCode: DeployedCode;
  private readonly goneReported = new Set<string>();

  constructor(workspaceState: vscode.Memento, apiUrl: () => string) {
    this.links = new LinkStore(apiUrl);
    this.deployedCode = new DeployedCode(workspaceState);
  }

  /** After an upload or update from this window: the file is linked to that function, and its code is the deployed one. */
  async deployed(uri: vscode.Uri, fn: NotteFunction, content: string, isNew: boolean): Promise<void> {
    const version = fn.latest_version ?? 'latest';
    void vscode.commands.executeCommand('setContext', ContextKeys.deployedAFunction, true);
    await this.deployedCode.remember(this.links.currentApiUrl, fn.function_id, version, content);
    const where = this.links.locate(uri);
    if (!where) return;
    const before = this.links.linkOf(uri);
    const linked = await this.links.link(uri, { functionId: fn.function_id, name: fn.name ?? before?.link.name ?? undefined, version });
    if (linked && isNew)
      void vscode.window.setStatusBarMessage(
        `$(link) ${path.basename(uri.fsPath)} is now linked to ${functionLabel(fn)} (${vscode.workspace.asRelativePath(this.links.linkFilePath(where.folder))})`,
        8000,
      );
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
          vscode.l10n.t(
            '{0} is linked to the Notte function {1} ({2}), which no longer exists on {3}.',
            path.basename(file.fsPath),
            name,
            functionId,
            this.links.currentApiUrl.replace(/^https?:\/\//, ''),
          ),
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
  }
}
