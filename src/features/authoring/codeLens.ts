import vscode = require('vscode');
import { Commands, LENS_SETTING } from '../../shared/contributions';
import { codeHash, DeployedCode, shortVersion } from '../../core/links/deployedCode';
import { LinkStore } from '../../core/links/linkStore';
import { findRunDefinitions } from '../../shared/runDefinitions';

/** What the Deploy lens says about a linked file. */
export type DeployState = { kind: 'unlinked' } | { kind: 'gone'; name: string } | { kind: 'unknown'; name: string } | { kind: 'same' | 'changed'; name: string; version: string };

/**
 * `▶ Run Locally · Debug · Run on Notte · Open Page · Deploy` over each top-level `def run(` (the
 * middle two for a linked file). Built from the
 * document's text and the link file only: no Python, no request. Whether the file changed since the
 * deployed version comes from a hash kept by DeployedCode (fetched elsewhere, lazily).
 */
export class FunctionCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private hashes = new WeakMap<vscode.TextDocument, { version: number; hash: string }>();

  constructor(
    private readonly links: LinkStore,
    private readonly deployed: DeployedCode,
  ) {
    this.subscriptions.push(
      links.onDidChange(() => this.changed.fire()),
      deployed.onDidChange(() => this.changed.fire()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(LENS_SETTING) || event.affectsConfiguration('notte.apiUrl')) this.changed.fire();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.changed.fire()),
    );
  }

  /** Tell the lenses the server changed (the local server started or stopped). */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!vscode.workspace.getConfiguration().get<boolean>(LENS_SETTING, true)) return [];
    const definitions = findRunDefinitions(document.getText());
    if (definitions.length === 0) return [];
    const uri = document.uri;
    const state = this.deployState(document);
    const linked = state.kind !== 'unlinked';
    const lenses: vscode.CodeLens[] = [];
    for (const definition of definitions) {
      const range = new vscode.Range(definition.line, 0, definition.line, 0);
      // Restricted Mode runs none of the workspace's code: no lens offers to.
      if (vscode.workspace.isTrusted)
        lenses.push(
          new vscode.CodeLens(range, { title: '▶ Run Locally', tooltip: "Run this file's run(...) on this machine", command: Commands.runFileLocally, arguments: [uri] }),
          new vscode.CodeLens(range, {
            title: 'Debug',
            tooltip: 'Debug run(...) on this machine, stopping at breakpoints',
            command: Commands.debugFunctionLocally,
            arguments: [uri],
          }),
        );
      if (linked) {
        const functionId = this.links.linkOf(uri)?.link.functionId;
        lenses.push(
          new vscode.CodeLens(range, { title: 'Run on Notte', tooltip: `Run ${state.name} on ${this.links.currentApiUrl}`, command: Commands.runOnNotte, arguments: [uri] }),
        );
        if (functionId)
          lenses.push(
            new vscode.CodeLens(range, {
              title: 'Open Page',
              tooltip: `Open the page of ${state.name}: its form, live logs, browser session and history`,
              command: Commands.openFunctionPage,
              arguments: [functionId],
            }),
          );
      }
      lenses.push(new vscode.CodeLens(range, { ...deployLens(state), command: Commands.deployFile, arguments: [uri] }));
    }
    return lenses;
  }

  deployState(document: vscode.TextDocument): DeployState {
    const linked = this.links.linkOf(document.uri);
    if (!linked) return { kind: 'unlinked' };
    const name = linked.link.name || linked.link.functionId;
    const apiUrl = linked.link.apiUrl;
    if (this.deployed.isGone(apiUrl, linked.link.functionId)) return { kind: 'gone', name };
    const known = this.deployed.known(apiUrl, linked.link.functionId);
    if (!known) return { kind: 'unknown', name };
    return { kind: this.hashOf(document) === known.hash ? 'same' : 'changed', name, version: known.version };
  }

  private hashOf(document: vscode.TextDocument): string {
    const cached = this.hashes.get(document);
    if (cached && cached.version === document.version) return cached.hash;
    const hash = codeHash(document.getText());
    this.hashes.set(document, { version: document.version, hash });
    return hash;
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
    this.hashes = new WeakMap();
  }
}

function deployLens(state: DeployState): { title: string; tooltip: string } {
  switch (state.kind) {
    case 'unlinked':
      return { title: 'Deploy', tooltip: 'Upload this file as a new Notte Function and link it to that function' };
    case 'gone':
      return { title: `Deploy ($(warning) ${state.name} no longer exists)`, tooltip: 'The linked function was not found on the server: relink or unlink this file' };
    case 'unknown':
      return { title: `Deploy to ${state.name}`, tooltip: `Upload this file as a new version of ${state.name}` };
    case 'same':
      return { title: `Deploy (${state.name} ${shortVersion(state.version)}, up to date)`, tooltip: `This file is the code of ${state.name} version ${state.version}` };
    case 'changed':
      return {
        title: `Deploy (changed since ${shortVersion(state.version)})`,
        tooltip: `This file differs from ${state.name} version ${state.version}: deploying uploads a new version`,
      };
  }
}
