// The one shape of every line in the "Notte Runs" Output channel, and how a run's log lines get
// their time and level. No vscode import: unit-tested on Node.
//
//   2026-12-01 18:31:10.123 [warning] [progress_report 18:31:10] warning: slow page
//
// This is the shape VS Code writes its own logs in: the Output view colours it, and its filter reads
// the `[level]` (the level filter) and the bracketed run marker (as a category, so one run can be
// shown alone). The marker names the run, so the lines of runs that stream at once stay apart.
import type { LogLine } from '../api/logLine';
import { localTimestamp } from './time';

export type OutputLevel = 'trace' | 'debug' | 'info' | 'warning' | 'error';

/** Between the run's marker and the text of each of its lines. */
export const SEPARATOR = ' ';
/** After the marker of the line that opens a run. */
export const HEADER_MARK = ' ▶ ';
/** After the marker of the line that ends a run. */
export const END_MARK = ' ■ ';

export interface ShapedLine {
  time: string;
  level: OutputLevel;
  text: string;
}

const TIME = /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d:\d\d)(?:[.,](\d{1,9}))?/;

/** The function's own timestamp in our shape, when it is one (loguru's or ISO); else undefined. */
export function normaliseTime(time: string | undefined): string | undefined {
  if (!time) return undefined;
  // loguru's default is already our shape: checked by characters, as this runs once per log line.
  if (time.length === 23 && time.charCodeAt(10) === 32 && time.charCodeAt(19) === 46 && time.charCodeAt(4) === 45 && time.charCodeAt(13) === 58) return time;
  const match = TIME.exec(time);
  if (!match) return undefined;
  const ms = (match[3] ?? '').padEnd(3, '0').slice(0, 3);
  return `${match[1]} ${match[2]}.${ms}`;
}

/** loguru's levels (and the usual others) as the Output channel's five. */
export function normaliseLevel(level: string | undefined): OutputLevel | undefined {
  if (level === 'INFO') return 'info';
  switch ((level ?? '').trim().toUpperCase()) {
    case 'TRACE':
      return 'trace';
    case 'DEBUG':
      return 'debug';
    case 'INFO':
    case 'SUCCESS':
    case 'NOTICE':
      return 'info';
    case 'WARN':
    case 'WARNING':
      return 'warning';
    case 'ERROR':
    case 'CRITICAL':
    case 'FATAL':
    case 'EXCEPTION':
      return 'error';
    default:
      return undefined;
  }
}

/** One entry; `marker` empty for lines of no run. A `]` in the marker would end VS Code's category early. */
export function formatEntry(time: string, level: OutputLevel, marker: string, mark: string, text: string): string {
  return marker ? `${time} [${level}] [${marker}]${mark}${text}` : `${time} [${level}] ${text}`;
}

/** A run marker VS Code's Output filter reads whole: no brackets inside. */
export function safeMarker(marker: string): string {
  return marker.replace(/[[\]]/g, '');
}

/**
 * Gives each log line of one run its level and, when it is shown, its time: the function's own when
 * the line carries them, else info and the arrival time; a Python traceback is `error` from its first
 * line to its last, whatever level its lines came with (tracebacks are printed to stderr, which reads
 * as a warning). `levelOf` sees every line, in order (a few character checks: the Output channel's fold
 * is decided on it); `shape` only the lines that are shown.
 */
export class RunLineShaper {
  private inTraceback = false;

  levelOf(line: LogLine): OutputLevel {
    const level = normaliseLevel(line.level) ?? 'info';
    return this.tracebackLine(line.text) ? 'error' : level;
  }

  shape(line: LogLine, level: OutputLevel, arrival: Date = new Date()): ShapedLine {
    return { time: normaliseTime(line.time) ?? localTimestamp(arrival), level, text: line.text };
  }

  /** Python's traceback: the header, indented frames, chained-exception notes, then one `Name: message` line. */
  private tracebackLine(text: string): boolean {
    // Most lines are not: one character code rules out the three openings below.
    const first = text.charCodeAt(0);
    if (!this.inTraceback && first !== 84 && first !== 68) return false;
    if (
      text.startsWith('Traceback (most recent call last):') ||
      text.startsWith('During handling of the above exception') ||
      text.startsWith('The above exception was the direct cause')
    ) {
      this.inTraceback = true;
      return true;
    }
    if (!this.inTraceback) return false;
    if (text === '' || /^\s/.test(text)) return true;
    // The exception line ends the traceback; a chained one starts again with "Traceback".
    this.inTraceback = false;
    return true;
  }
}
