// One run's lines in the Output channel and in its full log file. Made by `RunOutput.startRun`. The
// fold is decided on each line as it comes (its level only, a few character checks): a line that is
// folded is counted and kept for its full log as it came, never shaped, cleaned or formatted; only the
// lines the channel shows are (99% of a flood are not).
import { pathToFileURL } from 'url';
import type { LogLine } from '../api/logLine';
import { formatCount } from '../shared/floodGate';
import { localTimestamp } from '../shared/time';
import { END_MARK, formatEntry, HEADER_MARK, OutputLevel, RunLineShaper, SEPARATOR } from '../shared/logShape';
import { FullLogFile } from './fullLogFile';

/** What a run's lines go through on their way to the Output channel: RunOutput, which holds the channel and its pace. */
export interface RunLogChannel {
  readonly clock: { now(): number };
  clean(text: string): string;
  cleanBytes(bytes: Buffer): Buffer;
  admit(level: OutputLevel, now: number): boolean;
  enqueue(entry: string): void;
  closed(log: RunLog): void;
}

/** How often a flooding run says how many of its lines were folded. */
const FOLD_NOTE_MS = 1000;
const LAST_TEXT_CHARS = 120;

export class RunLog {
  private readonly shaper = new RunLineShaper();
  private readonly file: FullLogFile | undefined;
  private foldedTotal = 0;
  private foldedSinceNote = 0;
  private lastFolded: LogLine | undefined;
  private lastNote = 0;
  /** The time text of the last millisecond a line without its own time came in. */
  private stamp = { ms: NaN, text: '' };
  private done = false;
  /** How many of the function's own log lines this run wrote (folded or not). */
  logLineCount = 0;

  constructor(
    private readonly output: RunLogChannel,
    readonly marker: string,
    logFile: string | undefined,
  ) {
    this.file = logFile ? new FullLogFile(logFile, (bytes) => output.cleanBytes(bytes)) : undefined;
  }

  /** The run's full log (every line, none folded), while it can be written. */
  get logFile(): string | undefined {
    return this.file?.writable ? this.file.file : undefined;
  }

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
    this.noteFolded(this.output.clock.now());
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
    if (this.done) return;
    const now = this.output.clock.now();
    const level = this.shaper.levelOf(line);
    this.logLineCount++;
    // The full log keeps the line as the server sent it (its own time, level and place), else stamped here.
    this.file?.add(line.time === undefined ? `${this.stampAt(now)} [${level}] ${line.raw}` : line.raw);
    if (this.output.admit(level, now)) {
      const shaped = this.shaper.shape(line, level, new Date(now));
      this.output.enqueue(formatEntry(shaped.time, level, this.marker, SEPARATOR, this.output.clean(shaped.text)));
      return;
    }
    this.foldedTotal++;
    this.foldedSinceNote++;
    this.lastFolded = line;
    if (now - this.lastNote >= FOLD_NOTE_MS) this.noteFolded(now);
  }

  /** Ends the run's log: what is left is written, and the full log file is complete once this settles. */
  async close(): Promise<void> {
    if (this.done) return;
    this.noteFolded(this.output.clock.now());
    this.done = true;
    this.output.closed(this);
    await this.file?.close();
  }

  /** @internal called on each append of the channel: the fold's note when due, and the full log's lines so far. */
  tick(now: number): void {
    if (this.foldedSinceNote > 0 && now - this.lastNote >= FOLD_NOTE_MS) this.noteFolded(now);
    this.file?.write();
  }

  private noteFolded(now: number): void {
    this.lastNote = now;
    if (this.foldedSinceNote === 0 || !this.lastFolded) return;
    const text = this.output.clean(this.lastFolded.text);
    const last = text.length > LAST_TEXT_CHARS ? `${text.slice(0, LAST_TEXT_CHARS)}…` : text;
    const file = this.logFile;
    const where = file ? `, Open Full Log: ${pathToFileURL(file).href}` : '';
    const note = `… ${formatCount(this.foldedSinceNote)} more line${this.foldedSinceNote === 1 ? '' : 's'} (the last: ${last})${where}`;
    this.foldedSinceNote = 0;
    // The note is shown, not written to the full log: there every line stands.
    this.output.enqueue(formatEntry(localTimestamp(new Date(now)), 'info', this.marker, SEPARATOR, note));
  }

  private write(level: OutputLevel, mark: string, text: string): void {
    if (this.done) return;
    const time = localTimestamp(new Date(this.output.clock.now()));
    for (const part of text.split(/\r?\n/)) {
      const entry = formatEntry(time, level, this.marker, mark, this.output.clean(part));
      this.file?.add(entry);
      this.output.enqueue(entry);
    }
  }

  private stampAt(now: number): string {
    if (now !== this.stamp.ms) this.stamp = { ms: now, text: localTimestamp(new Date(now)) };
    return this.stamp.text;
  }
}
