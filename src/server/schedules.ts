// Schedules set with POST /functions/{id}/schedule, kept in <data>/schedules.json and fired on the
// minute (UTC, five-field cron) by starting a run, when there is room for one.
import path = require('path');
import { cronMatches, nextCronTime, parseCron } from '../api/cron';
import { readJsonFile, writeJsonFileAtomic } from './jsonFile';

export interface Schedule {
  cron: string;
  variables: Record<string, unknown>;
  created_at: string;
  last_fired_at?: string | null;
}

export class Schedules {
  private readonly file: string;
  private readonly items: Record<string, Schedule>;
  private timer?: NodeJS.Timeout;

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'schedules.json');
    this.items = readJsonFile<Record<string, Schedule>>(this.file) ?? {};
  }

  get(functionId: string): Schedule | undefined {
    return this.items[functionId];
  }

  set(functionId: string, cron: string, variables: Record<string, unknown>): Schedule {
    parseCron(cron);
    const schedule: Schedule = { cron, variables, created_at: new Date().toISOString(), last_fired_at: null };
    this.items[functionId] = schedule;
    this.save();
    return schedule;
  }

  remove(functionId: string): boolean {
    if (!this.items[functionId]) return false;
    delete this.items[functionId];
    this.save();
    return true;
  }

  nextRun(functionId: string, from = new Date()): string | null {
    const schedule = this.items[functionId];
    if (!schedule) return null;
    try {
      return nextCronTime(parseCron(schedule.cron), from)?.toISOString() ?? null;
    } catch {
      return null;
    }
  }

  /** Calls `fire` for each schedule due in the minute holding `now`, at most once per schedule and minute. */
  fireDue(now: Date, fire: (functionId: string, schedule: Schedule) => void): void {
    const minute = new Date(now.getTime());
    minute.setUTCSeconds(0, 0);
    for (const [functionId, schedule] of Object.entries(this.items)) {
      try {
        if (!cronMatches(parseCron(schedule.cron), now)) continue;
      } catch {
        continue;
      }
      if (schedule.last_fired_at && new Date(schedule.last_fired_at).getTime() >= minute.getTime()) continue;
      schedule.last_fired_at = minute.toISOString();
      this.save();
      fire(functionId, schedule);
    }
  }

  /** Looks for due schedules just after each minute starts. */
  startTicking(fire: (functionId: string, schedule: Schedule) => void): void {
    const arm = () => {
      this.timer = setTimeout(
        () => {
          this.fireDue(new Date(), fire);
          arm();
        },
        60_000 - (Date.now() % 60_000) + 50,
      );
      this.timer.unref();
    };
    arm();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
  }

  private save(): void {
    writeJsonFileAtomic(this.file, this.items);
  }
}
