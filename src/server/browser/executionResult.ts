// The ExecutionResult page/execute answers (notte-api.md, "Browser sessions"): an action that failed is an
// answer too (200, success false, its message as `exception`, on which the SDK raises), not an HTTP error.

type Action = Record<string, unknown>;

export function succeededExecution(action: Action, startedAt: string, message: string, data: unknown): Record<string, unknown> {
  return { started_at: startedAt, ended_at: new Date().toISOString(), action, success: true, message, data: data ?? null, exception: null };
}

export function failedExecution(action: Action, startedAt: string, message: string): Record<string, unknown> {
  return { started_at: startedAt, ended_at: new Date().toISOString(), action, success: false, message, data: null, exception: message };
}
