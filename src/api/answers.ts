// The small readings and writings the client's routes share: an answer read as JSON (its `detail`
// an error), a page normalized, a list query, an id as a path segment.
import { NotteApiError } from './errors';
import { normalizeIds } from './sse';
import type { RawResponse } from './transport';
import type { FunctionRun, ListQuery, Page } from './types';

/** A JSON answer; a 2xx whose body has a `detail` is an error, as the SDK reads it. */
export async function parseAnswer(response: RawResponse, what: string): Promise<unknown> {
  const text = await response.body.text();
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new NotteApiError('protocol', `${what}: the server's answer was not valid JSON.`, { status: response.statusCode });
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && 'detail' in value && (value as { detail: unknown }).detail !== null) {
    const detail = (value as { detail: unknown; message?: unknown }).detail;
    throw new NotteApiError('protocol', `${what}: the server answered an error: ${typeof detail === 'string' ? detail : JSON.stringify(detail)}.`, { status: response.statusCode });
  }
  return value;
}

/** A page of items, each with both spellings of its ids. */
export function normalizePage<T extends object>(page: Page<T>, normalize: (item: T) => T = normalizeIds): Page<T> {
  if (!page || !Array.isArray(page.items)) throw new NotteApiError('protocol', 'The server answered a page without items.');
  page.items.forEach((item) => normalize(item));
  return page;
}

/**
 * A run as this module hands it on: both id spellings, and `created` for a run the local server says has
 * not started (it answers it `active` with `started: false`, as the SDK accepts no other status there).
 */
export function normalizeRun(run: FunctionRun): FunctionRun {
  normalizeIds(run);
  if (run.status === 'active' && (run as { started?: unknown }).started === false) run.status = 'created';
  return run;
}

/** The query of a list route (`?page=2&page_size=10&only_active=false`). */
export function queryString(query: ListQuery): string {
  const params = new URLSearchParams();
  if (query.page !== undefined) params.set('page', String(query.page));
  if (query.page_size !== undefined) params.set('page_size', String(query.page_size));
  if (query.only_active !== undefined) params.set('only_active', query.only_active ? 'true' : 'false');
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** An id as a path segment. */
export function seg(id: string): string {
  return encodeURIComponent(id);
}
