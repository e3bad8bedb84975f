// The body of POST /sessions/start (the SDK's SessionStartRequest): every field the SDK sends is
// accepted; what a local Chromium can honour is read into SessionOptions; what needs Notte's cloud is a
// 422 naming the field (notte-api.md, "Browser sessions"). Light: no playwright-core here.
import type { ValidationIssue } from '../../api/types';
import { issue, validationError } from '../http';

export interface ExternalProxy {
  server: string;
  username?: string;
  password?: string;
  bypass?: string;
}

export interface SessionOptions {
  maxDurationMinutes: number;
  idleTimeoutMinutes: number;
  viewport: { width: number; height: number };
  userAgent?: string;
  chromeArgs: string[];
  extraHttpHeaders: Record<string, string>;
  proxy?: ExternalProxy;
  browserType: 'chromium' | 'chrome';
  headless: boolean;
  screenshotType: 'raw' | 'full' | 'last_action';
}

export const DEFAULT_VIEWPORT = { width: 1280, height: 1080 };
const ASPECT_VIEWPORTS: Record<string, { width: number; height: number }> = { '5:4': { width: 1280, height: 1024 }, '16:9': { width: 1280, height: 720 } };

const CLOUD = "needs Notte's cloud and is not available on the local server";
/** Chromium flags the local server sets itself: a session may not change them. */
const RESERVED_FLAGS = /^--(remote-debugging-(port|pipe|address)|user-data-dir|headless|no-startup-window)(=|$)/;

function integer(body: Record<string, unknown>, name: string, fallback: number, min: number, max: number, issues: ValidationIssue[]): number {
  const value = body[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    issues.push(issue(['body', name], 'Input should be a valid integer', 'int_type'));
    return fallback;
  }
  if (value < min) issues.push(issue(['body', name], `Input should be greater than or equal to ${min}`, 'greater_than_equal'));
  else if (value > max) issues.push(issue(['body', name], `Input should be less than or equal to ${max}`, 'less_than_equal'));
  return value;
}

function cloudOnly(issues: ValidationIssue[], name: string, what: string): void {
  issues.push(issue(['body', name], `${what} ${CLOUD}`, 'value_error'));
}

function readProxies(value: unknown, issues: ValidationIssue[]): ExternalProxy | undefined {
  if (value === undefined || value === null || value === false) return undefined;
  if (value === true) {
    cloudOnly(issues, 'proxies', "Notte's proxies (proxies: true)");
    return undefined;
  }
  if (!Array.isArray(value)) {
    issues.push(issue(['body', 'proxies'], 'Input should be a valid boolean or a list of proxies', 'type_error'));
    return undefined;
  }
  if (value.length === 0) return undefined;
  const external: ExternalProxy[] = [];
  value.forEach((entry, i) => {
    const proxy = (entry ?? {}) as Record<string, unknown>;
    const type = proxy.type ?? 'external';
    if (type === 'notte' || type === 'tailnet') cloudOnly(issues, 'proxies', `A "${type}" proxy`);
    else if (type !== 'external') issues.push(issue(['body', 'proxies', i, 'type'], "Input should be 'notte', 'external' or 'tailnet'", 'literal_error'));
    else if (typeof proxy.server !== 'string' || !/^(https?|socks5):\/\/./.test(proxy.server)) {
      issues.push(issue(['body', 'proxies', i, 'server'], 'An external proxy needs a server like http://host:port or socks5://host:port', 'value_error'));
    } else {
      external.push({
        server: proxy.server,
        username: typeof proxy.username === 'string' ? proxy.username : undefined,
        password: typeof proxy.password === 'string' ? proxy.password : undefined,
        bypass: typeof proxy.bypass === 'string' ? proxy.bypass : undefined,
      });
    }
  });
  if (external.length > 1) issues.push(issue(['body', 'proxies'], 'The local server applies one external proxy per session', 'value_error'));
  return external[0];
}

function readViewport(body: Record<string, unknown>, issues: ValidationIssue[]): { width: number; height: number } {
  const hasWidth = body.viewport_width !== undefined && body.viewport_width !== null;
  const hasHeight = body.viewport_height !== undefined && body.viewport_height !== null;
  const aspect = body.aspect_ratio;
  if (hasWidth !== hasHeight) issues.push(issue(['body', hasWidth ? 'viewport_height' : 'viewport_width'], 'viewport_width and viewport_height go together', 'value_error'));
  if (aspect !== undefined && aspect !== null) {
    if (typeof aspect !== 'string' || !ASPECT_VIEWPORTS[aspect]) issues.push(issue(['body', 'aspect_ratio'], "Input should be '5:4' or '16:9'", 'literal_error'));
    else if (hasWidth || hasHeight) issues.push(issue(['body', 'aspect_ratio'], 'aspect_ratio cannot be given with a viewport', 'value_error'));
    else return ASPECT_VIEWPORTS[aspect];
  }
  if (hasWidth && hasHeight) {
    return {
      width: integer(body, 'viewport_width', DEFAULT_VIEWPORT.width, 100, 7680, issues),
      height: integer(body, 'viewport_height', DEFAULT_VIEWPORT.height, 100, 4320, issues),
    };
  }
  return DEFAULT_VIEWPORT;
}

function readStrings(body: Record<string, unknown>, name: string, issues: ValidationIssue[]): string[] {
  const value = body[name];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    issues.push(issue(['body', name], 'Input should be a valid list of strings', 'list_type'));
    return [];
  }
  return value as string[];
}

/** Reads a start body; throws one 422 naming every field that is wrong or needs the cloud. */
export function readStartRequest(body: Record<string, unknown>): SessionOptions {
  const issues: ValidationIssue[] = [];
  for (const name of ['headless', 'solve_captchas', 'use_file_storage', 'web_bot_auth', 'wait_for_authentication']) {
    if (body[name] !== undefined && body[name] !== null && typeof body[name] !== 'boolean') issues.push(issue(['body', name], 'Input should be a valid boolean', 'bool_type'));
  }
  const maxDurationMinutes = integer(body, 'max_duration_minutes', 15, 1, 1440, issues);
  const idleTimeoutMinutes = integer(body, 'idle_timeout_minutes', body.timeout_minutes === undefined ? 3 : (body.timeout_minutes as number), 1, 30, issues);
  const proxy = readProxies(body.proxies, issues);
  const browserType = body.browser_type ?? 'chromium';
  if (browserType !== 'chromium' && browserType !== 'chrome') {
    if (['firefox', 'chrome-nightly', 'chrome-turbo'].includes(browserType as string)) cloudOnly(issues, 'browser_type', `browser_type "${browserType}"`);
    else issues.push(issue(['body', 'browser_type'], "Input should be 'chromium', 'chrome', 'firefox', 'chrome-nightly' or 'chrome-turbo'", 'literal_error'));
  }
  const userAgent = body.user_agent;
  if (userAgent !== undefined && userAgent !== null && typeof userAgent !== 'string') issues.push(issue(['body', 'user_agent'], 'Input should be a valid string', 'string_type'));
  const chromeArgs = readStrings(body, 'chrome_args', issues);
  for (const arg of chromeArgs) {
    if (!arg.startsWith('--')) issues.push(issue(['body', 'chrome_args'], `"${arg}" is not a Chromium flag (--name or --name=value)`, 'value_error'));
    else if (RESERVED_FLAGS.test(arg)) issues.push(issue(['body', 'chrome_args'], `${arg.split('=')[0]} is set by the local server itself`, 'value_error'));
  }
  const headers = body.extra_http_headers;
  const extraHttpHeaders: Record<string, string> = {};
  if (headers !== undefined && headers !== null) {
    if (typeof headers !== 'object' || Array.isArray(headers) || !Object.values(headers).every((v) => typeof v === 'string')) {
      issues.push(issue(['body', 'extra_http_headers'], 'Input should be a dictionary of strings', 'dict_type'));
    } else Object.assign(extraHttpHeaders, headers);
  }
  if (body.cdp_url !== undefined && body.cdp_url !== null)
    issues.push(issue(['body', 'cdp_url'], 'A session on an outside browser (cdp_url) is not available on the local server: it runs its own Chromium', 'value_error'));
  if (body.profile !== undefined && body.profile !== null) cloudOnly(issues, 'profile', 'A browser profile');
  if (body.web_bot_auth === true) cloudOnly(issues, 'web_bot_auth', 'Web bot authentication');
  if (body.vault_id !== undefined && body.vault_id !== null) cloudOnly(issues, 'vault_id', 'A vault');
  const authIds = readStrings(body, 'auth_ids', issues);
  if (authIds.length > 10) issues.push(issue(['body', 'auth_ids'], 'List should have at most 10 items', 'too_long'));
  else if (authIds.length > 0) cloudOnly(issues, 'auth_ids', 'Managed auth (auth_ids)');
  const screenshotType = body.screenshot_type ?? 'last_action';
  if (!['raw', 'full', 'last_action'].includes(screenshotType as string))
    issues.push(issue(['body', 'screenshot_type'], "Input should be 'raw', 'full' or 'last_action'", 'literal_error'));
  const viewport = readViewport(body, issues);
  if (issues.length) throw validationError(issues);
  return {
    maxDurationMinutes,
    idleTimeoutMinutes,
    viewport,
    userAgent: (userAgent as string | undefined) ?? undefined,
    chromeArgs,
    extraHttpHeaders,
    proxy,
    browserType: browserType as 'chromium' | 'chrome',
    headless: body.headless !== false,
    screenshotType: screenshotType as SessionOptions['screenshotType'],
  };
}
