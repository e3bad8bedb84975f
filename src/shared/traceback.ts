// Reads Python tracebacks out of run output: the frames, the exception, a missing module. Used for
// links to the author's file, the Problems diagnostic and the "install it" message. No vscode import.

import { resultValue } from './resultText';

export interface TracebackFrame {
  /** The file name as Python wrote it (a temporary copy, the server's copy, or the real file). */
  file: string;
  /** 1-based line. */
  line: number;
  name?: string;
  /** Index of the text line holding the frame, and where the `File "…", line N` part sits in it. */
  textLine: number;
  start: number;
  end: number;
}

export interface ParsedTraceback {
  frames: TracebackFrame[];
  /** "ValueError: boom", the last line of the last traceback, when there is one. */
  exception?: string;
}

export const TRACEBACK_MARKER = 'Traceback (most recent call last)';
const FRAME = /File "([^"]+)", line (\d+)(?:, in (\S+))?/;
const EXCEPTION = /^[A-Za-z_][\w.]*(?::\s?.*)?$/;

/** Every frame of the text (all tracebacks), and the exception of the last one. */
export function parseTraceback(text: string): ParsedTraceback {
  const lines = text.split(/\r?\n/);
  const frames: TracebackFrame[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!line.includes('File "')) continue;
    const match = FRAME.exec(line);
    if (!match) continue;
    frames.push({ file: match[1], line: Number(match[2]), name: match[3], textLine: i, start: match.index, end: match.index + match[0].length });
  }
  const last = frames[frames.length - 1];
  return { frames, exception: last ? exceptionAfter(lines, last) : undefined };
}

/** The frames of the last traceback only: its innermost own frame is where the error was raised. */
export function lastTracebackFrames(text: string): TracebackFrame[] {
  const at = text.lastIndexOf(TRACEBACK_MARKER);
  if (at < 0) return parseTraceback(text).frames;
  const before = text.slice(0, at).split(/\r?\n/).length - 1;
  return parseTraceback(text.slice(at)).frames.map((f) => ({ ...f, textLine: f.textLine + before }));
}

/**
 * The exception line after a traceback's last frame: the first line indented less than the frame
 * (source and caret lines are indented more). A log prefix such as "[3] " before every line is allowed.
 */
function exceptionAfter(lines: string[], frame: TracebackFrame): string | undefined {
  const framePrefix = lines[frame.textLine].slice(0, frame.start);
  const lead = framePrefix.trimEnd();
  const frameIndent = framePrefix.length - lead.length;
  for (let i = frame.textLine + 1; i < lines.length && i < frame.textLine + 40; i++) {
    let line = lines[i];
    if (lead && line.startsWith(lead)) line = line.slice(lead.length);
    if (!line.trim()) continue;
    if (line.length - line.trimStart().length >= frameIndent) continue;
    const text = line.trim();
    return EXCEPTION.test(text) ? text : undefined;
  }
  return undefined;
}

/** Frames Python's own library and installed packages own: not the author's code. */
export function isLibraryFrame(file: string): boolean {
  return /[\\/](site|dist)-packages[\\/]|[\\/]lib[\\/]python\d|^<(frozen|string|stdin)/.test(file) || file.startsWith('<');
}

export interface OwnFileHints {
  /** Paths known to be copies of the author's file (a local run's temporary copy). */
  aliases?: readonly string[];
  /** Base names the file goes by (the local file's, the server's copy's). */
  baseNames?: readonly string[];
}

/**
 * The frames that belong to the function's own file: a known copy, a matching base name, or, when
 * nothing matches by name, the one file of the traceback that is not a library's.
 */
export function ownFrames(frames: readonly TracebackFrame[], hints: OwnFileHints): TracebackFrame[] {
  const aliases = new Set(hints.aliases ?? []);
  const names = new Set((hints.baseNames ?? []).map((n) => n.toLowerCase()));
  const byName = frames.filter((f) => aliases.has(f.file) || names.has(baseName(f.file).toLowerCase()));
  if (byName.length) return byName;
  const userFiles = new Set(frames.filter((f) => !isLibraryFrame(f.file)).map((f) => f.file));
  if (userFiles.size === 1) {
    const only = [...userFiles][0];
    return frames.filter((f) => f.file === only);
  }
  return [];
}

/**
 * Where the last traceback of the text was raised in the author's own file (its innermost own frame):
 * the line of a run's Problems entry and of a failed test's message.
 */
export function raisingFrame(text: string, hints: OwnFileHints): TracebackFrame | undefined {
  const frames = ownFrames(lastTracebackFrames(text), hints);
  return frames[frames.length - 1];
}

export function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

export interface MissingModule {
  module: string;
  /** What to give pip. */
  pipName: string;
}

const PIP_NAMES: Record<string, string> = {
  notte_sdk: 'notte-sdk',
  notte: 'notte-sdk',
  cv2: 'opencv-python',
  yaml: 'pyyaml',
  PIL: 'pillow',
  bs4: 'beautifulsoup4',
  sklearn: 'scikit-learn',
  dotenv: 'python-dotenv',
  dateutil: 'python-dateutil',
};

/** The module an import could not find ("No module named 'notte_sdk'"), with its pip package. */
export function findMissingModule(text: string): MissingModule | undefined {
  const match = /ModuleNotFoundError: No module named '([^']+)'/.exec(text);
  if (!match) return undefined;
  const top = match[1].split('.')[0];
  return { module: match[1], pipName: PIP_NAMES[top] ?? top.replace(/_/g, '-') };
}

/**
 * The install command for a terminal of this platform: a path that needs quoting is quoted for a POSIX
 * shell, or on Windows for PowerShell, VS Code's default terminal there (`& "…"`; a plain path runs in
 * cmd as well).
 */
export function pipInstallCommand(python: string, pipName: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return `${/^[\w:.\\/-]+$/.test(python) ? python : `& "${python}"`} -m pip install ${pipName}`;
  const quoted = /^[\w@%+=:,./-]+$/.test(python) ? python : `'${python.replace(/'/g, `'\\''`)}'`;
  return `${quoted} -m pip install ${pipName}`;
}

/** The one message a run ends with when an import failed: the module, the interpreter that lacks it, the command that installs it. */
export function missingModuleMessage(python: string, missing: MissingModule): string {
  return `The function imports ${missing.module}, which ${python} cannot find. Install it with: ${pipInstallCommand(python, missing.pipName)}`;
}

/** What to install and how, read back from a line missingModuleMessage wrote (the local server ends such a run with it). */
export function parseMissingModuleMessage(text: string): { text: string; command: string } | undefined {
  const match = /^The function imports \S+, which .+ cannot find\. Install it with: (.+)$/.exec(text.trim());
  return match ? { text: text.trim(), command: match[1] } : undefined;
}

/**
 * The exception of a Python traceback held in the result (a string, or any string inside it), ''
 * when the traceback names none, undefined when there is no traceback. A local run records a
 * function's failure as `closed` with the traceback as its result (notte-api.md, "Local runs").
 */
export function tracebackIn(value: unknown): string | undefined {
  if (typeof value === 'string') {
    if (!value.includes(TRACEBACK_MARKER)) return undefined;
    return parseTraceback(value).exception ?? '';
  }
  if (value && typeof value === 'object') {
    for (const item of Object.values(value)) {
      const found = tracebackIn(item);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * True when a run's result is a Python traceback and nothing else (a function that caught its error
 * and returned traceback.format_exc()): every view reads such a closed run as failed (shared/runs.ts).
 * A result that only holds one somewhere (scraped text, collected logs) is data: the health contracts
 * judge that case (tracebackIn), not the views.
 */
export function raisedInResult(result: unknown): boolean {
  // Most results are not tracebacks: skip parsing a large JSON text when the marker is not in it.
  if (typeof result !== 'string' || !result.includes(TRACEBACK_MARKER)) return false;
  const value = resultValue(result);
  return typeof value === 'string' && value.trimStart().startsWith(TRACEBACK_MARKER);
}
