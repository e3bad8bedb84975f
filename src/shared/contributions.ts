// Every name the extension shares with package.json: command ids, view ids, context keys and the
// run document's URI scheme. Written once here; test/unit/extension/contributions.test.ts checks
// that package.json contributes exactly these (no contribution without a handler, no handler
// without a contribution). No vscode import, so the unit test can read it on Node.

export const Commands = {
  setApiKey: 'notte.setApiKey',
  clearApiKey: 'notte.clearApiKey',
  refresh: 'notte.refresh',
  loadMore: 'notte.loadMore',
  retry: 'notte.retry',
  runFunction: 'notte.runFunction',
  runFunctionWithJson: 'notte.runFunctionWithJson',
  stopRun: 'notte.stopRun',
  openRun: 'notte.openRun',
  copyAsCurl: 'notte.copyAsCurl',
  copyAsJavaScript: 'notte.copyAsJavaScript',
  copyAsPython: 'notte.copyAsPython',
  copyAsHttp: 'notte.copyAsHttp',
  copyVariablesJson: 'notte.copyVariablesJson',
  copySnippet: 'notte.copySnippet',
  copyWebhookUrl: 'notte.copyWebhookUrl',
  copyRunId: 'notte.copyRunId',
  createRun: 'notte.createRun',
  startCreatedRun: 'notte.startCreatedRun',
  checkRunStatus: 'notte.checkRunStatus',
  runBatch: 'notte.runBatch',
  openLiveSession: 'notte.openLiveSession',
  openReplay: 'notte.openReplay',
  schedule: 'notte.schedule',
  removeSchedule: 'notte.removeSchedule',
  uploadFunction: 'notte.uploadFunction',
  updateFunctionCode: 'notte.updateFunctionCode',
  runLocally: 'notte.runLocally',
  runFileLocally: 'notte.runFileLocally',
  forgetDecryptionKey: 'notte.forgetDecryptionKey',
  startLocalServer: 'notte.startLocalServer',
  stopLocalServer: 'notte.stopLocalServer',
  switchProfile: 'notte.switchProfile',
  addProfile: 'notte.addProfile',
  removeProfile: 'notte.removeProfile',
  openFullLog: 'notte.openFullLog',
  // The author's loop: a function's own file (src/author, src/debug).
  linkToFunction: 'notte.linkToFunction',
  unlinkFunction: 'notte.unlinkFunction',
  runOnNotte: 'notte.runOnNotte',
  deployFile: 'notte.deployFile',
  debugFunctionLocally: 'notte.debugFunctionLocally',
  openFunctionCode: 'notte.openFunctionCode',
  linkActions: 'notte.linkActions',
  openFunctionPage: 'notte.openFunctionPage',
  // The first hour: a new function file from the template (features/authoring/newFunction.ts).
  newFunction: 'notte.newFunction',
  // Saved sets as tests (src/features/testing): on a set's test or its result.
  saveAsExpected: 'notte.testing.saveAsExpected',
  openTestRun: 'notte.testing.openRun',
  openTestRunPage: 'notte.testing.openFunctionPage',
  openTestReplay: 'notte.testing.openReplay',
  // Generate, then edit (src/features/recorder): the browser panel and what records into code.
  recordNewFunction: 'notte.recordNewFunction',
  recordAtCursor: 'notte.recordAtCursor',
  recordFromHere: 'notte.recordFromHere',
  pickElement: 'notte.pickElement',
  openBrowserSession: 'notte.openBrowserSession',
  newFunctionFromAgentRun: 'notte.newFunctionFromAgentRun',
  // The extension's log channel, with levels (core/windowContext.ts).
  showLogs: 'notte.showLogs',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];

export const Views = {
  container: 'notte',
  functions: 'notte.functions',
} as const;

/** The command VS Code itself contributes for every view (focuses it). */
export const FOCUS_FUNCTIONS_VIEW = `${Views.functions}.focus`;

/** Webview types (also in package.json's activationEvents, for the serializer). */
export const Webviews = {
  functionPage: 'notte.functionPage',
  recorder: 'notte.browserPanel',
} as const;

/** The Testing view's controller of saved sets as tests (its id is in `controllerId` of the testing menus' `when`). */
export const TEST_CONTROLLER_ID = 'notte.savedSets';

/** The contextValue of a test message about a result (`testMessage == …` offers Save as Expected on it). */
export const TEST_RESULT_MESSAGE = 'notte.result';

export const Submenus = {
  copyAs: 'notte.copyAs',
  /** The editor's context menu entries of a function file, under one "Notte" entry. */
  editor: 'notte.editor',
} as const;

/** Keys of `when` clauses the extension sets with `setContext`. */
export const ContextKeys = {
  hasApiKey: 'notte.hasApiKey',
  functionsEmpty: 'notte.functionsEmpty',
  localServerRunning: 'notte.localServerRunning',
  /** The active profile is the "Local server" one. */
  profileIsLocal: 'notte.profileIsLocal',
  /** The active editor is a Python file with a top-level `def run(` (features/authoring/editorKeys.ts). */
  editorHasRun: 'notte.editorHasRun',
  /** The active editor's file is linked to a function of the current server (.notte/functions.json). */
  editorLinked: 'notte.editorLinked',
  /** A run of this window ended by itself (closed or failed, not stopped): the walkthrough's Run step is done. */
  ranAFunction: 'notte.ranAFunction',
  /** A function was uploaded or updated from this window: the walkthrough's Deploy step is done. */
  deployedAFunction: 'notte.deployedAFunction',
  /** A `notte` debug session of this window stopped (a breakpoint, a step): the walkthrough's Debug step is done. */
  debugStopped: 'notte.debugStopped',
} as const;

export type ContextKey = (typeof ContextKeys)[keyof typeof ContextKeys];

/** The Get Started walkthrough (package.json's contributes.walkthroughs), by its id in the manifest. */
export const WALKTHROUGH_ID = 'notte.getStarted';

/** The globalState flag that says the walkthrough was opened once (app/firstRun.ts): never by itself again. */
export const WALKTHROUGH_SHOWN = 'notte.walkthroughShown';

/** URI scheme of the read-only run documents (features/functionsView/runDocument.ts). */
export const RUN_SCHEME = 'notte-run';

export const STATUS_BAR_ID = 'notte.activeRuns';

/** The language-model tools offered to the editor's agents (package.json's contributes.languageModelTools). */
export const AgentTools = {
  listFunctions: 'notte_list_functions',
  runFunction: 'notte_run_function',
  getRun: 'notte_get_run',
  stopRun: 'notte_stop_run',
  getSnippet: 'notte_get_snippet',
  testFunction: 'notte_test_function',
  sessionStart: 'notte_session_start',
  observe: 'notte_observe',
  execute: 'notte_execute',
  scrape: 'notte_scrape',
  workflowCode: 'notte_workflow_code',
  sessionStop: 'notte_session_stop',
} as const;

export type AgentToolName = (typeof AgentTools)[keyof typeof AgentTools];

/** Offers the agent tools, or unregisters them; each tool's manifest `when` is `config.` + this. */
export const AGENT_TOOLS_SETTING = 'notte.agentTools.enabled';

export const LINKED_STATUS_BAR_ID = 'notte.linkedFunction';

/** The debug type of package.json's debuggers contribution (features/debug). */
export const DEBUG_TYPE = 'notte';

/** Shows the lenses over `run(...)` (package.json's notte.codeLens.enabled). */
export const LENS_SETTING = 'notte.codeLens.enabled';
