// The "Notte Runs" Output channel: a plain channel in the `log` language whose lines we shape
// ourselves (one time, one level, one run marker per line; see shared/logShape.ts). VS Code re-reads,
// re-parses and lays out a visible channel on every append, whatever it holds, so the channel gets
// at most one append per APPEND_MS (4 a second) of whatever was queued meanwhile. Past a reader's pace
// a run's lines are folded into "… N more lines" notes (runLog.ts); every line of a run, folded or not,
// is in its full log file (fullLogFile.ts), which the notes name. Every line is cleaned of terminal
// escapes and of the API key before it is shown or written. No vscode import: the channel is handed in.
import path = require('path');
import { bytesNeedCleaning, redactSecrets, stripControlCharacters } from '../api/redact';
import { FloodBudget, FloodGate } from '../shared/floodGate';
import { localTimestamp } from '../shared/time';
import { formatEntry, OutputLevel, safeMarker } from '../shared/logShape';
import { RunLog, RunLogChannel } from './runLog';

export { RunLog };

/** At most one append per this many ms: 4 a second. */
export const APPEND_MS = 250;
/** Date.now() counts whole ms and a timer may run up to a ms early: without it, two appends could come 249 ms apart. */
const TIMER_SLACK_MS = 2;
const RECENT_LINES = 2000;
/** A person reads a few lines a second; a short burst (a stack trace, a listing) still shows whole. */
const SHOWN: FloodBudget = { burst: 400, perSecond: 100 };
/** Warnings and errors have a budget of their own, so a flood of info lines never hides them. */
const SHOWN_PROBLEMS: FloodBudget = { burst: 200, perSecond: 50 };

/** What RunOutput writes to: VS Code's Output channel (a stand-in in tests). */
export interface OutputSink {
  append(text: string): void;
  show(preserveFocus?: boolean): void;
  dispose(): void;
}

/** Where the warnings and errors that belong to no run are also kept: the extension's log channel. */
export interface ProblemLog {
  warn(message: string): void;
  error(message: string): void;
}

/** Time and timers, so a test can drive them. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export class RunOutput implements RunLogChannel {
  private queue: string[] = [];
  private timer: unknown;
  private lastAppendAt = -Infinity;
  private readonly recent: string[] = [];
  private secrets: (string | undefined)[] = [];
  private readonly gate: FloodGate;
  private readonly problemGate: FloodGate;
  private readonly open = new Set<RunLog>();
  private fileCount = 0;

  /** `logDir`: where the full logs of runs go (the extension's log folder); none without it. */
  constructor(
    readonly channel: OutputSink,
    private readonly logDir?: string,
    readonly clock: Clock = realClock,
    private readonly problems?: ProblemLog,
  ) {
    this.gate = new FloodGate(SHOWN, clock.now());
    this.problemGate = new FloodGate(SHOWN_PROBLEMS, clock.now());
  }

  /** Values that must never be shown (the current API key); refreshed before each run. */
  setSecrets(secrets: (string | undefined)[]): void {
    this.secrets = secrets;
  }

  show(preserveFocus = true): void {
    this.channel.show(preserveFocus);
  }

  /** One or more lines that belong to no run (a batch's header and end, for example). */
  line(text: string, level: OutputLevel = 'info'): void {
    const time = localTimestamp(new Date(this.clock.now()));
    for (const part of text.split(/\r?\n/)) this.enqueue(formatEntry(time, level, '', '', this.clean(part)));
    // So the log a user attaches to a report says what went wrong too.
    if (level === 'warning') this.problems?.warn(this.clean(text));
    if (level === 'error') this.problems?.error(this.clean(text));
  }

  error(text: string): void {
    this.line(text, 'error');
  }

  /** The log of one run: every line it writes carries `marker` (e.g. "progress_report 18:31:10"). */
  startRun(functionName: string, marker: string): RunLog {
    const log = new RunLog(this, safeMarker(marker), this.newLogFile(functionName));
    this.open.add(log);
    return log;
  }

  /** The last lines shown or about to be (for tests and the run document's live tail). */
  recentLines(): readonly string[] {
    return [...this.recent, ...this.queue].slice(-RECENT_LINES);
  }

  dispose(): void {
    for (const log of this.open) void log.close();
    this.append();
    this.channel.dispose();
  }

  /** @internal for RunLog */
  clean(text: string): string {
    return redactSecrets(stripControlCharacters(text), this.secrets);
  }

  /** @internal for RunLog: `clean` for UTF-8 text, the same bytes when there is nothing to cut. */
  cleanBytes(bytes: Buffer): Buffer {
    return bytesNeedCleaning(bytes, this.secrets) ? Buffer.from(this.clean(bytes.toString('utf8')), 'utf8') : bytes;
  }

  /** @internal for RunLog: may a line of this level be drawn now? */
  admit(level: OutputLevel, now: number): boolean {
    return level === 'warning' || level === 'error' ? this.problemGate.admit(now) : this.gate.admit(now);
  }

  /** @internal for RunLog: a line for the next append, which comes at most APPEND_MS after the last. */
  enqueue(entry: string): void {
    this.queue.push(entry);
    if (this.timer === undefined) this.timer = this.clock.setTimeout(() => this.append(), Math.max(0, this.lastAppendAt + APPEND_MS + TIMER_SLACK_MS - this.clock.now()));
  }

  /** @internal for RunLog */
  closed(log: RunLog): void {
    this.open.delete(log);
  }

  /** One append of everything queued; each open run's fold note and full log go along at the same pace. */
  private append(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    const now = this.clock.now();
    for (const log of this.open) log.tick(now);
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.lastAppendAt = now;
    this.remember(batch);
    this.channel.append(batch.join('\n') + '\n');
  }

  private newLogFile(functionName: string): string | undefined {
    if (!this.logDir) return undefined;
    const stamp = localTimestamp(new Date(this.clock.now())).slice(0, 19).replace(/:/g, '.');
    const safe = functionName.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'run';
    return path.join(this.logDir, 'runs', `${safe} ${stamp} ${++this.fileCount}.log`);
  }

  private remember(lines: string[]): void {
    this.recent.push(...lines.slice(-RECENT_LINES));
    if (this.recent.length > RECENT_LINES) this.recent.splice(0, this.recent.length - RECENT_LINES);
  }
}
