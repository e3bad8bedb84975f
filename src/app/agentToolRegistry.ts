// Notte Functions as tools for the editor's agents (VS Code's language-model tool API). Part of
// dist/extension.js (esbuild.js's ACTIVATION_MODULES), so it stays light: it registers the
// tools with handlers that put the window in use and load the tool's module on the first call, and
// makes no request until then. Tool modules never import this file.
import vscode = require('vscode');
import { AGENT_TOOLS_SETTING, AgentToolName, AgentTools } from '../shared/contributions';
import type { WindowLoader } from './windowLoader';
import type { NotteTool } from '../features/agentTools/toolHelpers';

const LOADERS: Record<AgentToolName, () => Promise<NotteTool<unknown>>> = {
  [AgentTools.listFunctions]: () => import('../features/agentTools/listFunctionsTool').then((m) => m.listFunctionsTool as NotteTool<unknown>),
  [AgentTools.runFunction]: () => import('../features/agentTools/runFunctionTool').then((m) => m.runFunctionTool as NotteTool<unknown>),
  [AgentTools.getRun]: () => import('../features/agentTools/getRunTool').then((m) => m.getRunTool as NotteTool<unknown>),
  [AgentTools.stopRun]: () => import('../features/agentTools/stopRunTool').then((m) => m.stopRunTool as NotteTool<unknown>),
  [AgentTools.getSnippet]: () => import('../features/agentTools/getSnippetTool').then((m) => m.getSnippetTool as NotteTool<unknown>),
  [AgentTools.testFunction]: () => import('../features/agentTools/testFunctionTool').then((m) => m.testFunctionTool as NotteTool<unknown>),
  [AgentTools.sessionStart]: () => import('../features/agentTools/sessionLifeTools').then((m) => m.sessionStartTool as NotteTool<unknown>),
  [AgentTools.observe]: () => import('../features/agentTools/sessionTools').then((m) => m.observeTool as NotteTool<unknown>),
  [AgentTools.execute]: () => import('../features/agentTools/sessionTools').then((m) => m.executeTool as NotteTool<unknown>),
  [AgentTools.scrape]: () => import('../features/agentTools/sessionTools').then((m) => m.scrapeTool as NotteTool<unknown>),
  [AgentTools.workflowCode]: () => import('../features/agentTools/sessionLifeTools').then((m) => m.workflowCodeTool as NotteTool<unknown>),
  [AgentTools.sessionStop]: () => import('../features/agentTools/sessionLifeTools').then((m) => m.sessionStopTool as NotteTool<unknown>),
};

/** Tools that change something: they always ask the user first. */
const SIDE_EFFECTS: ReadonlySet<AgentToolName> = new Set([
  AgentTools.runFunction,
  AgentTools.stopRun,
  AgentTools.testFunction,
  AgentTools.sessionStart,
  AgentTools.execute,
  AgentTools.sessionStop,
]);

/**
 * Registers the tools while `notte.agentTools.enabled` is on and unregisters them when it is turned
 * off (the manifest's `when` clause hides them from agents at the same moment).
 */
export class AgentToolRegistry implements vscode.Disposable {
  private registrations: vscode.Disposable[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(private readonly windows: WindowLoader) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(AGENT_TOOLS_SETTING)) this.apply();
    });
    this.apply();
  }

  get registered(): boolean {
    return this.registrations.length > 0;
  }

  /** What the tool's prepareInvocation answers for this input (the confirmation agents show), for tests. */
  async prepare(name: AgentToolName, input: unknown): Promise<vscode.PreparedToolInvocation | undefined> {
    const source = new vscode.CancellationTokenSource();
    try {
      return await this.prepareWith(name, input, source.token);
    } finally {
      source.dispose();
    }
  }

  private apply(): void {
    const enabled = vscode.workspace.getConfiguration().get<boolean>(AGENT_TOOLS_SETTING, true);
    if (enabled && !this.registered) this.register();
    if (!enabled && this.registered) this.unregister();
  }

  private register(): void {
    // VS Code builds without the language-model API (older or stripped ones) simply get no tools.
    if (typeof vscode.lm?.registerTool !== 'function') return;
    for (const name of Object.values(AgentTools)) {
      this.registrations.push(
        vscode.lm.registerTool<unknown>(name, {
          invoke: (options, token) => this.invoke(name, options.input, token),
          prepareInvocation: (options, token) => this.prepareWith(name, options.input, token),
        }),
      );
    }
  }

  private unregister(): void {
    const registrations = this.registrations;
    this.registrations = [];
    registrations.forEach((r) => r.dispose());
  }

  private async invoke(name: AgentToolName, input: unknown, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const [ctx, { answerText, secretsFor }] = await Promise.all([this.windows.get(), import('../features/agentTools/toolAnswer')]);
    let text: string;
    try {
      const tool = await LOADERS[name]();
      text = await tool.invoke(ctx, input, token);
    } catch (error) {
      // A tool that throws would end the agent's turn; an answer lets the model tell the user.
      text = `Error: ${name} failed unexpectedly: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    }
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(answerText(text, await secretsFor(ctx, input)))]);
  }

  private async prepareWith(name: AgentToolName, input: unknown, token: vscode.CancellationToken): Promise<vscode.PreparedToolInvocation | undefined> {
    try {
      const tool = await LOADERS[name]();
      return tool.prepare ? await tool.prepare(await this.windows.get(), input, token) : undefined;
    } catch {
      // A side effect is never run unasked, even when its own message could not be made.
      if (!SIDE_EFFECTS.has(name)) return undefined;
      return { confirmationMessages: { title: `Allow ${name}?`, message: `The agent wants to call ${name} with:\n${JSON.stringify(input, null, 2)}` } };
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.unregister();
  }
}
