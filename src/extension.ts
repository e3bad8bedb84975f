// The extension's entry (dist/extension.js): it only registers contributions, and loads each
// feature's code on first use, so that activating costs about what an empty extension's does
// however many features there are (the bench measures the ratio).
//
// How a feature plugs in (see src/README.md for the longer version):
// - a command: its id in src/names.ts and package.json, a handler `(ctx, ...args)` in a module of
//   src/commands, one line in the table of src/commands/index.ts (with `needsKey` if it talks to
//   the server). Nothing to add here.
// - a view or a provider (tree, text documents, CodeLens…): registered below with a stand-in from
//   src/lazyProviders.ts whose loader imports the real provider on first call, and, if the
//   feature needs the window's services, awaits `ctxs.get()` there.
// - a tool for the editor's agents: its name in src/names.ts (AgentTools) and package.json's
//   contributes.languageModelTools, a module of src/tools, one line in the table of src/tools/index.ts.
// - never `import` a feature module at the top of this file or of src/pipeline.ts (only `import type`):
//   that would load it at activation. dist/ mirrors src/ one module per file (esbuild.js), so an
//   `import()` in a loader is a file read on first use.
import vscode = require('vscode');
import { COMMANDS } from './app/commandTable';
import { Config } from './core/config';
import type { Ctx } from './core/window';
import { LazyCodeLensProvider, LazyContentProvider, LazyDebugProvider, LazyTreeDataProvider } from './app/lazyProviders';
import { AgentToolName, DEBUG_TYPE, RUN_SCHEME, Views, Webviews } from './shared/contributions';
import type { Author } from './core/links/author';
import type { LinkStatusBar } from './features/authoring/linkStatusBar';
import { CtxLoader, registerCommands } from './app/commandPipeline';
import { AgentToolRegistry } from './app/agentToolRegistry';
import type { TreeNode } from './core/functions/nodes';

/** What `activate` hands to other extensions and to the in-editor tests. */
export interface NotteExtensionApi {
  readonly ready: Promise<void>;
  /** The tree's children as the view would show them (root when no element). */
  treeChildren(element?: TreeNode): Promise<TreeNode[]>;
  treeItem(element: TreeNode): vscode.TreeItem;
  /** The last lines written to the "Notte Functions" Output channel. */
  outputLines(): readonly string[];
  activeRunCount(): number;
  connectionBaseUrl(): string;
  /** Keeps a function's decryption key in secret storage, as Run Locally does after asking. */
  storeDecryptionKey(functionId: string, key: string): Promise<void>;
  /** The URL of the local Functions server this window started, if any. */
  localServerUrl(): string | undefined;
  /** Its process id (tests end it to see the view's error state). */
  localServerPid(): number | undefined;
  /** The Functions view's message (why nothing could be loaded), if any. */
  viewMessage(): string | undefined;
  /** For the in-editor tests: a function's open page, if any (loads the page's command module, not the page). */
  functionPage(functionId: string): Promise<import('./features/page/functionPage').FunctionPage | undefined>;
  /** What a language-model tool's prepareInvocation answers (the confirmation an agent shows first). */
  prepareAgentTool(name: AgentToolName, input: unknown): Promise<vscode.PreparedToolInvocation | undefined>;
  /** The status bar's "linked function" text for the active editor, when shown. */
  linkedFunctionStatus(): string | undefined;
  /** What is wrong with the link file of the file's folder, as the message that was shown says it. */
  linkFileProblem(uri: vscode.Uri): Promise<string | undefined>;
}

export function activate(context: vscode.ExtensionContext): NotteExtensionApi {
  // The author's loop (src/author): links of files to functions, what is known of their deployed code,
  // the Problems entries of failed runs. Made on the first Python file with a lens or the first command,
  // without the rest of the Ctx: the lenses read the document and the link file only.
  let linkStatusBar: LinkStatusBar | undefined;
  let authorLoading: Promise<Author> | undefined;
  const author = (): Promise<Author> =>
    (authorLoading ??= (async () => {
      const [{ Author }, { LinkStatusBar }] = await Promise.all([import('./core/links/author'), import('./features/authoring/linkStatusBar')]);
      const made = new Author(context, () => ctxs.current?.connection.baseUrl ?? new Config().apiUrl);
      context.subscriptions.push(made, (linkStatusBar = new LinkStatusBar(made.links)));
      return made;
    })());

  const ctxs: CtxLoader = new CtxLoader(() => buildCtx(context, author, () => view));

  registerCommands(context.subscriptions, ctxs, COMMANDS);

  const tree: LazyTreeDataProvider<TreeNode> = new LazyTreeDataProvider<TreeNode>(async () => {
    const [ctx, { FunctionsTreeProvider }] = await Promise.all([ctxs.get(), import('./features/functionsView/functionsTree')]);
    return new FunctionsTreeProvider(ctx.functions);
  });
  const view: vscode.TreeView<TreeNode> = vscode.window.createTreeView(Views.functions, { treeDataProvider: tree, showCollapseAll: true });
  context.subscriptions.push(tree, view);

  registerDocumentsAndPages(context, ctxs);

  // The agents' tools: registered now, their code (and the Ctx) loaded on the first call.
  const agentTools = new AgentToolRegistry(ctxs);
  context.subscriptions.push(agentTools);

  registerAuthorProviders(context, author, ctxs);

  return {
    ready: Promise.resolve(),
    treeChildren: async (element) => (await tree.getChildren(element)) ?? [],
    // Elements come from treeChildren, which loaded the provider: its answer is there at once.
    treeItem: (element) => tree.getTreeItem(element) as vscode.TreeItem,
    outputLines: () => ctxs.current?.output.recentLines() ?? [],
    activeRunCount: () => ctxs.current?.activeRuns.count ?? 0,
    connectionBaseUrl: () => ctxs.current?.connection.baseUrl ?? new Config().apiUrl,
    localServerUrl: () => ctxs.current?.localServerUrl,
    localServerPid: () => ctxs.current?.localServer.server?.pid,
    viewMessage: () => view.message,
    storeDecryptionKey: async (functionId, key) => (await ctxs.get()).decryptionKeys.set(functionId, key),
    functionPage: async (functionId) => (await import('./features/page/openPage')).loadedFunctionPages()?.find(functionId),
    prepareAgentTool: (name, input) => agentTools.prepare(name, input),
    linkedFunctionStatus: () => linkStatusBar?.text,
    linkFileProblem: async (uri) => (await author()).links.problem(uri),
  };
}

/**
 * The Ctx, and what shows it as soon as it is made: the connection's and the profile's status bar
 * items, the view's description and message (issue 14), the author's loop. Loaded with the Ctx,
 * never at activation.
 */
async function buildCtx(context: vscode.ExtensionContext, author: () => Promise<Author>, view: () => vscode.TreeView<TreeNode>): Promise<Ctx> {
  const [{ Ctx }, { activateStatusBar }, { activateAuthor }, { activateProfileStatus }, { activateViewMessage }, shared] = await Promise.all([
    import('./core/window'),
    import('./features/functionsView/activeRunsStatus'),
    import('./features/authoring/activate'),
    import('./features/profiles/profileStatus'),
    import('./features/functionsView/viewMessage'),
    author(),
  ]);
  const ctx: Ctx = new Ctx(context, shared);
  activateStatusBar(ctx);
  activateAuthor(ctx);
  activateProfileStatus(ctx, view());
  activateViewMessage(ctx, view());
  return ctx;
}

/** Run documents (read-only text) and function pages restored after a reload: each loads its code on first use. */
function registerDocumentsAndPages(context: vscode.ExtensionContext, ctxs: CtxLoader): void {
  const runDocuments = new LazyContentProvider(async () => {
    const [ctx, { RunDocumentProvider }] = await Promise.all([ctxs.get(), import('./features/functionsView/runDocument')]);
    return ctx.track(new RunDocumentProvider(ctx));
  });
  context.subscriptions.push(runDocuments, vscode.workspace.registerTextDocumentContentProvider(RUN_SCHEME, runDocuments));

  // Function pages kept across a window reload come back through this; the page's code loads only then.
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(Webviews.functionPage, {
      deserializeWebviewPanel: async (panel, state) => (await import('./features/page/openPage')).revivePage(await ctxs.get(), panel, state),
    }),
  );
}

/** The author's loop: lenses over `run(...)` (document text and link file only) and the `notte` debug type. */
function registerAuthorProviders(context: vscode.ExtensionContext, author: () => Promise<Author>, ctxs: CtxLoader): void {
  const lenses = new LazyCodeLensProvider(
    async () => {
      const [shared, { FunctionCodeLensProvider }] = await Promise.all([author(), import('./features/authoring/codeLens')]);
      return new FunctionCodeLensProvider(shared.links, shared.deployedCode);
    },
    () => vscode.workspace.getConfiguration('notte').get<boolean>('codeLens.enabled', true),
  );
  context.subscriptions.push(
    lenses,
    vscode.languages.registerCodeLensProvider({ language: 'python', scheme: 'file' }, lenses),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('notte.codeLens.enabled')) lenses.refresh();
    }),
  );

  // The `notte` debug type: its provider and adapter factory load on the first debug session.
  const debug = new LazyDebugProvider(async () => (await import('./features/debug/notteDebugger')).notteDebuggerOf(await ctxs.get()));
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
