// The extension's entry (dist/extension.js): it only registers contributions, and loads each
// feature's code on first use, so that activating costs about what an empty extension's does
// however many features there are (the bench measures the ratio). How the rest is laid out and where
// a new feature goes: src/README.md.
//
// - a command: its id in src/shared/contributions.ts and package.json, its handler in its feature,
//   one line in app/commandTable.ts. Nothing to add here.
// - a view or a provider (tree, text documents, CodeLens, debug, webview): registered in
//   app/providers.ts with a stand-in of app/lazyProviders.ts whose loader imports it on first call.
// - a tool for the editor's agents: app/agentToolRegistry.ts.
// - this file imports app/ (and types of shared/) only: never a feature or a core module, which
//   would load at activation (esbuild.js fails the build if anything but ACTIVATION_MODULES ends up here).
import vscode = require('vscode');
import { AgentToolRegistry } from './app/agentToolRegistry';
import { registerCommands } from './app/commandPipeline';
import { COMMANDS } from './app/commandTable';
import { registerAuthoringProviders, registerDocumentsAndPages, registerFunctionsView, registerTestController } from './app/providers';
import type { TestDoor } from './app/testDoor';
import { WindowLoader } from './app/windowLoader';
import type { FinishedRun } from './shared/finishedRun';
import { WALKTHROUGH_SHOWN } from './shared/contributions';

/** What `activate` hands to other extensions. */
export interface NotteExtensionApi {
  /** Settled once the extension has registered what it contributes (at once). */
  readonly ready: Promise<void>;
  /**
   * A run this window started ended: on Notte, on the local server, on this machine or under the
   * debugger (function and run ids, how it ended, the end of its logs). Subscribing builds nothing.
   */
  readonly onDidFinishRun: vscode.Event<FinishedRun>;
  /** Only while VS Code runs this extension's own tests (ExtensionMode.Test): what those tests read. Not API. */
  testing?(): Promise<TestDoor>;
}

export function activate(context: vscode.ExtensionContext): NotteExtensionApi {
  const finishedRuns = new vscode.EventEmitter<FinishedRun>();
  context.subscriptions.push(finishedRuns);
  const windows: WindowLoader = new WindowLoader(context, async (ctx) => {
    const { activateWindow } = await import('./app/windowActivation');
    await activateWindow(ctx, view);
    context.subscriptions.push(ctx.launcher.onDidFinishRun((run) => finishedRuns.fire(run)));
  });

  registerCommands(context.subscriptions, windows, COMMANDS);

  const { tree, view } = registerFunctionsView(context, windows);
  registerDocumentsAndPages(context, windows);
  registerAuthoringProviders(context, windows);
  const tests = registerTestController(context, windows);

  // The Get Started walkthrough, on the first start after install only (a flag read here, the rest loaded then).
  if (!context.globalState.get(WALKTHROUGH_SHOWN)) void import('./app/firstRun').then(({ openWalkthroughOnce }) => openWalkthroughOnce(context));

  // The agents' tools: registered now, their code (and the window) loaded on the first call.
  const agentTools = new AgentToolRegistry(windows);
  context.subscriptions.push(agentTools);

  return {
    ready: Promise.resolve(),
    onDidFinishRun: finishedRuns.event,
    ...(context.extensionMode === vscode.ExtensionMode.Test
      ? { testing: () => import('./app/testDoor').then(({ createTestDoor }) => createTestDoor({ windows, tree, view, agentTools, tests })) }
      : {}),
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
