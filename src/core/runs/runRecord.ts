// One run's record while it goes, whatever runs it: its log in the Output channel and the end of its
// lines, where a traceback is; `finish` tells the window how it ended (the launcher's onDidFinishRun).
import type { LogLine } from '../../api/logLine';
import { maskSecretVariables } from '../../api/redact';
import type { FinishedRun } from '../../shared/finishedRun';
import { formatDuration } from '../../shared/time';
import type { RunLog } from '../runOutput';

/** Lines kept of a run's output to read its traceback from (a traceback is at the end). */
const TRACEBACK_LINES = 400;

/** Made by the launcher (`ctx.launcher.record`) for each run. */
export class RunRecord {
  /** Up to twice TRACEBACK_LINES: cut by half at once, since dropping one line per line moved the whole array each time. */
  private readonly tail: string[] = [];
  readonly startedAt = new Date();

  constructor(
    readonly log: RunLog,
    private readonly finished: (run: FinishedRun) => void,
  ) {}

  /** The run's first lines: where it runs, and its variables (secret-looking values masked). */
  open(where: string, variables: Record<string, unknown>): void {
    this.log.header(where);
    this.log.info(`Variables: ${JSON.stringify(maskSecretVariables(variables))}`);
  }

  /** One line of the function's output. */
  line(line: LogLine): void {
    this.log.log(line);
    this.keep(line.text);
  }

  /** Keeps a line of text for the traceback without writing it (the debug console shows the session's own output). */
  keep(text: string): void {
    this.tail.push(text);
    if (this.tail.length >= 2 * TRACEBACK_LINES) this.tail.splice(0, TRACEBACK_LINES);
  }

  /** The last lines kept (up to 400): what a run reported on the server carries as its logs. */
  lines(): string[] {
    return this.tail.slice(-TRACEBACK_LINES);
  }

  /** How long the run took so far: "1.2s". */
  took(): string {
    return formatDuration(Date.now() - this.startedAt.getTime());
  }

  /** The end of the run's lines, and `errorText` (a failure's message or traceback) after them. */
  text(errorText = ''): string {
    return `${this.lines().join('\n')}\n${errorText}`;
  }

  /** Tells the window how the run ended. */
  finish(run: Omit<FinishedRun, 'text'>, errorText = ''): void {
    this.finished({ ...run, text: this.text(errorText) });
  }
}
