// Schedules set with POST /functions/{id}/schedule, kept in <data>/schedules.json and fired on the
// minute (UTC, five-field cron) by starting a run, when there is room for one.
// Keyed by function id in a Map (an id such as "constructor" is no special name here). A schedule is
// kept in memory only once it is saved: one that cannot be written is never half-taken.
import path = require('path');
import { cronMatches, nextCronTime, parseCron } from '../api/cron';
import { jsonDepth, MAX_JSON_DEPTH } from './http';
import { readJsonFile, writeJsonFileAtomic } from './jsonFile';

export interface Schedule {
  cron: string;
  variables: Record<string, unknown>;
  created_at: string;
  last_fired_at?: string | null;
}

export class Schedules {
  private readonly file: string;
  private readonly items = new Map<string, Schedule>();
  private timer?: NodeJS.Timeout;

  constructor(
    dataDir: string,
    private readonly log?: (line: string) => void,
  ) {
    this.file = path.join(dataDir, 'schedules.json');
    const stored = readJsonFile<Record<string, Schedule>>(this.file);
    for (const [functionId, schedule] of Object.entries(stored ?? {})) {
      const problem = scheduleProblem(schedule);
      if (problem) this.log?.(`schedule of ${functionId} in ${this.file} left out: ${problem}`);
      else this.items.set(functionId, schedule);
    }
  }

  get(functionId: string): Schedule | undefined {
    return this.items.get(functionId);
  }

  /** Sets a schedule: checked and saved first, kept in memory only once saved (throws when it cannot be). */
  set(functionId: string, cron: string, variables: Record<string, unknown>): Schedule {
    const schedule: Schedule = { cron, variables, created_at: new Date().toISOString(), last_fired_at: null };
    const problem = scheduleProblem(schedule);
    if (problem) throw new Error(`The schedule cannot be kept: ${problem}.`);
    const next = new Map(this.items).set(functionId, schedule);
    this.save(next);
    this.items.set(functionId, schedule);
    return schedule;
  }

  remove(functionId: string): boolean {
    if (!this.items.has(functionId)) return false;
    const next = new Map(this.items);
    next.delete(functionId);
    this.save(next);
    this.items.delete(functionId);
    return true;
  }

  nextRun(functionId: string, from = new Date()): string | null {
    const schedule = this.items.get(functionId);
    if (!schedule) return null;
    try {
      return nextCronTime(parseCron(schedule.cron), from)?.toISOString() ?? null;
    } catch {
      return null;
    }
  }

  /**
   * Calls `fire` for each schedule due in the minute holding `now`, at most once per schedule and
   * minute. One schedule's failure is logged and does not keep the others from firing.
   */
  fireDue(now: Date, fire: (functionId: string, schedule: Schedule) => void): void {
    const minute = new Date(now.getTime());
    minute.setUTCSeconds(0, 0);
    for (const [functionId, schedule] of [...this.items]) {
      try {
        if (!cronMatches(parseCron(schedule.cron), now)) continue;
        if (schedule.last_fired_at && new Date(schedule.last_fired_at).getTime() >= minute.getTime()) continue;
        schedule.last_fired_at = minute.toISOString();
        this.saveLogged();
        fire(functionId, schedule);
      } catch (error) {
        this.log?.(`schedule of ${functionId} not fired: ${(error as Error)?.message ?? error}`);
      }
    }
  }

  /** Looks for due schedules just after each minute starts (every `everyMs` instead, for tests); nothing it meets ends the timer. */
  startTicking(fire: (functionId: string, schedule: Schedule) => void, everyMs?: number): void {
    const arm = () => {
      this.timer = setTimeout(
        () => {
          try {
            this.fireDue(new Date(), fire);
          } catch (error) {
            this.log?.(`schedules not fired: ${(error as Error)?.stack ?? error}`);
          } finally {
            arm();
          }
        },
        everyMs ?? 60_000 - (Date.now() % 60_000) + 50,
      );
      this.timer.unref();
    };
    arm();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private save(items: Map<string, Schedule>): void {
    writeJsonFileAtomic(this.file, Object.fromEntries(items));
  }

  /** Saves what changed when a schedule fired; a failure (a full disk) is logged, the firing goes on. */
  private saveLogged(): void {
    try {
      this.save(this.items);
    } catch (error) {
      this.log?.(`could not save ${this.file}: ${(error as Error)?.message ?? error}`);
    }
  }
}

/** Why a schedule cannot be kept (a cron that does not parse, variables that cannot be JSON), or undefined. */
function scheduleProblem(schedule: Schedule): string | undefined {
  if (!schedule || typeof schedule.cron !== 'string') return 'it has no cron';
  try {
    parseCron(schedule.cron);
  } catch (error) {
    return `its cron: ${(error as Error).message}`;
  }
  if (schedule.variables === null || typeof schedule.variables !== 'object' || Array.isArray(schedule.variables)) return 'its variables are not an object';
  let text: string;
  try {
    text = JSON.stringify(schedule.variables);
  } catch (error) {
    return `its variables cannot be JSON: ${(error as Error).message}`;
  }
  if (jsonDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return `its variables nest more than ${MAX_JSON_DEPTH} levels deep`;
  return undefined;
}
