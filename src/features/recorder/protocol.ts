// The messages between the browser panel (a webview) and the extension host. Both sides check every
// message on arrival: another version, an unknown type, a wrong shape or (from the panel) an extra field
// is dropped and logged, never acted on. No vscode import: the panel's script bundles this file too.

export const RECORDER_PROTOCOL = 1;

/** Why the panel is open: record a new function, record at an editor's cursor, pick an element, or from a debug run's stop. */
export type PanelMode = 'record' | 'cursor' | 'pick' | 'fromHere';

export interface ElementView {
  id: string;
  action: string;
  role: string;
  label: string;
  box?: { x: number; y: number; width: number; height: number };
  checked?: boolean;
  options?: string[];
}

export interface StepView {
  /** The Python the step becomes (a fragile one with its comment line first). */
  code: string;
  type: string;
  fragile: boolean;
  variable?: string;
  /** Which fields can be edited, with their current text. */
  selector?: string;
  value?: string;
  url?: string;
  /** Whether its value can become a variable. */
  canBeVariable: boolean;
}

export interface SessionState {
  state: 'starting' | 'live' | 'ended';
  text: string;
  /** When the session ends at the latest (ms since 1970), and when it would end idle. */
  endsAt?: number;
  idleEndsAt?: number;
}

/** What the panel asks of the extension. */
export type PanelMessage =
  | { v: 1; type: 'ready' }
  | { v: 1; type: 'navigate'; url: string }
  | { v: 1; type: 'history'; kind: 'go_back' | 'go_forward' | 'reload' }
  | { v: 1; type: 'observe' }
  | { v: 1; type: 'act'; elementId: string; action: string; value?: string | boolean }
  | { v: 1; type: 'typed'; text: string }
  | { v: 1; type: 'scrape' }
  | { v: 1; type: 'editStep'; index: number; field: 'selector' | 'value' | 'url'; text: string }
  | { v: 1; type: 'moveStep'; index: number; to: number }
  | { v: 1; type: 'deleteStep'; index: number }
  | { v: 1; type: 'variable'; index: number; name: string | null }
  | { v: 1; type: 'export'; target: 'newFile' | 'cursor' | 'notte' }
  | { v: 1; type: 'pick'; elementId: string }
  | { v: 1; type: 'stopSession' }
  | { v: 1; type: 'newSession' }
  | { v: 1; type: 'debug'; command: 'continue' | 'stop' };

/** What the extension tells the panel. */
export type HostMessage =
  | { v: 1; type: 'init'; sessionId: string; server: string; mode: PanelMode; target?: string; debugging: boolean; tryUrl?: string }
  | { v: 1; type: 'frame'; jpeg: Uint8Array | string; width?: number }
  | { v: 1; type: 'session'; session: SessionState }
  | { v: 1; type: 'observation'; url: string; title: string; viewport: { width: number; height: number }; elements: ElementView[] }
  | { v: 1; type: 'steps'; steps: StepView[] }
  | { v: 1; type: 'scraped'; markdown: string }
  | { v: 1; type: 'busy'; what: string | null }
  | { v: 1; type: 'notice'; level: 'info' | 'error'; text: string }
  | { v: 1; type: 'highlight'; elementId: string | null }
  | { v: 1; type: 'mode'; mode: PanelMode; target?: string; debugging: boolean };

export type Checked<T> = { ok: true; message: T } | { ok: false; reason: string };

type Shape = Record<string, (value: unknown) => boolean>;

const isString = (v: unknown): boolean => typeof v === 'string';
const isText = (limit: number) => (v: unknown) => typeof v === 'string' && v.length <= limit;
const isId = (v: unknown): boolean => typeof v === 'string' && /^[A-Za-z]{1,3}\d{1,6}$/.test(v);
const isIndex = (v: unknown): boolean => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < 10_000;
const isBool = (v: unknown): boolean => typeof v === 'boolean';
const isObject = (v: unknown): boolean => !!v && typeof v === 'object' && !Array.isArray(v);
const isArray = (v: unknown): boolean => Array.isArray(v);
const isMode = (v: unknown): boolean => v === 'record' || v === 'cursor' || v === 'pick' || v === 'fromHere';
const optional = (check: (v: unknown) => boolean) => (v: unknown) => v === undefined || check(v);

const PANEL_SHAPES: Record<PanelMessage['type'], Shape> = {
  ready: {},
  navigate: { url: isText(4000) },
  history: { kind: (v) => v === 'go_back' || v === 'go_forward' || v === 'reload' },
  observe: {},
  act: { elementId: isId, action: (v) => v === 'click' || v === 'fill' || v === 'select_dropdown_option' || v === 'check', value: optional((v) => isText(10_000)(v) || isBool(v)) },
  typed: { text: isText(10_000) },
  scrape: {},
  editStep: { index: isIndex, field: (v) => v === 'selector' || v === 'value' || v === 'url', text: isText(10_000) },
  moveStep: { index: isIndex, to: isIndex },
  deleteStep: { index: isIndex },
  variable: { index: isIndex, name: (v) => v === null || isText(100)(v) },
  export: { target: (v) => v === 'newFile' || v === 'cursor' || v === 'notte' },
  pick: { elementId: isId },
  stopSession: {},
  newSession: {},
  debug: { command: (v) => v === 'continue' || v === 'stop' },
};

const HOST_SHAPES: Record<HostMessage['type'], Shape> = {
  init: { sessionId: isString, server: isString, mode: isMode, debugging: isBool },
  frame: { jpeg: (v) => typeof v === 'string' || v instanceof Uint8Array },
  session: { session: isObject },
  observation: { url: isString, title: isString, viewport: isObject, elements: isArray },
  steps: { steps: isArray },
  scraped: { markdown: isString },
  busy: { what: (v) => v === null || isString(v) },
  notice: { level: (v) => v === 'info' || v === 'error', text: isString },
  highlight: { elementId: (v) => v === null || isString(v) },
  mode: { mode: isMode, debugging: isBool },
};

function check<T>(raw: unknown, shapes: Record<string, Shape>, strict: boolean): Checked<T> {
  if (!isObject(raw)) return { ok: false, reason: 'not an object' };
  const message = raw as Record<string, unknown>;
  if (message.v !== RECORDER_PROTOCOL) return { ok: false, reason: `protocol version ${JSON.stringify(message.v)?.slice(0, 20)}, expected ${RECORDER_PROTOCOL}` };
  const type = message.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(shapes, type)) return { ok: false, reason: `unknown type ${JSON.stringify(type)?.slice(0, 60)}` };
  const shape = shapes[type];
  for (const [field, valid] of Object.entries(shape)) if (!valid(message[field])) return { ok: false, reason: `${type}: field "${field}" is missing or malformed` };
  if (strict) {
    const allowed = new Set(['v', 'type', ...Object.keys(shape)]);
    const extra = Object.keys(message).find((key) => !allowed.has(key));
    if (extra) return { ok: false, reason: `${type}: unexpected field "${extra.slice(0, 60)}"` };
  }
  return { ok: true, message: raw as T };
}

/** A message the panel sent: the extension acts only on `ok` ones; no extra field is allowed. */
export function checkPanelMessage(raw: unknown): Checked<PanelMessage> {
  return check<PanelMessage>(raw, PANEL_SHAPES, true);
}

/** A message the extension sent, on the panel's side. */
export function checkRecorderHostMessage(raw: unknown): Checked<HostMessage> {
  return check<HostMessage>(raw, HOST_SHAPES, false);
}
