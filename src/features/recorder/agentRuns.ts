// Create Function from Agent Run…: one of the recent agents of Notte's cloud, its code (GET
// /agents/{id}/workflow/code) written into a new function file. The local server has no agents (they
// need Notte's hosted LLM): it says so, and so does this command.
import vscode = require('vscode');
import { isNotteApiError } from '../../api/errors';
import type { AgentSummary } from '../../api/sessionTypes';
import type { ApiKey } from '../../core/apiKey';
import { describeError } from '../../core/ui/errorText';
import type { WindowContext } from '../../core/windowContext';
import { isLoopbackUrl } from '../../shared/loopback';
import { exportNewFile } from './panelExport';

export type AgentRunOutcome = { written: string } | { problem: string } | undefined;

function noAgentsHere(ctx: WindowContext, error: unknown): string | undefined {
  const local = ctx.connection.usingLocalServer || isLoopbackUrl(ctx.connection.baseUrl);
  if (isNotteApiError(error) && (error.status === 501 || (local && error.kind === 'not_found'))) {
    return vscode.l10n.t(
      'The server at {0} has no agents: agents run on Notte\'s cloud (they need its hosted LLM). Switch to a Notte profile ("Notte: Switch Profile") to turn an agent run into a function; here, record one with "Notte: Record a New Function…". ({1})',
      ctx.connection.label,
      describeError(error),
    );
  }
  return undefined;
}

async function pickAgent(agents: AgentSummary[]): Promise<AgentSummary | undefined> {
  const picked = await vscode.window.showQuickPick(
    agents.map((agent) => ({
      label: agent.task ? agent.task.slice(0, 120) : agent.agent_id,
      description: [agent.status, agent.created_at ? new Date(agent.created_at).toLocaleString() : undefined].filter(Boolean).join(' · '),
      detail: agent.agent_id,
      agent,
    })),
    { title: vscode.l10n.t('Create Function from Agent Run'), placeHolder: vscode.l10n.t('An agent run whose steps become a function'), matchOnDetail: true },
  );
  return picked?.agent;
}

/** `notte.newFunctionFromAgentRun`: answers the file written, or the problem shown. */
export async function newFunctionFromAgentRun(ctx: WindowContext, _key: ApiKey): Promise<AgentRunOutcome> {
  const client = ctx.connection.client();
  let agents: AgentSummary[];
  try {
    agents = (await client.sessions.listAgents({ page_size: 20, only_active: false })).items;
  } catch (error) {
    const problem = noAgentsHere(ctx, error) ?? vscode.l10n.t('Could not list the agents on {0}: {1}', ctx.connection.label, describeError(error));
    void vscode.window.showErrorMessage(problem);
    return { problem };
  }
  if (agents.length === 0) {
    const problem = vscode.l10n.t('No agent runs on {0} yet.', ctx.connection.label);
    void vscode.window.showInformationMessage(problem);
    return { problem };
  }
  const agent = await pickAgent(agents);
  if (!agent) return undefined;
  try {
    const code = await client.sessions.agentWorkflowCode(agent.agent_id);
    const uri = await exportNewFile(ctx, [], '', code.python_script);
    return uri ? { written: uri.fsPath } : undefined;
  } catch (error) {
    const problem = vscode.l10n.t('Could not get the code of agent {0}: {1}', agent.agent_id, describeError(error));
    void vscode.window.showErrorMessage(problem);
    return { problem };
  }
}
