// The ids of a function (and of a run) as the service sends them: each under its current name and
// its legacy `workflow_*` name.

export interface FunctionIds {
  function_id: string;
  workflow_id: string;
}

export interface RunIds extends FunctionIds {
  function_run_id: string;
  workflow_run_id: string;
}

export function wireIds(functionId: string): FunctionIds;
export function wireIds(functionId: string, runId: string): RunIds;
export function wireIds(functionId: string, runId?: string): FunctionIds | RunIds {
  const ids = { function_id: functionId, workflow_id: functionId };
  return runId === undefined ? ids : { ...ids, function_run_id: runId, workflow_run_id: runId };
}
