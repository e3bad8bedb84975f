// Wire types of the Notte Functions API (see the contract in shared/notte-api.md).
// Shared by the client and by the local Functions server, so both speak one language.
// Every answer may carry fields we do not know yet: they pass through untouched.

export type RunStatus = 'created' | 'active' | 'closed' | 'failed' | (string & {});

/** Statuses after which a run never changes again. */
export const TERMINAL_RUN_STATUSES: ReadonlySet<string> = new Set(['closed', 'failed', 'stopped']);

export function isTerminalStatus(status: string | undefined): boolean {
  return status !== undefined && TERMINAL_RUN_STATUSES.has(status);
}

/** The four states the UI tells apart (menus, icons, pickers): still running, waiting to start, ended well, ended badly. */
export type RunState = 'active' | 'created' | 'closed' | 'failed';

export function runState(status: string): RunState {
  if (status === 'created') return 'created';
  if (status === 'failed') return 'failed';
  if (isTerminalStatus(status)) return 'closed';
  return 'active';
}

/** How a function is named to a person: its name, else its id. */
export function functionLabel(fn: { function_id: string; name?: string | null }): string {
  return fn.name || fn.function_id;
}

/** Variables as commands accept them from callers: a plain JSON object (not null, not an array). */
export function isVariables(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}

/** One parameter of a function's `run(...)`: type and default are Python source text, or null. */
export interface FunctionVariable {
  name: string;
  type?: string | null;
  default?: string | null;
}

/** Whether run(...) has a default for the parameter (without one, a call must give it). */
export function hasDefault(variable: FunctionVariable): variable is FunctionVariable & { default: string } {
  return variable.default !== undefined && variable.default !== null;
}

export interface NotteFunction {
  function_id: string;
  workflow_id?: string;
  name?: string | null;
  description?: string | null;
  variables?: FunctionVariable[] | null;
  created_at: string;
  updated_at: string;
  latest_version?: string | null;
  versions?: string[];
  status?: string;
  shared?: boolean;
  reference_workflow_id?: string | null;
  /** Only on GET /functions/{id}: where the code can be downloaded (maybe encrypted). */
  url?: string | null;
  [extra: string]: unknown;
}

/** What names a run on the wire; every answer about a run starts with these. */
export interface RunIds {
  function_id: string;
  function_run_id: string;
  workflow_id?: string;
  workflow_run_id?: string;
  [extra: string]: unknown;
}

export interface FunctionRun extends RunIds {
  created_at: string;
  updated_at: string;
  status: RunStatus;
  session_id?: string | null;
  logs: string[];
  variables: Record<string, unknown>;
  result: string | null;
  local: boolean;
}

export interface Page<T> {
  items: T[];
  page: number;
  page_size: number;
  has_next: boolean;
  has_previous: boolean;
  [extra: string]: unknown;
}

export interface ListQuery {
  page?: number;
  page_size?: number;
  only_active?: boolean;
}

export interface CreateRunRequest {
  local: boolean;
}

export interface CreateRunResponse extends RunIds {
  created_at: string;
  status: 'created' | (string & {});
}

/** Body of POST /functions/{id}/runs/{run_id}: start a created run. */
export interface StartCreatedRunRequest {
  variables: Record<string, unknown>;
  stream: boolean;
  workflow_id?: string;
  workflow_run_id?: string;
}

/** Body of POST /functions/{id}/runs/start: create and start in one call. */
export interface StartRunRequest {
  function_id?: string;
  workflow_id?: string;
  variables: Record<string, unknown>;
  stream: boolean;
}

/** The final object of a start (the non-streamed answer, or the `result` event's message). */
export interface RunResult extends RunIds {
  session_id: string | null;
  result: unknown;
  status: RunStatus;
}

export interface StopRunResponse extends RunIds {
  updated_at: string;
  status: 'stopped' | (string & {});
}

/** The local server's answer to POST /functions/{id}/runs/{run_id}/key: what the run's Python needs. */
export interface RunKeyResponse {
  api_key: string;
  api_url: string;
}

export interface UpdateRunRequest {
  status?: RunStatus;
  result?: string | null;
  logs?: string[];
  variables?: Record<string, unknown>;
  session_id?: string | null;
}

export interface UpdateRunResponse extends RunIds {
  updated_at: string;
  status: 'updated' | (string & {});
}

export interface DeleteFunctionResponse {
  status: 'success' | 'failure' | (string & {});
  message: string;
}

export interface ScheduleRequest {
  cron: string;
  variables?: Record<string, unknown>;
}

export interface ScheduleResponse {
  status: string;
  [extra: string]: unknown;
}

export interface SessionStatus {
  session_id?: string;
  status?: string;
  viewer_url?: string | null;
  /** When the session started (ISO 8601): a replay's video_start_ms counts from here. */
  created_at?: string | null;
  [extra: string]: unknown;
}

export interface SessionReplay {
  mp4_url?: string | null;
  playlist_content?: string | null;
  expires_at?: string | null;
  video_start_ms?: number | null;
  video_duration_ms?: number | null;
  [extra: string]: unknown;
}

/** One Server-Sent Event of a streamed start: `data: {type, message}`. */
export interface StreamEvent {
  type: 'log' | 'session_start' | 'result' | (string & {});
  message: string;
}

/** Error body of the service: a 422's detail is a list of {loc, msg, type}. */
export interface ValidationIssue {
  loc: (string | number)[];
  msg: string;
  type: string;
}

export interface ErrorBody {
  message?: string;
  detail?: string | ValidationIssue[] | unknown;
}
