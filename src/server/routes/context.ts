// What every resource's handlers share: the server's parts, the function a path names, and paging.
import type { ValidationIssue } from '../../api/types';
import type { BrowserSessions } from '../browser/browserSessions';
import type { Doors } from '../doors';
import type { Faults } from '../faults';
import type { FunctionEntry, FunctionRegistry } from '../functionRegistry';
import { notFound, queryBool, queryInt, validationError } from '../http';
import type { RunManager } from '../runManager';
import type { RunStore } from '../runStore';
import type { Schedules } from '../schedules';

const MAX_PAGE_SIZE = 1000;

export interface ApiContext {
  key: string;
  /** The server's own address (`http://127.0.0.1:8765`): the base of every URL it builds, whatever `Host` a client sent. */
  baseUrl: () => string;
  /** Which requests may come in by the address they name (set once the port is known). */
  doors?: Doors;
  registry: FunctionRegistry;
  store: RunStore;
  manager: RunManager;
  schedules: Schedules;
  faults?: Faults;
  /** Turns a plain code URL into the encrypted form clients decrypt with their decryption key. */
  encryptUrl?: (plainUrl: string) => string;
  /** The browser sessions (browser/browserSessions.ts, /sessions/*). */
  browser?: BrowserSessions;
  log?(line: string): void;
}

/** The function a path names, after a look at the folder; 404 when there is none. */
export async function functionEntry(ctx: ApiContext, id: string | undefined): Promise<FunctionEntry> {
  await ctx.registry.refresh();
  const entry = id === undefined ? undefined : ctx.registry.get(id);
  if (!entry) throw notFound(`Function ${id} not found.`);
  return entry;
}

/** The wire shape of a function with its schedule. */
export function describeWithSchedule(ctx: ApiContext, entry: FunctionEntry, version?: string): Record<string, unknown> {
  const schedule = ctx.schedules.get(entry.id);
  return {
    ...ctx.registry.describe(entry, version),
    schedule: schedule ? { cron: schedule.cron, variables: schedule.variables, next_run_at: ctx.schedules.nextRun(entry.id) } : null,
  };
}

export interface Paging {
  page: number;
  pageSize: number;
  onlyActive: boolean;
}

export function readPaging(query: URLSearchParams): Paging {
  const issues: ValidationIssue[] = [];
  const paging = {
    page: queryInt(query, 'page', 1, 1, Number.MAX_SAFE_INTEGER, issues),
    pageSize: queryInt(query, 'page_size', 10, 1, MAX_PAGE_SIZE, issues),
    onlyActive: queryBool(query, 'only_active', true, issues),
  };
  if (issues.length) throw validationError(issues);
  return paging;
}

/** One page of `all`, only its items turned into their wire shape. */
export function page<T, U>(all: T[], { page, pageSize }: Paging, shape: (item: T) => U) {
  const start = (page - 1) * pageSize;
  return { items: all.slice(start, start + pageSize).map(shape), page, page_size: pageSize, has_next: start + pageSize < all.length, has_previous: page > 1 };
}
