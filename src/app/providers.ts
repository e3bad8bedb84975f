// The views and providers the extension contributes, registered at activation with stand-ins
// (lazyProviders.ts) whose loaders import the real code on first use, and the window with it.
import vscode = require('vscode');
import type { TreeNode } from '../core/functions/nodes';
import type { TestPlace } from '../core/setTests/runSetTests';
import { DEBUG_TYPE, LENS_SETTING, RUN_SCHEME, TEST_CONTROLLER_ID, Views, Webviews } from '../shared/contributions';
import { LazyCodeLensProvider, LazyContentProvider, LazyDebugProvider, LazyTreeDataProvider } from './lazyProviders';
import type { WindowLoader } from './windowLoader';

/** The Functions view: its provider loads with the window the first time the view asks for rows. */
export function registerFunctionsView(context: vscode.ExtensionContext, windows: WindowLoader): { tree: LazyTreeDataProvider<TreeNode>; view: vscode.TreeView<TreeNode> } {
  const tree = new LazyTreeDataProvider<TreeNode>(async () => {
    const [ctx, { FunctionsTreeProvider }] = await Promise.all([windows.get(), import('../features/functionsView/functionsTree')]);
    return new FunctionsTreeProvider(ctx.functions);
  });
  const view = vscode.window.createTreeView(Views.functions, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(tree, view);
  return { tree, view };
}

/**
 * The Testing view's "Notte Functions" (saved sets as tests): the controller and its run profiles now,
 * since VS Code needs them to offer ▶; its code (features/testing) on the view's first question for
 * items or the first run.
 */
export function registerTestController(
  context: vscode.ExtensionContext,
  windows: WindowLoader,
): { controller: vscode.TestController; profiles: Map<TestPlace, vscode.TestRunProfile> } {
  const controller = vscode.tests.createTestController(TEST_CONTROLLER_ID, vscode.l10n.t('Notte Functions'));
  let loading: Promise<import('../features/testing/savedSetTests').SavedSetTests> | undefined;
  const tests = () =>
    (loading ??= Promise.all([windows.context(), import('../features/testing/savedSetTests')]).then(([ctx, { savedSetTestsPart }]) =>
      ctx.get(savedSetTestsPart).attach(controller),
    ));
  controller.resolveHandler = (item) => tests().then((t) => t.resolve(item));
  controller.refreshHandler = () => tests().then((t) => t.refresh());
  const profiles = new Map<TestPlace, vscode.TestRunProfile>();
  const kinds: [string, vscode.TestRunProfileKind, TestPlace][] = [
    [vscode.l10n.t('Run on Notte'), vscode.TestRunProfileKind.Run, 'server'],
    [vscode.l10n.t('Run Locally'), vscode.TestRunProfileKind.Run, 'local'],
    [vscode.l10n.t('Debug'), vscode.TestRunProfileKind.Debug, 'debug'],
  ];
  for (const [label, kind, place] of kinds) {
    // A run puts the window in use (the status bar, the Problems entries of failures), as a command does.
    const run = async (request: vscode.TestRunRequest, token: vscode.CancellationToken) => (await Promise.all([windows.get(), tests()]))[1].run(request, token, place);
    profiles.set(place, controller.createRunProfile(label, kind, run, place !== 'local'));
  }
  context.subscriptions.push(controller);
  return { controller, profiles };
}

/** Run documents (read-only text) and function pages restored after a reload: each loads its code on first use. */
export function registerDocumentsAndPages(context: vscode.ExtensionContext, windows: WindowLoader): void {
  const runDocuments = new LazyContentProvider(async () => {
    const [ctx, { RunDocumentProvider }] = await Promise.all([windows.get(), import('../features/functionsView/runDocument')]);
    return ctx.track(new RunDocumentProvider(ctx));
  });
  context.subscriptions.push(runDocuments, vscode.workspace.registerTextDocumentContentProvider(RUN_SCHEME, runDocuments));

  // Function pages kept across a window reload come back through this; the page's code loads only then.
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(Webviews.functionPage, {
      deserializeWebviewPanel: async (panel, state) => {
        const [ctx, { revivePage }] = await Promise.all([windows.get(), import('../features/page/openPage')]);
        revivePage(ctx, panel, state);
      },
    }),
  );
}

/** The author's loop: lenses over `run(...)` (document text and link file only) and the `notte` debug type. */
export function registerAuthoringProviders(context: vscode.ExtensionContext, windows: WindowLoader): void {
  const lenses = new LazyCodeLensProvider(
    async () => {
      const [ctx, { FunctionCodeLensProvider }, { linkStatusBarPart }] = await Promise.all([
        windows.context(),
        import('../features/authoring/codeLens'),
        import('../features/authoring/linkStatusBar'),
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

  // The active editor's context keys (menus, keybindings): with the first Python editor, lenses on or off.
  let editorKeys: Promise<unknown> | undefined;
  const watchEditor = (editor: vscode.TextEditor | undefined) => {
    if (editorKeys || editor?.document.languageId !== 'python') return;
    editorKeys = Promise.all([windows.context(), import('../features/authoring/editorKeys')]).then(([ctx, { editorKeysPart }]) => ctx.get(editorKeysPart));
  };
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(watchEditor));
  watchEditor(vscode.window.activeTextEditor);

  // The `notte` debug type: its provider and adapter factory load on the first debug session.
  const debug = new LazyDebugProvider(async () => {
    const [ctx, { notteDebuggerPart }] = await Promise.all([windows.get(), import('../features/debug/notteDebugger')]);
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
