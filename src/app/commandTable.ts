// Every command of the extension, declared once: its id (src/names.ts), where its handler lives
// (loaded on the command's first call, so activation stays as light as an empty extension's), and
// what it needs before it runs. src/pipeline.ts registers them and runs the checks.
//
// To add a command: its id in src/names.ts and package.json's contributes.commands (the
// contributions unit test fails until both agree), a handler `(ctx: Ctx, ...args) => result` in a
// module of this folder, and one line below. No vscode import here: the unit test reads this table.
import type { Ctx } from '../core/window';
import { CommandId, Commands } from '../shared/contributions';

// Handlers take whatever the caller passes (tree nodes, URIs, ids, JSON) and check it themselves.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type CommandHandler = (ctx: Ctx, ...args: any[]) => unknown;

export interface CommandNeeds {
  /** The command talks to the server: without an API key the user is asked for one first. */
  needsKey?: boolean;
}

export interface CommandSpec extends CommandNeeds {
  id: CommandId;
  /** Loads the handler's module (the first call only: modules are cached) and answers the handler. */
  load(): Promise<CommandHandler>;
}

export function command(id: CommandId, load: () => Promise<CommandHandler>, needs: CommandNeeds = {}): CommandSpec {
  return { id, load, ...needs };
}

const key = { needsKey: true };

export const COMMANDS: readonly CommandSpec[] = [
  command(Commands.setApiKey, () => import('../features/profiles/apiKey').then((m) => m.setApiKey)),
  command(Commands.clearApiKey, () => import('../features/profiles/apiKey').then((m) => m.clearApiKey)),

  command(Commands.refresh, () => import('../features/functionsView/treeCommands').then((m) => m.refresh)),
  command(Commands.loadMore, () => import('../features/functionsView/treeCommands').then((m) => m.loadMore)),
  command(Commands.retry, () => import('../features/functionsView/treeCommands').then((m) => m.retry)),

  command(Commands.runFunction, () => import('../features/runs/runFunction').then((m) => m.runFunction), key),
  command(Commands.runFunctionWithJson, () => import('../features/runs/runFunction').then((m) => m.runFunctionWithJson), key),
  command(Commands.runBatch, () => import('../features/runs/batch').then((m) => m.runBatchCommand), key),
  command(Commands.stopRun, () => import('../features/runs/stopRun').then((m) => m.stopRun), key),
  command(Commands.openRun, () => import('../features/functionsView/openRun').then((m) => m.openRun)),
  command(Commands.openFunctionPage, () => import('../features/page/openPage').then((m) => m.openFunctionPage)),

  command(Commands.createRun, () => import('../features/runs/asyncRuns').then((m) => m.createRun), key),
  command(Commands.startCreatedRun, () => import('../features/runs/asyncRuns').then((m) => m.startCreatedRun), key),
  command(Commands.checkRunStatus, () => import('../features/runs/asyncRuns').then((m) => m.checkRunStatus), key),
  command(Commands.copyRunId, () => import('../features/runs/asyncRuns').then((m) => m.copyRunId)),

  command(Commands.copyAsCurl, () => import('../features/snippets/copySnippet').then((m) => m.copyAs('curl'))),
  command(Commands.copyAsJavaScript, () => import('../features/snippets/copySnippet').then((m) => m.copyAs('javascript'))),
  command(Commands.copyAsPython, () => import('../features/snippets/copySnippet').then((m) => m.copyAs('python'))),
  command(Commands.copyAsHttp, () => import('../features/snippets/copySnippet').then((m) => m.copyAs('http'))),
  command(Commands.copyVariablesJson, () => import('../features/snippets/copySnippet').then((m) => m.copyAs('variables'))),
  command(Commands.copySnippet, () => import('../features/snippets/copySnippet').then((m) => m.copySnippetPicker)),
  command(Commands.copyWebhookUrl, () => import('../features/snippets/copySnippet').then((m) => m.copyWebhookUrl)),

  command(Commands.openLiveSession, () => import('../features/sessions/sessions').then((m) => m.openLiveSession), key),
  command(Commands.openReplay, () => import('../features/sessions/sessions').then((m) => m.openReplay), key),

  command(Commands.schedule, () => import('../features/schedules/schedule').then((m) => m.schedule), key),
  command(Commands.removeSchedule, () => import('../features/schedules/schedule').then((m) => m.removeSchedule), key),

  command(Commands.uploadFunction, () => import('../features/uploads/upload').then((m) => m.uploadFunction), key),
  command(Commands.updateFunctionCode, () => import('../features/uploads/upload').then((m) => m.updateFunctionCode), key),

  command(Commands.runLocally, () => import('../features/runs/localRun').then((m) => m.runLocally), key),
  command(Commands.runFileLocally, () => import('../features/runs/localRun').then((m) => m.runFileLocally)),
  command(Commands.forgetDecryptionKey, () => import('../features/runs/localRun').then((m) => m.forgetDecryptionKey)),

  command(Commands.switchProfile, () => import('../features/profiles/profileCommands').then((m) => m.switchProfile)),
  command(Commands.addProfile, () => import('../features/profiles/profileCommands').then((m) => m.addProfile)),
  command(Commands.removeProfile, () => import('../features/profiles/profileCommands').then((m) => m.removeProfile)),
  command(Commands.openFullLog, () => import('../features/functionsView/fullLog').then((m) => m.openFullLog)),
  command(Commands.startLocalServer, () => import('../features/localServer/localServerCommands').then((m) => m.startServer)),
  command(Commands.stopLocalServer, () => import('../features/localServer/localServerCommands').then((m) => m.stopServer)),

  command(Commands.linkToFunction, () => import('../features/authoring/authoringCommands').then((m) => m.linkToFunction), key),
  command(Commands.unlinkFunction, () => import('../features/authoring/authoringCommands').then((m) => m.unlinkFunction)),
  command(Commands.runOnNotte, () => import('../features/authoring/authoringCommands').then((m) => m.runOnNotte), key),
  // Upload as Function / Update Function Code ask for the key themselves.
  command(Commands.deployFile, () => import('../features/authoring/authoringCommands').then((m) => m.deployFile)),
  command(Commands.openFunctionCode, () => import('../features/authoring/authoringCommands').then((m) => m.openFunctionCode)),
  command(Commands.linkActions, () => import('../features/authoring/authoringCommands').then((m) => m.linkActions)),
  command(Commands.debugFunctionLocally, () => import('../features/debug/debugCommand').then((m) => m.debugFunctionLocally)),
];
