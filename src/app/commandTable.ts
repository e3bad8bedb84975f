// Every command of the extension, declared once: its id (src/shared/contributions.ts), the feature
// module its handler lives in (loaded on the command's first call, so activation stays as light as an
// empty extension's), and whether it talks to the server (`keyed`: it runs only with an API key, which
// it receives). app/commandPipeline.ts registers them and runs the checks.
//
// To add a command: its id in src/shared/contributions.ts and package.json's contributes.commands (the
// contributions unit test fails until both agree), a handler in its feature's folder, one line below.
// No vscode import here: the unit test reads this table.
import type { ApiKey } from '../core/apiKey';
import type { WindowContext } from '../core/windowContext';
import { CommandId, Commands } from '../shared/contributions';

// Handlers take whatever the caller passes (tree nodes, URIs, ids, JSON) and read it with
// core/commandArgs.ts.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandHandler = (ctx: WindowContext, ...args: any[]) => unknown;
/** A command that talks to the server: it runs only once the active profile has a key, and gets it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KeyedHandler = (ctx: WindowContext, key: ApiKey, ...args: any[]) => unknown;

export type CommandSpec = { id: CommandId; keyed: false; load(): Promise<CommandHandler> } | { id: CommandId; keyed: true; load(): Promise<KeyedHandler> };

/** A command; `load` answers its handler (the first call only: modules are cached). */
export function command(id: CommandId, load: () => Promise<CommandHandler>): CommandSpec {
  return { id, keyed: false, load };
}

/** A command that talks to the server: without an API key the user is asked for one first, and it does not run without. */
export function keyed(id: CommandId, load: () => Promise<KeyedHandler>): CommandSpec {
  return { id, keyed: true, load };
}

const profiles = () => import('../features/profiles/profileCommands');
const apiKeys = () => import('../features/profiles/apiKey');
const tree = () => import('../features/functionsView/treeCommands');
const runs = () => import('../features/runs/runFunction');
const asyncRuns = () => import('../features/runs/asyncRuns');
const localRuns = () => import('../features/runs/localRun');
const snippets = () => import('../features/snippets/copySnippet');
const sessions = () => import('../features/sessions/sessions');
const schedules = () => import('../features/schedules/schedule');
const uploads = () => import('../features/uploads/upload');
const localServer = () => import('../features/localServer/localServerCommands');
const authoring = () => import('../features/authoring/authoringCommands');
const tests = () => import('../features/testing/testCommands');
const recorder = () => import('../features/recorder/recorderCommands');

export const COMMANDS: readonly CommandSpec[] = [
  command(Commands.setApiKey, () => apiKeys().then((m) => m.setApiKey)),
  command(Commands.clearApiKey, () => apiKeys().then((m) => m.clearApiKey)),
  command(Commands.switchProfile, () => profiles().then((m) => m.switchProfile)),
  command(Commands.addProfile, () => profiles().then((m) => m.addProfile)),
  command(Commands.removeProfile, () => profiles().then((m) => m.removeProfile)),

  command(Commands.refresh, () => tree().then((m) => m.refresh)),
  command(Commands.loadMore, () => tree().then((m) => m.loadMore)),
  command(Commands.retry, () => tree().then((m) => m.retry)),
  command(Commands.openRun, () => import('../features/functionsView/openRun').then((m) => m.openRun)),
  command(Commands.openFullLog, () => import('../features/functionsView/fullLog').then((m) => m.openFullLog)),
  command(Commands.openFunctionPage, () => import('../features/page/openPage').then((m) => m.openFunctionPage)),

  keyed(Commands.runFunction, () => runs().then((m) => m.runFunction)),
  keyed(Commands.runFunctionWithJson, () => runs().then((m) => m.runFunctionWithJson)),
  keyed(Commands.runBatch, () => import('../features/runs/batch').then((m) => m.runBatchCommand)),
  keyed(Commands.stopRun, () => import('../features/runs/stopRun').then((m) => m.stopRun)),
  keyed(Commands.createRun, () => asyncRuns().then((m) => m.createRun)),
  keyed(Commands.startCreatedRun, () => asyncRuns().then((m) => m.startCreatedRun)),
  keyed(Commands.checkRunStatus, () => asyncRuns().then((m) => m.checkRunStatus)),
  command(Commands.copyRunId, () => asyncRuns().then((m) => m.copyRunId)),
  keyed(Commands.runLocally, () => localRuns().then((m) => m.runLocally)),
  command(Commands.runFileLocally, () => localRuns().then((m) => m.runFileLocally)),
  command(Commands.forgetDecryptionKey, () => localRuns().then((m) => m.forgetDecryptionKey)),

  command(Commands.copyAsCurl, () => snippets().then((m) => m.copyAs('curl'))),
  command(Commands.copyAsJavaScript, () => snippets().then((m) => m.copyAs('javascript'))),
  command(Commands.copyAsPython, () => snippets().then((m) => m.copyAs('python'))),
  command(Commands.copyAsHttp, () => snippets().then((m) => m.copyAs('http'))),
  command(Commands.copyVariablesJson, () => snippets().then((m) => m.copyAs('variables'))),
  command(Commands.copySnippet, () => snippets().then((m) => m.copySnippetPicker)),
  command(Commands.copyWebhookUrl, () => snippets().then((m) => m.copyWebhookUrl)),

  keyed(Commands.openLiveSession, () => sessions().then((m) => m.openLiveSession)),
  keyed(Commands.openReplay, () => sessions().then((m) => m.openReplay)),

  keyed(Commands.schedule, () => schedules().then((m) => m.schedule)),
  keyed(Commands.removeSchedule, () => schedules().then((m) => m.removeSchedule)),

  keyed(Commands.uploadFunction, () => uploads().then((m) => m.uploadFunction)),
  keyed(Commands.updateFunctionCode, () => uploads().then((m) => m.updateFunctionCode)),

  command(Commands.startLocalServer, () => localServer().then((m) => m.startServer)),
  command(Commands.stopLocalServer, () => localServer().then((m) => m.stopServer)),

  keyed(Commands.linkToFunction, () => authoring().then((m) => m.linkToFunction)),
  command(Commands.unlinkFunction, () => authoring().then((m) => m.unlinkFunction)),
  keyed(Commands.runOnNotte, () => authoring().then((m) => m.runOnNotte)),
  // Deploy hands over to Upload as Function or Update Function Code, which ask for the key themselves.
  command(Commands.deployFile, () => authoring().then((m) => m.deployFile)),
  command(Commands.openFunctionCode, () => authoring().then((m) => m.openFunctionCode)),
  command(Commands.linkActions, () => authoring().then((m) => m.linkActions)),
  command(Commands.newFunction, () => import('../features/authoring/newFunction').then((m) => m.newFunction)),
  command(Commands.debugFunctionLocally, () => import('../features/debug/debugCommand').then((m) => m.debugFunctionLocally)),

  command(Commands.saveAsExpected, () => tests().then((m) => m.saveAsExpected)),
  command(Commands.openTestRun, () => tests().then((m) => m.openTestRun)),
  command(Commands.openTestRunPage, () => tests().then((m) => m.openTestRunPage)),
  command(Commands.openTestReplay, () => tests().then((m) => m.openTestReplay)),
  keyed(Commands.recordNewFunction, () => recorder().then((m) => m.recordNewFunction)),
  keyed(Commands.recordAtCursor, () => recorder().then((m) => m.recordAtCursor)),
  keyed(Commands.pickElement, () => recorder().then((m) => m.pickElement)),
  keyed(Commands.openBrowserSession, () => recorder().then((m) => m.openBrowserSession)),
  keyed(Commands.recordFromHere, () => import('../features/recorder/recordFromHere').then((m) => m.recordFromHere)),
  keyed(Commands.newFunctionFromAgentRun, () => import('../features/recorder/agentRuns').then((m) => m.newFunctionFromAgentRun)),
  command(Commands.showLogs, () => import('../core/ui/showLogs').then((m) => m.showLogs)),
];
