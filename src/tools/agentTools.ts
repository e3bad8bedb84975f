// Notte Functions as tools for the editor's agents (VS Code's language-model tool API). Loaded at
// activation, so it stays light: it registers the five tools with handlers that load their module on
// the first call, and makes no request until then.
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { NotteTool } from './tool';

export const TOOL_NAMES = ['notte_list_functions', 'notte_run_function', 'notte_get_run', 'notte_stop_run', 'notte_get_snippet'] as const;
export type ToolName = (typeof TOOL_NAMES)[number];

const ENABLED_SETTING = 'notte.agentTools.enabled';
/** Tools that change something: they always ask the user first. */
const SIDE_EFFECTS: ReadonlySet<ToolName> = new Set(['notte_run_function', 'notte_stop_run']);

const LOADERS: Record<ToolName, () => Promise<NotteTool<unknown>>> = {
  notte_list_functions: async () => (await import('./listFunctionsTool')).listFunctionsTool,
  notte_run_function: async () => (await import('./runFunctionTool')).runFunctionTool,
  notte_get_run: async () => (await import('./getRunTool')).getRunTool,
  notte_stop_run: async () => (await import('./stopRunTool')).stopRunTool,
  notte_get_snippet: async () => (await import('./getSnippetTool')).getSnippetTool,
};

/**
 * Registers the tools while `notte.agentTools.enabled` is on and unregisters them when it is turned
 * off (the manifest's `when` clause hides them from agents at the same moment).
 */
export class AgentTools implements vscode.Disposable {
  private registrations: vscode.Disposable[] = [];
  private readonly subscription: vscode.Disposable;

  constructor(private readonly ctx: Ctx) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(ENABLED_SETTING)) this.apply();
    });
    this.apply();
  }

  get registered(): boolean {
    return this.registrations.length > 0;
  }

  /** What the tool's prepareInvocation answers for this input (the confirmation agents show), for tests. */
  async prepare(name: ToolName, input: unknown): Promise<vscode.PreparedToolInvocation | undefined> {
    const source = new vscode.CancellationTokenSource();
    try {
      return await this.prepareWith(name, input, source.token);
    } finally {
      source.dispose();
    }
  }

  private apply(): void {
    const enabled = vscode.workspace.getConfiguration().get<boolean>(ENABLED_SETTING, true);
    if (enabled && !this.registered) this.register();
    if (!enabled && this.registered) this.unregister();
  }

  private register(): void {
    // VS Code builds without the language-model API (older or stripped ones) simply get no tools.
    if (typeof vscode.lm?.registerTool !== 'function') return;
    for (const name of TOOL_NAMES) {
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

  private async invoke(name: ToolName, input: unknown, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    const { answerText, secretsFor } = await import('./toolAnswer');
    let text: string;
    try {
      const tool = await LOADERS[name]();
      text = await tool.invoke(this.ctx, input, token);
    } catch (error) {
      // A tool that throws would end the agent's turn; an answer lets the model tell the user.
      text = `Error: ${name} failed unexpectedly: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    }
    return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(answerText(text, await secretsFor(this.ctx, input)))]);
  }

  private async prepareWith(name: ToolName, input: unknown, token: vscode.CancellationToken): Promise<vscode.PreparedToolInvocation | undefined> {
    try {
      const tool = await LOADERS[name]();
      return tool.prepare ? await tool.prepare(this.ctx, input, token) : undefined;
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
