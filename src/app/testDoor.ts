// What the extension's own in-editor tests read (test/suite), behind a door other extensions do not
// get: `activate` answers `testing()` only when VS Code runs the extension's tests (ExtensionMode.Test),
// and this module loads on the first call. None of it is API.
import vscode = require('vscode');
import type { FunctionPage } from '../features/page/functionPage';
import type { RecorderPanel } from '../features/recorder/recorderPanel';
import type { TreeNode } from '../core/functions/nodes';
import { Config, GuardedSetting } from '../core/config';
import { LOG_CHANNEL } from '../core/windowContext';
import type { AgentToolName } from '../shared/contributions';
import type { TestPlace } from '../core/setTests/runSetTests';
import type { AgentToolRegistry } from './agentToolRegistry';
import type { LazyTreeDataProvider } from './lazyProviders';
import type { WindowLoader } from './windowLoader';

export interface TestDoor {
  /** The tree's children as the view would show them (root when no element). */
  treeChildren(element?: TreeNode): Promise<TreeNode[]>;
  treeItem(element: TreeNode): vscode.TreeItem;
  /** The last lines written to the "Notte Runs" Output channel. */
  outputLines(): readonly string[];
  /** The file behind the "Notte Functions" log channel (VS Code writes it), and the channel's level; none before the window is in use. */
  logChannel(): { file: string; level: number } | undefined;
  activeRunCount(): number;
  connectionBaseUrl(): string;
  /** Keeps a function's decryption key in secret storage, as Run Locally does after asking. */
  storeDecryptionKey(functionId: string, key: string): Promise<void>;
  /** The URL and process id of the local Functions server this window started, if any. */
  localServerUrl(): Promise<string | undefined>;
  localServerPid(): Promise<number | undefined>;
  /** The Functions view's message (why nothing could be loaded), if any. */
  viewMessage(): string | undefined;
  /** A function's open page, if any (loads nothing to answer). */
  functionPage(functionId: string): Promise<FunctionPage | undefined>;
  /** The browser panel of a session (or the one shown), if any (loads nothing to answer). */
  recorderPanel(sessionId?: string): Promise<RecorderPanel | undefined>;
  /** What a language-model tool's prepareInvocation answers (the confirmation an agent shows first). */
  prepareAgentTool(name: AgentToolName, input: unknown): Promise<vscode.PreparedToolInvocation | undefined>;
  /** The status bar's "linked function" text for the active editor, when shown. */
  linkedFunctionStatus(): Promise<string | undefined>;
  /** What is wrong with the link file of the file's folder, as the message that was shown says it. */
  linkFileProblem(uri: vscode.Uri): Promise<string | undefined>;
  /** Workspace values of guarded settings the user was asked about ("apiUrl=…"). */
  pendingWorkspaceSettings(): Promise<string[]>;
  /** Answers "Use in This Workspace" for a workspace value, as the user would. */
  acceptWorkspaceSetting(setting: GuardedSetting, value: unknown): Promise<void>;
  /** What the active editor's context keys were last set to (has run(), linked); undefined before the first Python editor. */
  editorContextKeys(): Promise<{ hasRun?: boolean; linked?: boolean } | undefined>;
  /** The Testing view's items of saved sets, as the controller holds them (empty until the view or a run asked). */
  testItems(): TestItemView[];
  /** Runs these items with the profile of `place`, as the Testing view's ▶ does; settles when the run ended. */
  runTests(ids: string[], place: TestPlace): Promise<void>;
  /** What the Test Results view was told of a set's last test in this window. */
  testResult(id: string): Promise<TestResultView | undefined>;
}

export interface TestItemView {
  id: string;
  label: string;
  description?: string;
  file?: string;
  /** 0-based. */
  line?: number;
  error?: string;
  children: TestItemView[];
}

export interface TestResultView {
  state: 'passed' | 'failed' | 'errored';
  status: string;
  runId?: string;
  messages: { text: string; expected?: string; actual?: string; file?: string; line?: number; contextValue?: string }[];
  output: string[];
}

export interface TestDoorParts {
  windows: WindowLoader;
  tree: LazyTreeDataProvider<TreeNode>;
  view: vscode.TreeView<TreeNode>;
  agentTools: AgentToolRegistry;
  tests: { controller: vscode.TestController; profiles: Map<TestPlace, vscode.TestRunProfile> };
}

export function createTestDoor({ windows, tree, view, agentTools, tests }: TestDoorParts): TestDoor {
  return {
    treeChildren: async (element) => (await tree.getChildren(element)) ?? [],
    // Elements come from treeChildren, which loaded the provider: its answer is there at once.
    treeItem: (element) => tree.getTreeItem(element) as vscode.TreeItem,
    outputLines: () => windows.current?.output.recentLines() ?? [],
    logChannel: () => {
      const ctx = windows.current;
      return ctx && { file: vscode.Uri.joinPath(ctx.extension.logUri, `${LOG_CHANNEL}.log`).fsPath, level: ctx.log.logLevel };
    },
    activeRunCount: () => windows.current?.activeRuns.count ?? 0,
    connectionBaseUrl: () => windows.current?.connection.baseUrl ?? new Config().apiUrl,
    storeDecryptionKey: async (functionId, key) => (await windows.get()).decryptionKeys.set(functionId, key),
    localServerUrl: async () => peekLocalServer(windows).then((server) => server?.url),
    localServerPid: async () => peekLocalServer(windows).then((server) => server?.pid),
    viewMessage: () => view.message,
    functionPage: async (functionId) => {
      const { functionPagesPart } = await import('../features/page/functionPages');
      return (await windows.get()).peek(functionPagesPart)?.find(functionId);
    },
    recorderPanel: async (sessionId) => {
      const { recorderPanelsPart } = await import('../features/recorder/recorderPanels');
      const panels = windows.current?.peek(recorderPanelsPart);
      return sessionId ? panels?.find(sessionId) : panels?.shown;
    },
    prepareAgentTool: (name, input) => agentTools.prepare(name, input),
    linkedFunctionStatus: async () => {
      const { linkStatusBarPart } = await import('../features/authoring/linkStatusBar');
      return (await windows.context()).peek(linkStatusBarPart)?.text;
    },
    linkFileProblem: async (uri) => (await windows.context()).linked.links.problem(uri),
    pendingWorkspaceSettings: async () => (await windows.get()).workspaceConsent.pending,
    acceptWorkspaceSetting: async (setting, value) => (await windows.get()).workspaceConsent.accept(setting, value),
    editorContextKeys: async () => {
      const { editorKeysPart } = await import('../features/authoring/editorKeys');
      return (await windows.context()).peek(editorKeysPart)?.setValues;
    },
    testItems: () => itemViews(tests.controller.items),
    runTests: async (ids, place) => {
      const profile = tests.profiles.get(place)!;
      const items = ids.map((id) => findItem(tests.controller.items, id) ?? fail(`no test item ${id}`));
      const source = new vscode.CancellationTokenSource();
      try {
        await profile.runHandler(new vscode.TestRunRequest(items, undefined, profile), source.token);
      } finally {
        source.dispose();
      }
    },
    testResult: async (id) => testResultView(windows, id),
  };
}

/** A set's last test result as the Test Results view was told it, in plain data. */
async function testResultView(windows: WindowLoader, id: string): Promise<TestResultView | undefined> {
  const { savedSetTestsPart } = await import('../features/testing/savedSetTests');
  const result = (await windows.context()).peek(savedSetTestsPart)?.lastResult(id);
  if (!result) return undefined;
  const { outcome } = result;
  const notRun = outcome.verdict.failures.every((f) => f.check === 'setup' || f.check === 'run');
  return {
    state: outcome.verdict.passed ? 'passed' : notRun ? 'errored' : 'failed',
    status: outcome.status,
    runId: outcome.runId,
    output: result.output,
    messages: result.messages.map((m) => ({
      text: typeof m.message === 'string' ? m.message : m.message.value,
      expected: m.expectedOutput,
      actual: m.actualOutput,
      file: m.location?.uri.fsPath,
      line: m.location?.range.start.line,
      contextValue: m.contextValue,
    })),
  };
}

function itemViews(items: vscode.TestItemCollection): TestItemView[] {
  const views: TestItemView[] = [];
  items.forEach((item) =>
    views.push({
      id: item.id,
      label: item.label,
      description: item.description,
      file: item.uri?.fsPath,
      line: item.range?.start.line,
      error: typeof item.error === 'string' ? item.error : item.error?.value,
      children: itemViews(item.children),
    }),
  );
  return views;
}

function findItem(items: vscode.TestItemCollection, id: string): vscode.TestItem | undefined {
  let found: vscode.TestItem | undefined;
  items.forEach((item) => (found ??= item.id === id ? item : findItem(item.children, id)));
  return found;
}

function fail(message: string): never {
  throw new Error(message);
}

async function peekLocalServer(windows: WindowLoader) {
  const { localServerPart } = await import('../features/localServer/localServerManager');
  return (await windows.get()).peek(localServerPart)?.server;
}
