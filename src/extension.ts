// The extension's entry (dist/extension.js): it only registers contributions, and loads each
// feature's code on first use, so that activating costs about what an empty extension's does
// however many features there are (the bench measures the ratio). How the rest is laid out and where
// a new feature goes: src/README.md.
//
// - a command: its id in src/shared/contributions.ts and package.json, its handler in its feature,
//   one line in app/commandTable.ts. Nothing to add here.
// - a view or a provider (tree, text documents, CodeLens, debug, webview): registered below with a
//   stand-in of app/lazyProviders.ts whose loader imports the real provider on first call.
// - a tool for the editor's agents: app/agentToolRegistry.ts.
// - never `import` a feature or core module here (only `import type`): that would load it at
//   activation (esbuild.js fails the build if anything but ACTIVATION_MODULES ends up here).
import vscode = require('vscode');
import { AgentToolRegistry } from './app/agentToolRegistry';
import { registerCommands } from './app/commandPipeline';
import { COMMANDS } from './app/commandTable';
import { LazyCodeLensProvider, LazyContentProvider, LazyDebugProvider, LazyTreeDataProvider } from './app/lazyProviders';
import type { TestDoor } from './app/testDoor';
import { WindowLoader } from './app/windowLoader';
import type { TreeNode } from './core/functions/nodes';
import { DEBUG_TYPE, LENS_SETTING, RUN_SCHEME, Views, Webviews } from './shared/contributions';
import type { FinishedRun } from './shared/finishedRun';

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

  const tree = new LazyTreeDataProvider<TreeNode>(async () => {
    const [ctx, { FunctionsTreeProvider }] = await Promise.all([windows.get(), import('./features/functionsView/functionsTree')]);
    return new FunctionsTreeProvider(ctx.functions);
  });
  const view: vscode.TreeView<TreeNode> = vscode.window.createTreeView(Views.functions, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(tree, view);

  registerDocumentsAndPages(context, windows);
  registerAuthoringProviders(context, windows);

  // The agents' tools: registered now, their code (and the window) loaded on the first call.
  const agentTools = new AgentToolRegistry(windows);
  context.subscriptions.push(agentTools);

  return {
    ready: Promise.resolve(),
    onDidFinishRun: finishedRuns.event,
    ...(context.extensionMode === vscode.ExtensionMode.Test
      ? { testing: () => import('./app/testDoor').then(({ createTestDoor }) => createTestDoor({ windows, tree, view, agentTools })) }
      : {}),
  };
}

/** Run documents (read-only text) and function pages restored after a reload: each loads its code on first use. */
function registerDocumentsAndPages(context: vscode.ExtensionContext, windows: WindowLoader): void {
  const runDocuments = new LazyContentProvider(async () => {
    const [ctx, { RunDocumentProvider }] = await Promise.all([windows.get(), import('./features/functionsView/runDocument')]);
    return ctx.track(new RunDocumentProvider(ctx));
  });
  context.subscriptions.push(runDocuments, vscode.workspace.registerTextDocumentContentProvider(RUN_SCHEME, runDocuments));

  // Function pages kept across a window reload come back through this; the page's code loads only then.
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(Webviews.functionPage, {
      deserializeWebviewPanel: async (panel, state) => {
        const [ctx, { revivePage }] = await Promise.all([windows.get(), import('./features/page/openPage')]);
        revivePage(ctx, panel, state);
      },
    }),
  );
}

/** The author's loop: lenses over `run(...)` (document text and link file only) and the `notte` debug type. */
function registerAuthoringProviders(context: vscode.ExtensionContext, windows: WindowLoader): void {
  const lenses = new LazyCodeLensProvider(
    async () => {
      const [ctx, { FunctionCodeLensProvider }, { linkStatusBarPart }] = await Promise.all([
        windows.context(),
        import('./features/authoring/codeLens'),
        import('./features/authoring/linkStatusBar'),
      ]);
      ctx.get(linkStatusBarPart);
      return ctx.track(new FunctionCodeLensProvider(ctx.linked.links, ctx.linked.deployedCode));
    },
    () => vscode.workspace.getConfiguration().get<boolean>(LENS_SETTING, true),
  );
  context.subscriptions.push(
    lenses,
    vscode.languages.registerCodeLensProvider({ language: 'python', scheme: 'file' }, lenses),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(LENS_SETTING)) lenses.refresh();
    }),
  );

  // The `notte` debug type: its provider and adapter factory load on the first debug session.
  const debug = new LazyDebugProvider(async () => {
    const [ctx, { notteDebuggerPart }] = await Promise.all([windows.get(), import('./features/debug/notteDebugger')]);
    return ctx.get(notteDebuggerPart);
  });
  context.subscriptions.push(
    vscode.debug.registerDebugConfigurationProvider(DEBUG_TYPE, debug),
    vscode.debug.registerDebugConfigurationProvider(
      DEBUG_TYPE,
      { provideDebugConfigurations: (folder) => debug.provideDebugConfigurations(folder) },
      vscode.DebugConfigurationProviderTriggerKind.Dynamic,
    ),
    vscode.debug.registerDebugAdapterDescriptorFactory(DEBUG_TYPE, debug),
  );
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
