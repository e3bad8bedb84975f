// A step typed by hand in the panel, read as Notte's CLI reads `notte page click B3`: `goto URL`, `click
// B3`, `fill I1 Ada Lovelace`, `select I3 Pencil`, `check B1 [false]`, `press Enter`, `back`, `forward`,
// `reload`, `scroll down|up`, `wait 500`, `scrape`. A target is an observe id (B3) or a selector (`#email`,
// `"role=button[name=\"Go\"s]"`). No vscode import: unit-tested.
import type { SessionAction } from '../../api/sessionTypes';
import { isLoopbackHost } from '../../shared/loopback';

export type TypedStep = { ok: true; action: SessionAction } | { ok: false; error: string };

const ALIASES: Record<string, string> = {
  open: 'goto',
  navigate: 'goto',
  select: 'select_dropdown_option',
  select_option: 'select_dropdown_option',
  type: 'fill',
  press: 'press_key',
  key: 'press_key',
  back: 'go_back',
  forward: 'go_forward',
  refresh: 'reload',
};

export const TYPED_STEP_HELP =
  'Type a step as: goto URL · click B3 · fill I1 text · select I3 option · check B1 [false] · press Enter · back · forward · reload · scroll down|up · wait 500 · scrape (a target is an id from Observe or a selector such as #email)';

/** Splits a line into words, keeping "quoted text" (with \" escapes) whole. */
function words(line: string): string[] {
  const out: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|(\S+)/g;
  for (const m of line.matchAll(pattern)) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : m[3]);
  return out;
}

function targetOf(word: string | undefined): Record<string, string> | undefined {
  if (!word) return undefined;
  return /^[A-Z]\d+$/.test(word) ? { id: word } : { selector: word };
}

export function parseTypedStep(line: string): TypedStep {
  const trimmed = line.trim();
  if (!trimmed) return { ok: false, error: TYPED_STEP_HELP };
  if (/^https?:\/\//i.test(trimmed)) return { ok: true, action: { type: 'goto', url: trimmed } };
  const [first, ...rest] = words(trimmed);
  const verb = ALIASES[first.toLowerCase()] ?? first.toLowerCase();
  switch (verb) {
    case 'goto':
      return rest[0] ? { ok: true, action: { type: 'goto', url: withScheme(rest[0]) } } : { ok: false, error: 'goto needs an address: goto https://example.com' };
    case 'click': {
      const target = targetOf(rest[0]);
      return target ? { ok: true, action: { type: 'click', ...target } } : { ok: false, error: 'click needs a target: click B3' };
    }
    case 'fill':
    case 'select_dropdown_option': {
      const target = targetOf(rest[0]);
      if (!target || rest.length < 2) return { ok: false, error: `${first} needs a target and a value: ${first} I1 some text` };
      return { ok: true, action: { type: verb, ...target, value: rest.slice(1).join(' ') } };
    }
    case 'check': {
      const target = targetOf(rest[0]);
      if (!target) return { ok: false, error: 'check needs a target: check B1 (or check B1 false)' };
      return { ok: true, action: { type: 'check', ...target, value: !/^(false|no|off|0)$/i.test(rest[1] ?? 'true') } };
    }
    case 'press_key':
      return rest[0] ? { ok: true, action: { type: 'press_key', key: rest[0] } } : { ok: false, error: 'press needs a key: press Enter' };
    case 'go_back':
    case 'go_forward':
    case 'reload':
    case 'scrape':
      return { ok: true, action: { type: verb } };
    case 'scroll': {
      const direction = (rest[0] ?? 'down').toLowerCase();
      return direction === 'up' || direction === 'down' ? { ok: true, action: { type: `scroll_${direction}` } } : { ok: false, error: 'scroll down or scroll up' };
    }
    case 'scroll_down':
    case 'scroll_up':
      return { ok: true, action: { type: verb } };
    case 'wait': {
      const ms = Number(rest[0] ?? '1000');
      return Number.isInteger(ms) && ms >= 0 && ms <= 30_000
        ? { ok: true, action: { type: 'wait', time_ms: ms } }
        : { ok: false, error: 'wait takes milliseconds, 0 to 30000: wait 500' };
    }
    default:
      return { ok: false, error: `Unknown step "${first}". ${TYPED_STEP_HELP}` };
  }
}

/**
 * An address as a person types it: with its scheme it is kept; this machine (localhost, 127.x.x.x, [::1])
 * and a bare IP address with a port go over http, as local servers answer; anything else over https
 * ("example.com:8080/x" is a host and port, not a scheme).
 */
export function withScheme(url: string): string {
  if (/^[a-z][\w+.-]*:\/\//i.test(url) || /^(about|data|javascript|mailto|file|blob):/i.test(url)) return url;
  const [, host = '', port] = /^(\[[^\]]*\]|[^/?#:]*)(:\d+)?(?:[/?#]|$)/.exec(url) ?? [];
  const local = isLoopbackHost(host) || (/^\d{1,3}(\.\d{1,3}){3}$/.test(host) && port !== undefined);
  return `${local ? 'http' : 'https'}://${url}`;
}
