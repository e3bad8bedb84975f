import vscode = require('vscode');
import { Config, WorkspaceSettingConsent } from './config';
import { Connection } from './connection';
import { FunctionsModel } from './functions/functionsModel';
import { LinkedFunctions } from './links/linkedFunctions';
import { ProfileStore } from './profiles';
import { RunOutput } from './runOutput';
import { ActiveRuns } from './runs/activeRuns';
import { RunLauncher } from './runs/launcher';
import { StoppedRuns } from './runs/stoppedRuns';
import { SavedSetsStore } from './savedSetsStore';
import { ApiKeyStore, DecryptionKeyStore } from './secrets';
import { PersistentState } from './state';
import { GeneratedDocuments } from './ui/generatedDocument';

/**
 * One object of a window, made the first time something asks for it, once per window, and disposed
 * with the window. The window's services are parts (below); so is each feature's own per-window
 * object (its page registry, its debugger, its local server): `export const myPart = windowPart(…)`
 * in the feature, `ctx.get(myPart)` where it is needed. There is no other way to hold a window's
 * objects: no module-level state, no closures in extension.ts.
 */
/** The Output channels' names, as the Output view's list shows them. */
export const LOG_CHANNEL = 'Notte Functions';
export const RUNS_CHANNEL = 'Notte Runs';

export interface WindowPart<T> {
  readonly name: string;
  make(ctx: WindowContext): T;
}

export function windowPart<T>(name: string, make: (ctx: WindowContext) => T): WindowPart<T> {
  return { name, make };
}

const CONSENT = windowPart('accepted workspace settings', (ctx) => new WorkspaceSettingConsent(ctx.extension.workspaceState));
const CONFIG = windowPart('settings', (ctx) => new Config(ctx.get(CONSENT)));
const API_KEYS = windowPart('API keys', (ctx) => new ApiKeyStore(ctx.extension.secrets));
const DECRYPTION_KEYS = windowPart('decryption keys', (ctx) => new DecryptionKeyStore(ctx.extension.secrets));
const PROFILES = windowPart('profiles', (ctx) => new ProfileStore(ctx.extension.globalState, ctx.extension.secrets, ctx.config, ctx.keys));
const CONNECTION = windowPart('connection', (ctx) => new Connection(ctx.config, ctx.keys, ctx.version, ctx.profiles, ctx.log));
// The extension's own log, with levels (Developer: Set Log Level…): its warnings and errors, and at
// `trace` every API exchange, for a user to attach to a report. A run's lines are not in it: they go to
// the runs channel below, whose lines keep the time the function wrote them and arrive in batches at
// most 4 times a second (a LogOutputChannel stamps every append once, with the time of the append).
const LOG = windowPart('log channel', () => vscode.window.createOutputChannel(LOG_CHANNEL, { log: true }));
const OUTPUT = windowPart('runs channel', (ctx) => new RunOutput(vscode.window.createOutputChannel(RUNS_CHANNEL, 'log'), ctx.extension.logUri.fsPath, undefined, ctx.log));
const ACTIVE_RUNS = windowPart('active runs', () => new ActiveRuns());
const STOPPED_RUNS = windowPart('stopped runs', (ctx) => new StoppedRuns(ctx.extension.globalState));
const FUNCTIONS = windowPart(
  'functions and runs',
  (ctx) =>
    new FunctionsModel(
      ctx.connection,
      ctx.config,
      (runId) => ctx.activeRuns.followed(runId),
      (runId) => ctx.stoppedRuns.has(runId),
    ),
);
const STATE = windowPart('remembered values', (ctx) => new PersistentState(ctx.extension.globalState));
const LINKED = windowPart('linked files', (ctx) => new LinkedFunctions(ctx.extension.workspaceState, () => ctx.connection.baseUrl));
const LAUNCHER = windowPart('run launcher', (ctx) => new RunLauncher(ctx));
const SAVED_SETS = windowPart('saved variable sets', () => new SavedSetsStore());
const DOCUMENTS = windowPart('generated documents', () => new GeneratedDocuments());

/**
 * Everything of this window that commands, views and features use, each made on first use (so a
 * command that never talks to the server builds no connection) and disposed with the extension.
 * Built by app/ on the first command, view, lens or tool, never at activation.
 */
export class WindowContext {
  private readonly made = new Map<WindowPart<unknown>, unknown>();
  /** The extension's version, from its own package.json (sent to the server as the client's). */
  readonly version: string;

  constructor(readonly extension: vscode.ExtensionContext) {
    this.version = String((extension.extension.packageJSON as { version?: unknown }).version ?? 'unknown');
  }

  /** The window's one `part`, made (and its disposal tracked) the first time it is asked for. */
  get<T>(part: WindowPart<T>): T {
    if (this.made.has(part)) return this.made.get(part) as T;
    const value = part.make(this);
    this.made.set(part, value);
    if (isDisposable(value)) this.track(value);
    return value;
  }

  /** The part if it was made already; makes nothing. */
  peek<T>(part: WindowPart<T>): T | undefined {
    return this.made.get(part) as T | undefined;
  }

  /** Disposes `disposable` with the window. */
  track<T extends vscode.Disposable>(disposable: T): T {
    this.extension.subscriptions.push(disposable);
    return disposable;
  }

  get config(): Config {
    return this.get(CONFIG);
  }

  /** What the user said of this workspace's values of the settings that can send the key elsewhere. */
  get workspaceConsent(): WorkspaceSettingConsent {
    return this.get(CONSENT);
  }

  get keys(): ApiKeyStore {
    return this.get(API_KEYS);
  }

  get decryptionKeys(): DecryptionKeyStore {
    return this.get(DECRYPTION_KEYS);
  }

  get profiles(): ProfileStore {
    return this.get(PROFILES);
  }

  /** The API client of the active profile, and the key it uses. */
  get connection(): Connection {
    return this.get(CONNECTION);
  }

  /** The "Notte Runs" channel: every run's lines, and what a batch or a run launcher says around them. */
  get output(): RunOutput {
    return this.get(OUTPUT);
  }

  /** The extension's log ("Notte Functions", with levels): what went wrong outside a run, and API calls at trace. */
  get log(): vscode.LogOutputChannel {
    return this.get(LOG);
  }

  /** Runs started from this window that have not finished. */
  get activeRuns(): ActiveRuns {
    return this.get(ACTIVE_RUNS);
  }

  /** Runs a person stopped from this editor (kept across reloads). */
  get stoppedRuns(): StoppedRuns {
    return this.get(STOPPED_RUNS);
  }

  /** What is known of the server's functions and runs; the Functions view draws it. */
  get functions(): FunctionsModel {
    return this.get(FUNCTIONS);
  }

  get state(): PersistentState {
    return this.get(STATE);
  }

  /** The workspace's files linked to functions, and what is known of their deployed code. */
  get linked(): LinkedFunctions {
    return this.get(LINKED);
  }

  /** The one way every run starts, and how each ended (onDidFinishRun). */
  get launcher(): RunLauncher {
    return this.get(LAUNCHER);
  }

  get savedSets(): SavedSetsStore {
    return this.get(SAVED_SETS);
  }

  /** Read-only documents the extension writes (a batch's summary, a comparison of two runs). */
  get documents(): GeneratedDocuments {
    return this.get(DOCUMENTS);
  }
}

function isDisposable(value: unknown): value is vscode.Disposable {
  return !!value && typeof (value as { dispose?: unknown }).dispose === 'function';
}
