// Every command of the extension, declared once: its id (src/names.ts), where its handler lives
// (loaded on the command's first call, so activation stays as light as an empty extension's), and
// what it needs before it runs. src/pipeline.ts registers them and runs the checks.
//
// To add a command: its id in src/names.ts and package.json's contributes.commands (the
// contributions unit test fails until both agree), a handler `(ctx: Ctx, ...args) => result` in a
// module of this folder, and one line below. No vscode import here: the unit test reads this table.
import type { Ctx } from '../ctx';
import { CommandId, Commands } from '../names';

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
  command(Commands.setApiKey, () => import('./apiKey').then((m) => m.setApiKey)),
  command(Commands.clearApiKey, () => import('./apiKey').then((m) => m.clearApiKey)),

  command(Commands.refresh, () => import('./tree').then((m) => m.refresh)),
  command(Commands.loadMore, () => import('./tree').then((m) => m.loadMore)),
  command(Commands.retry, () => import('./tree').then((m) => m.retry)),

  command(Commands.runFunction, () => import('./runFunction').then((m) => m.runFunction), key),
  command(Commands.runFunctionWithJson, () => import('./runFunction').then((m) => m.runFunctionWithJson), key),
  command(Commands.runBatch, () => import('./batch').then((m) => m.runBatchCommand), key),
  command(Commands.stopRun, () => import('./stopRun').then((m) => m.stopRun), key),
  command(Commands.openRun, () => import('./openRun').then((m) => m.openRun)),
  command(Commands.openFunctionPage, () => import('./functionPage').then((m) => m.openFunctionPage)),

  command(Commands.createRun, () => import('./asyncRuns').then((m) => m.createRun), key),
  command(Commands.startCreatedRun, () => import('./asyncRuns').then((m) => m.startCreatedRun), key),
  command(Commands.checkRunStatus, () => import('./asyncRuns').then((m) => m.checkRunStatus), key),
  command(Commands.copyRunId, () => import('./asyncRuns').then((m) => m.copyRunId)),

  command(Commands.copyAsCurl, () => import('./snippets').then((m) => m.copyAs('curl'))),
  command(Commands.copyAsJavaScript, () => import('./snippets').then((m) => m.copyAs('javascript'))),
  command(Commands.copyAsPython, () => import('./snippets').then((m) => m.copyAs('python'))),
  command(Commands.copyAsHttp, () => import('./snippets').then((m) => m.copyAs('http'))),
  command(Commands.copyVariablesJson, () => import('./snippets').then((m) => m.copyAs('variables'))),
  command(Commands.copySnippet, () => import('./snippets').then((m) => m.copySnippetPicker)),
  command(Commands.copyWebhookUrl, () => import('./snippets').then((m) => m.copyWebhookUrl)),

  command(Commands.openLiveSession, () => import('./sessions').then((m) => m.openLiveSession), key),
  command(Commands.openReplay, () => import('./sessions').then((m) => m.openReplay), key),

  command(Commands.schedule, () => import('./schedule').then((m) => m.schedule), key),
  command(Commands.removeSchedule, () => import('./schedule').then((m) => m.removeSchedule), key),

  command(Commands.uploadFunction, () => import('./upload').then((m) => m.uploadFunction), key),
  command(Commands.updateFunctionCode, () => import('./upload').then((m) => m.updateFunctionCode), key),

  command(Commands.runLocally, () => import('./localRun').then((m) => m.runLocally), key),
  command(Commands.runFileLocally, () => import('./localRun').then((m) => m.runFileLocally)),
  command(Commands.forgetDecryptionKey, () => import('./localRun').then((m) => m.forgetDecryptionKey)),

  command(Commands.switchProfile, () => import('../profiles/profileCommands').then((m) => m.switchProfile)),
  command(Commands.addProfile, () => import('../profiles/profileCommands').then((m) => m.addProfile)),
  command(Commands.removeProfile, () => import('../profiles/profileCommands').then((m) => m.removeProfile)),
  command(Commands.openFullLog, () => import('./fullLog').then((m) => m.openFullLog)),
  command(Commands.startLocalServer, () => import('./localServer').then((m) => m.startServer)),
  command(Commands.stopLocalServer, () => import('./localServer').then((m) => m.stopServer)),

  command(Commands.linkToFunction, () => import('../author/commands').then((m) => m.linkToFunction), key),
  command(Commands.unlinkFunction, () => import('../author/commands').then((m) => m.unlinkFunction)),
  command(Commands.runOnNotte, () => import('../author/commands').then((m) => m.runOnNotte), key),
  // Upload as Function / Update Function Code ask for the key themselves.
  command(Commands.deployFile, () => import('../author/commands').then((m) => m.deployFile)),
  command(Commands.openFunctionCode, () => import('../author/commands').then((m) => m.openFunctionCode)),
  command(Commands.linkActions, () => import('../author/commands').then((m) => m.linkActions)),
  command(Commands.debugFunctionLocally, () => import('../debug/debugCommand').then((m) => m.debugFunctionLocally)),
];
