// What the extension's own in-editor tests read (test/suite), behind a door other extensions do not
// get: `activate` answers `testing()` only when VS Code runs the extension's tests (ExtensionMode.Test),
// and this module loads on the first call. None of it is API.
import type vscode = require('vscode');
import type { FunctionPage } from '../features/page/functionPage';
import type { RecorderPanel } from '../features/recorder/recorderPanel';
import type { TreeNode } from '../core/functions/nodes';
import { Config, GuardedSetting } from '../core/config';
import type { AgentToolName } from '../shared/contributions';
import type { AgentToolRegistry } from './agentToolRegistry';
import type { LazyTreeDataProvider } from './lazyProviders';
import type { WindowLoader } from './windowLoader';

export interface TestDoor {
  /** The tree's children as the view would show them (root when no element). */
  treeChildren(element?: TreeNode): Promise<TreeNode[]>;
  treeItem(element: TreeNode): vscode.TreeItem;
  /** The last lines written to the "Notte Functions" Output channel. */
  outputLines(): readonly string[];
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
}

export interface TestDoorParts {
  windows: WindowLoader;
  tree: LazyTreeDataProvider<TreeNode>;
  view: vscode.TreeView<TreeNode>;
  agentTools: AgentToolRegistry;
}

export function createTestDoor({ windows, tree, view, agentTools }: TestDoorParts): TestDoor {
  return {
    treeChildren: async (element) => (await tree.getChildren(element)) ?? [],
    // Elements come from treeChildren, which loaded the provider: its answer is there at once.
    treeItem: (element) => tree.getTreeItem(element) as vscode.TreeItem,
    outputLines: () => windows.current?.output.recentLines() ?? [],
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
  };
}

async function peekLocalServer(windows: WindowLoader) {
  const { localServerPart } = await import('../features/localServer/localServerManager');
  return (await windows.get()).peek(localServerPart)?.server;
}
