// Five-field cron expressions (minute hour day-of-month month day-of-week), as schedules use.
// Validated before a schedule is sent, and matched by the local server to start runs on time.

export interface CronSchedule {
  minutes: Set<number>;
  hours: Set<number>;
  daysOfMonth: Set<number>;
  months: Set<number>;
  daysOfWeek: Set<number>;
  /** Cron's rule: when both day fields are restricted, either may match. */
  dayOfMonthRestricted: boolean;
  dayOfWeekRestricted: boolean;
}

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'] },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
] as const;

const MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

export class CronError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronError';
  }
}

export function parseCron(expression: string): CronSchedule {
  const source = MACROS[expression.trim().toLowerCase()] ?? expression.trim();
  const parts = source.split(/\s+/).filter(Boolean);
  if (parts.length !== 5) {
    throw new CronError(`A schedule needs 5 fields (minute hour day-of-month month day-of-week), like "0 9 * * 1-5"; "${expression}" has ${parts.length}.`);
  }
  const sets = parts.map((part, i) => parseField(part, FIELDS[i]));
  const daysOfWeek = new Set([...sets[4]].map((d) => (d === 7 ? 0 : d)));
  return {
    minutes: sets[0],
    hours: sets[1],
    daysOfMonth: sets[2],
    months: sets[3],
    daysOfWeek,
    dayOfMonthRestricted: parts[2] !== '*',
    dayOfWeekRestricted: parts[4] !== '*',
  };
}

/** The message to show for an invalid expression, or undefined when it is valid. */
export function validateCron(expression: string): string | undefined {
  try {
    parseCron(expression);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Whether the schedule fires in the minute holding `date` (UTC). */
export function cronMatches(schedule: CronSchedule, date: Date): boolean {
  if (!schedule.minutes.has(date.getUTCMinutes()) || !schedule.hours.has(date.getUTCHours()) || !schedule.months.has(date.getUTCMonth() + 1)) {
    return false;
  }
  const dom = schedule.daysOfMonth.has(date.getUTCDate());
  const dow = schedule.daysOfWeek.has(date.getUTCDay());
  if (schedule.dayOfMonthRestricted && schedule.dayOfWeekRestricted) return dom || dow;
  return dom && dow;
}

/** The first minute after `from` at which the schedule fires, within about a year (UTC). */
export function nextCronTime(schedule: CronSchedule, from: Date): Date | undefined {
  const date = new Date(from.getTime());
  date.setUTCSeconds(0, 0);
  for (let i = 0; i < 366 * 24 * 60; i++) {
    date.setUTCMinutes(date.getUTCMinutes() + 1);
    if (cronMatches(schedule, date)) return new Date(date.getTime());
  }
  return undefined;
}

function parseField(part: string, field: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  for (const item of part.split(',')) {
    const [rangePart, stepPart, extra] = item.split('/');
    if (extra !== undefined || rangePart === '') throw new CronError(`"${item}" is not a valid ${field.name}.`);
    const step = stepPart === undefined ? 1 : Number(stepPart);
    if (!Number.isInteger(step) || step < 1) throw new CronError(`The step in "${item}" (${field.name}) must be a whole number of at least 1.`);
    let low: number;
    let high: number;
    if (rangePart === '*') {
      low = field.min;
      high = field.name === 'day of week' ? 6 : field.max;
    } else {
      const [a, b, more] = rangePart.split('-');
      if (more !== undefined) throw new CronError(`"${item}" is not a valid ${field.name}.`);
      low = value(a, field);
      high = b === undefined ? (stepPart === undefined ? low : field.max) : value(b, field);
      if (high < low) throw new CronError(`The range "${rangePart}" (${field.name}) runs backwards.`);
    }
    for (let v = low; v <= high; v += step) values.add(v);
  }
  return values;
}

function value(text: string, field: (typeof FIELDS)[number]): number {
  const names: readonly string[] | undefined = 'names' in field ? field.names : undefined;
  const named = names?.indexOf(text.toLowerCase()) ?? -1;
  const n = named >= 0 ? named + field.min : /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < field.min || n > field.max) {
    throw new CronError(`"${text}" is not a valid ${field.name} (${field.min}-${field.max}${names ? ` or ${names[0]}…${names[names.length - 1]}` : ''}).`);
  }
  return n;
}
