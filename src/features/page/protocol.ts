// The messages between the function page (a webview) and the extension host. Both sides check every
// message on arrival: anything of another version, an unknown type or a wrong shape is dropped (and
// logged by the receiver), never acted on. No vscode import: the page's script bundles this file too.
import type { FieldSpec } from '../../shared/variables';

/** The page's buttons a command may press (core/ui/activePage.ts names the same four). */
export type PageButton = 'run' | 'runLocally' | 'debug' | 'stop';

export const PROTOCOL_VERSION = 1;

/** Lines the page draws at most; the rest are a click away in the Output channel. */
export const LOG_CAP = 2000;

/** A form's content: one text per parameter, in order; null means "the default" (left alone or reset). */
export type FormTexts = (string | null)[];

/** The id of the page's JSON data block holding its first form (an `init` message; see html.ts). */
export const INIT_BLOCK_ID = 'notte-init';

export type SnippetChoice = 'curl' | 'javascript' | 'python' | 'http';

/** The windows "Rerun failed runs since…" offers, in hours, with how the page names them. */
export const RERUN_WINDOWS: readonly (readonly [number, string])[] = [
  [1, 'the last hour'],
  [24, 'the last 24 hours'],
  [168, 'the last 7 days'],
  [720, 'the last 30 days'],
];

/** What the page asks of the extension. */
export type PageMessage =
  /** `drewFromHtml`: the page took the form written into its HTML (else it waits for an init). */
  | { v: 1; type: 'ready'; drewFromHtml?: boolean }
  | { v: 1; type: 'run'; texts: FormTexts }
  | { v: 1; type: 'stop' }
  | { v: 1; type: 'runLocally'; texts: FormTexts }
  | { v: 1; type: 'debug'; texts: FormTexts }
  | { v: 1; type: 'copySnippet'; kind: SnippetChoice; texts: FormTexts }
  | { v: 1; type: 'copyResult' }
  | { v: 1; type: 'showOutput' }
  | { v: 1; type: 'saveSet'; name: string; texts: FormTexts }
  | { v: 1; type: 'renameSet'; from: string; to: string }
  | { v: 1; type: 'deleteSet'; name: string }
  | { v: 1; type: 'openSetsFile' }
  | { v: 1; type: 'history'; page: number }
  | { v: 1; type: 'selectRun'; runId: string }
  | { v: 1; type: 'rerun'; runId: string }
  | { v: 1; type: 'compare'; runId: string }
  /** Runs the variables of every failed run of the last `sinceHours` again (one of RERUN_WINDOWS). */
  | { v: 1; type: 'rerunFailed'; sinceHours: number }
  | { v: 1; type: 'openSession' };

export interface LogEntry {
  /** As the server stamped it ("2026-12-01 19:50:01.123"), or when the extension received it. */
  time: string;
  level?: string;
  text: string;
  /** The line's moment (ms since 1970) when it is known: where the session's replay seeks to. */
  at?: number;
}

/**
 * The browser session pane. `url` is only ever a link the page may frame (live) or play (replay): of the
 * origin the page's CSP allows, signed for a short time, never carrying the API key. Links that carry
 * the key stay in the extension: the pane then says why and offers "open outside" (`canOpen`).
 */
export interface SessionView {
  state: 'idle' | 'none' | 'live' | 'waiting' | 'replay' | 'outside' | 'error';
  /** What the pane says (why it is empty, what to wait for, why a link opens outside only). */
  text: string;
  sessionId?: string;
  url?: string;
  /** For a replay: the moment (ms since 1970) of the video's first frame; a line at `at` is at (at - this) / 1000 s. */
  videoStartsAt?: number;
  canOpen: boolean;
}

export interface SavedSetView {
  name: string;
  texts: FormTexts;
}

export interface RunSummaryView {
  runId: string;
  status: string;
  startedAt: string;
  durationMs?: number;
  variables: string;
  local: boolean;
}

export interface RunEnd {
  runId?: string;
  status: string;
  durationMs: number;
  /** The result as a JSON value (parsed when the server sent JSON text). */
  result?: unknown;
  /** For a failure: its one-line message and the whole text (the traceback). */
  error?: string;
  traceback?: string;
}

/** What the extension tells the page. */
export type HostMessage =
  | { v: 1; type: 'init'; functionId: string; functionName: string; description?: string; fields: FieldSpec[]; texts: FormTexts; logCap: number }
  | { v: 1; type: 'fill'; texts: FormTexts; source: string }
  | { v: 1; type: 'sets'; sets: SavedSetView[]; file: string; error?: string }
  | { v: 1; type: 'runStarted'; startedAt: number; title: string }
  | { v: 1; type: 'runId'; runId: string }
  /** `skipped`: lines of the run before these that the host did not send (only the last of a large batch are drawn). */
  | { v: 1; type: 'logs'; lines: LogEntry[]; skipped?: number }
  | { v: 1; type: 'runEnded'; end: RunEnd }
  | { v: 1; type: 'invalid'; problems: Record<string, string> }
  | { v: 1; type: 'history'; runs: RunSummaryView[]; page: number; hasNext: boolean; error?: string }
  | { v: 1; type: 'runDetail'; summary: RunSummaryView; logs: LogEntry[]; end?: RunEnd; hiddenLines: number }
  | { v: 1; type: 'notice'; level: 'info' | 'error'; text: string }
  | { v: 1; type: 'session'; session: SessionView }
  /** The workspace file linked to the function (for Debug), as a path relative to its folder; none: not linked. */
  | { v: 1; type: 'linkedFile'; file?: string }
  /** A keybinding pressed one of the page's buttons (it does what a click does, nothing when disabled). */
  | { v: 1; type: 'press'; button: PageButton };

export type Checked<T> = { ok: true; message: T } | { ok: false; reason: string };

type Shape = Record<string, (value: unknown) => boolean>;

const isString = (value: unknown): boolean => typeof value === 'string';
const isName = (value: unknown): boolean => typeof value === 'string' && value.trim().length > 0 && value.length <= 200;
const isId = (value: unknown): boolean => typeof value === 'string' && value.length > 0 && value.length <= 200;
const isTexts = (value: unknown): boolean => Array.isArray(value) && value.length <= 500 && value.every((t) => t === null || typeof t === 'string');
const isPage = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 100_000;
const isSnippet = (value: unknown): boolean => value === 'curl' || value === 'javascript' || value === 'python' || value === 'http';
const isNumber = (value: unknown): boolean => typeof value === 'number' && Number.isFinite(value);
const isObject = (value: unknown): boolean => !!value && typeof value === 'object' && !Array.isArray(value);
const isArray = (value: unknown): boolean => Array.isArray(value);
const isBool = (value: unknown): boolean => typeof value === 'boolean';

const PAGE_SHAPES: Record<PageMessage['type'], Shape> = {
  ready: { drewFromHtml: (value) => value === undefined || isBool(value) },
  run: { texts: isTexts },
  stop: {},
  runLocally: { texts: isTexts },
  debug: { texts: isTexts },
  copySnippet: { kind: isSnippet, texts: isTexts },
  copyResult: {},
  showOutput: {},
  saveSet: { name: isName, texts: isTexts },
  renameSet: { from: isName, to: isName },
  deleteSet: { name: isName },
  openSetsFile: {},
  history: { page: isPage },
  selectRun: { runId: isId },
  rerun: { runId: isId },
  compare: { runId: isId },
  rerunFailed: { sinceHours: (value) => RERUN_WINDOWS.some(([hours]) => hours === value) },
  openSession: {},
};

const HOST_SHAPES: Record<HostMessage['type'], Shape> = {
  init: { functionId: isString, functionName: isString, fields: isArray, texts: isTexts, logCap: isNumber },
  fill: { texts: isTexts, source: isString },
  sets: { sets: isArray, file: isString },
  runStarted: { startedAt: isNumber, title: isString },
  runId: { runId: isString },
  logs: { lines: isArray },
  runEnded: { end: isObject },
  invalid: { problems: isObject },
  history: { runs: isArray, page: isNumber, hasNext: isBool },
  runDetail: { summary: isObject, logs: isArray, hiddenLines: isNumber },
  notice: { level: (v) => v === 'info' || v === 'error', text: isString },
  session: { session: isObject },
  linkedFile: {},
  press: { button: (value) => value === 'run' || value === 'runLocally' || value === 'debug' || value === 'stop' },
};

function check<T>(raw: unknown, shapes: Record<string, Shape>): Checked<T> {
  if (!isObject(raw)) return { ok: false, reason: 'not an object' };
  const message = raw as Record<string, unknown>;
  if (message.v !== PROTOCOL_VERSION) return { ok: false, reason: `protocol version ${JSON.stringify(message.v)?.slice(0, 20)}, expected ${PROTOCOL_VERSION}` };
  const type = message.type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(shapes, type)) return { ok: false, reason: `unknown type ${JSON.stringify(type)?.slice(0, 60)}` };
  const shape = shapes[type];
  for (const [field, valid] of Object.entries(shape)) {
    if (!valid(message[field])) return { ok: false, reason: `${type}: field "${field}" is missing or malformed` };
  }
  const allowed = new Set(['v', 'type', ...Object.keys(shape)]);
  const extra = Object.keys(message).filter((key) => !allowed.has(key));
  if (shapes === (PAGE_SHAPES as Record<string, Shape>) && extra.length) return { ok: false, reason: `${type}: unexpected field "${extra[0].slice(0, 60)}"` };
  return { ok: true, message: raw as T };
}

/** Checks a message the page sent; the extension acts only on `ok` ones. Page messages may carry no extra field. */
export function checkPageMessage(raw: unknown): Checked<PageMessage> {
  return check<PageMessage>(raw, PAGE_SHAPES);
}

/** Checks a message the extension sent, on the page's side. */
export function checkHostMessage(raw: unknown): Checked<HostMessage> {
  return check<HostMessage>(raw, HOST_SHAPES);
}

/** The state the page keeps with `setState`, handed back to the serializer after a reload. */
export interface PageState {
  v: 1;
  functionId: string;
  functionName?: string;
  texts?: FormTexts;
}

export function checkPageState(raw: unknown): PageState | undefined {
  if (!isObject(raw)) return undefined;
  const state = raw as Record<string, unknown>;
  if (state.v !== PROTOCOL_VERSION || !isId(state.functionId)) return undefined;
  return {
    v: 1,
    functionId: state.functionId as string,
    functionName: typeof state.functionName === 'string' ? state.functionName : undefined,
    texts: isTexts(state.texts) ? (state.texts as FormTexts) : undefined,
  };
}
