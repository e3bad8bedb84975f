// Wire types of Notte's browser-sessions API (shared/notte-api.md, "Browser sessions"): what the
// recorder, the agents' session tools and the local server's tests read. Unknown fields pass through.
import type { SessionStatus } from './types';

/** Body of POST /sessions/start; every field optional (the server's defaults apply). */
export interface SessionStartRequest {
  headless?: boolean;
  max_duration_minutes?: number;
  idle_timeout_minutes?: number;
  viewport_width?: number;
  viewport_height?: number;
  [extra: string]: unknown;
}

/** A session as the service describes it (start, status, list). */
export interface BrowserSession extends SessionStatus {
  session_id: string;
  status: string;
  created_at: string;
  last_accessed_at?: string;
  idle_timeout_minutes?: number;
  max_duration_minutes?: number;
  closed_at?: string | null;
  error?: string | null;
  /** The local server's: the run whose key started it. */
  run_id?: string | null;
}

/** What names an element: a string, or the SDK's NodeSelectors. */
export interface NodeSelectors {
  css_selector?: string;
  xpath_selector?: string;
  playwright_selector?: string | null;
  notte_selector?: string;
  in_iframe?: boolean;
  in_shadow_root?: boolean;
  iframe_parent_css_selectors?: string[];
  [extra: string]: unknown;
}

/** One action observe lists: its id (L1, B2, I3…), what it does, its element's description and selectors. */
export interface InteractionAction {
  type: string;
  id: string;
  category?: string;
  /** The element as HTML (`<input name="email" …/>`). */
  description?: string;
  selector?: NodeSelectors | string | null;
  text_label?: string | null;
  value?: unknown;
  [extra: string]: unknown;
}

/** An element's box in the viewport's CSS pixels. */
export interface ElementBox {
  x: number;
  y: number;
  width: number;
  height: number;
  notte_id: string;
  viewport_width?: number;
  viewport_height?: number;
  [extra: string]: unknown;
}

export interface Observation {
  metadata: {
    title: string;
    url: string;
    viewport?: { viewport_width: number; viewport_height: number; scroll_x?: number; scroll_y?: number; [extra: string]: unknown };
    tabs?: { tab_id: number; title: string; url: string }[];
    [extra: string]: unknown;
  };
  screenshot?: { raw?: string; bboxes?: ElementBox[] | null; [extra: string]: unknown };
  space: { description: string; interaction_actions: InteractionAction[]; [extra: string]: unknown };
  [extra: string]: unknown;
}

/** One action for page/execute (`type` plus its fields: id or selector, value, url…). */
export interface SessionAction {
  type: string;
  [field: string]: unknown;
}

export interface DataSpace {
  markdown: string;
  [extra: string]: unknown;
}

/** A failed action is a 200 with success false, its message and the same text as `exception`. */
export interface ExecutionResult {
  action: SessionAction;
  success: boolean;
  message: string;
  data?: DataSpace | null;
  exception?: string | null;
  [extra: string]: unknown;
}

export interface SessionDebugInfo {
  debug_url: string;
  ws: { cdp: string; recording: string; logs: string };
  tabs: { metadata: { tab_id: number; title: string; url: string }; debug_url: string; ws_url: string }[];
}

/** GET /sessions/{id}/workflow/code and /agents/{id}/workflow/code. */
export interface WorkflowCode {
  python_script: string;
  json_actions: SessionAction[];
}

/** An agent as GET /agents lists it (Notte's cloud only). */
export interface AgentSummary {
  agent_id: string;
  task?: string | null;
  status?: string;
  created_at?: string;
  session_id?: string | null;
  [extra: string]: unknown;
}
