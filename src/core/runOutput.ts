import fs = require('fs');
import path = require('path');
import vscode = require('vscode');
import type { LogLine } from '../api/logLine';
import { redactSecrets, stripControlCharacters } from '../api/redact';
import { FloodBudget, FloodGate, formatCount } from '../shared/floodGate';
import { localTimestamp } from '../shared/time';
import { END_MARK, formatEntry, HEADER_MARK, OutputLevel, RunLineShaper, safeMarker, SEPARATOR } from '../shared/logShape';

const FLUSH_MS = 50;
const MAX_BATCH_LINES = 5000;
const RECENT_LINES = 2000;
/** How often a flooding run says how many of its lines were folded. */
const FOLD_NOTE_MS = 1000;
/** A person reads a few lines a second; a short burst (a stack trace, a listing) still shows whole. */
const SHOWN: FloodBudget = { burst: 400, perSecond: 100 };
/** Warnings and errors have a budget of their own, so a flood of info lines never hides them. */
const SHOWN_PROBLEMS: FloodBudget = { burst: 200, perSecond: 50 };
const LAST_TEXT_CHARS = 120;

/**
 * The "Notte Functions" Output channel: a plain channel in the `log` language whose lines we shape
 * ourselves (one time, one level, one run marker per line; see logShape.ts), queued and appended in
 * batches so a function printing thousands of lines a second does not stall the editor. Past a
 * reader's pace a run's lines are folded into "… N more lines" notes; every line of a run, folded or
 * not, goes to the run's full log file, which the notes name. Every line is cleaned of terminal escapes
 * and of the API key before it is shown or written.
 */
export class RunOutput implements vscode.Disposable {
  readonly channel: vscode.OutputChannel;
  private queue: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly recent: string[] = [];
  private secrets: (string | undefined)[] = [];
  private readonly gate = new FloodGate(SHOWN);
  private readonly problemGate = new FloodGate(SHOWN_PROBLEMS);
  private readonly open = new Set<RunLog>();
  private fileCount = 0;

  /** `logDir`: where the full logs of runs go (the extension's log folder); none without it. */
  constructor(private readonly logDir?: string) {
    this.channel = vscode.window.createOutputChannel('Notte Functions', 'log');
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
    const time = localTimestamp(new Date());
    for (const part of text.split(/\r?\n/)) this.enqueue(formatEntry(time, level, '', '', this.clean(part)));
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

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const now = Date.now();
    for (const log of this.open) log.flushFile(now);
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.remember(batch);
    this.channel.append(batch.join('\n') + '\n');
  }

  /** The last lines shown, for tests and for the run document's live tail. */
  recentLines(): readonly string[] {
    this.flush();
    return this.recent;
  }

  dispose(): void {
    for (const log of this.open) void log.close();
    this.flush();
    this.channel.dispose();
  }

  /** @internal for RunLog */
  clean(text: string): string {
    return redactSecrets(stripControlCharacters(text), this.secrets);
  }

  /** @internal for RunLog: may a line of this level be drawn now? */
  admit(level: OutputLevel, now: number): boolean {
    return level === 'warning' || level === 'error' ? this.problemGate.admit(now) : this.gate.admit(now);
  }

  /** @internal for RunLog */
  enqueue(entry: string): void {
    this.queue.push(entry);
    if (this.queue.length >= MAX_BATCH_LINES) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** @internal for RunLog */
  closed(log: RunLog): void {
    this.open.delete(log);
  }

  private newLogFile(functionName: string): string | undefined {
    if (!this.logDir) return undefined;
    const stamp = localTimestamp(new Date()).slice(0, 19).replace(/:/g, '.');
    const safe = functionName.replace(/[^\w.-]+/g, '_').slice(0, 60) || 'run';
    return path.join(this.logDir, 'runs', `${safe} ${stamp} ${++this.fileCount}.log`);
  }

  private remember(lines: string[]): void {
    this.recent.push(...lines.slice(-RECENT_LINES));
    if (this.recent.length > RECENT_LINES) this.recent.splice(0, this.recent.length - RECENT_LINES);
  }
}

/** One run's lines in the channel and in its full log file. Made by `RunOutput.startRun`. */
export class RunLog {
  private readonly shaper = new RunLineShaper();
  private fileLines: string[] = [];
  private stream: fs.WriteStream | undefined;
  private streamFailed = false;
  private foldedTotal = 0;
  private foldedSinceNote = 0;
  private lastFolded = '';
  private lastNote = 0;
  private done = false;
  /** How many of the function's own log lines this run wrote (folded or not). */
  logLineCount = 0;

  constructor(
    private readonly output: RunOutput,
    readonly marker: string,
    readonly logFile: string | undefined,
  ) {}

  /** Lines that were folded out of the channel (they are all in the full log). */
  get folded(): number {
    return this.foldedTotal;
  }

  /** The line that opens the run: "<marker> ▶ text". */
  header(text: string): void {
    this.write('info', HEADER_MARK, text);
  }

  /** The line that ends the run: "<marker> ■ text". */
  end(text: string, level: OutputLevel = 'info'): void {
    this.noteFolded();
    this.write(level, END_MARK, text);
  }

  info(text: string): void {
    this.write('info', SEPARATOR, text);
  }

  warn(text: string): void {
    this.write('warning', SEPARATOR, text);
  }

  error(text: string): void {
    this.write('error', SEPARATOR, text);
  }

  /** A title line, then `text` indented under it (the result, an error's whole message). */
  block(title: string, text: string, level: OutputLevel = 'info'): void {
    this.write(level, SEPARATOR, title);
    this.write(
      level,
      SEPARATOR,
      text
        .split(/\r?\n/)
        .map((line) => `  ${line}`)
        .join('\n'),
    );
  }

  /** One of the function's log lines, with its own time and level when it carries them. */
  log(line: LogLine): void {
    const now = Date.now();
    const shaped = this.shaper.shape(line, new Date(now));
    const text = this.output.clean(shaped.text);
    const entry = formatEntry(shaped.time, shaped.level, this.marker, SEPARATOR, text);
    this.logLineCount++;
    this.toFile(entry);
    if (this.output.admit(shaped.level, now)) {
      this.output.enqueue(entry);
      return;
    }
    this.foldedTotal++;
    this.foldedSinceNote++;
    this.lastFolded = text;
    if (now - this.lastNote >= FOLD_NOTE_MS) this.noteFolded(now);
  }

  /** Ends the run's log: what is left is written, and the full log file is complete once this settles. */
  async close(): Promise<void> {
    if (this.done) return;
    this.noteFolded();
    this.done = true;
    this.output.closed(this);
    this.flushFile(Date.now());
    const stream = this.stream;
    this.stream = undefined;
    if (stream) await new Promise<void>((resolve) => stream.end(() => resolve()));
  }

  /** @internal called on each flush of the channel. */
  flushFile(now: number): void {
    if (this.foldedSinceNote > 0 && now - this.lastNote >= FOLD_NOTE_MS) this.noteFolded(now);
    if (this.fileLines.length === 0 || !this.logFile || this.streamFailed) return;
    const text = this.fileLines.join('\n') + '\n';
    this.fileLines = [];
    try {
      if (!this.stream) {
        fs.mkdirSync(path.dirname(this.logFile), { recursive: true });
        this.stream = fs.createWriteStream(this.logFile, { flags: 'a' });
        this.stream.on('error', () => (this.streamFailed = true));
      }
      this.stream.write(text);
    } catch {
      // A log folder that cannot be written loses the full log, never the run.
      this.streamFailed = true;
    }
  }

  private noteFolded(now = Date.now()): void {
    this.lastNote = now;
    if (this.foldedSinceNote === 0) return;
    const last = this.lastFolded.length > LAST_TEXT_CHARS ? `${this.lastFolded.slice(0, LAST_TEXT_CHARS)}…` : this.lastFolded;
    const where = this.logFile && !this.streamFailed ? `, Open Full Log: ${vscode.Uri.file(this.logFile).toString()}` : '';
    const text = `… ${formatCount(this.foldedSinceNote)} more line${this.foldedSinceNote === 1 ? '' : 's'} (the last: ${last})${where}`;
    this.foldedSinceNote = 0;
    // The note is shown, not written to the full log: there every line stands.
    this.output.enqueue(formatEntry(localTimestamp(new Date(now)), 'info', this.marker, SEPARATOR, text));
  }

  private write(level: OutputLevel, mark: string, text: string): void {
    if (this.done) return;
    const time = localTimestamp(new Date());
    for (const part of text.split(/\r?\n/)) {
      const entry = formatEntry(time, level, this.marker, mark, this.output.clean(part));
      this.toFile(entry);
      this.output.enqueue(entry);
    }
  }

  private toFile(entry: string): void {
    if (this.logFile && !this.streamFailed) this.fileLines.push(entry);
  }
}
