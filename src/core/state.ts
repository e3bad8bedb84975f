import vscode = require('vscode');
import { isSecretName } from '../api/redact';

/** Typed access to what the extension remembers between sessions (never secrets). */
export class PersistentState {
  constructor(private readonly memento: vscode.Memento) {}

  lastVariables(functionId: string): Record<string, unknown> {
    return this.memento.get<Record<string, unknown>>(`lastVariables.${functionId}`) ?? {};
  }

  /** Secret-looking variables are left out: the memento is stored in plain text. */
  async rememberVariables(functionId: string, variables: Record<string, unknown>): Promise<void> {
    const kept = Object.fromEntries(Object.entries(variables).filter(([name]) => !isSecretName(name)));
    await this.memento.update(`lastVariables.${functionId}`, kept);
  }
}
