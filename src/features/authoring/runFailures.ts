import fs = require('fs');
import path = require('path');
import vscode = require('vscode');
import { codeHash, DeployedCode, shortVersion } from '../../core/links/deployedCode';
import { FailureDiagnostics } from './failureDiagnostics';
import { LinkStore } from '../../core/links/linkStore';
import { endedByItself, FinishedRun } from '../../shared/finishedRun';
import { windowPart } from '../../core/windowContext';
import { baseName, isLibraryFrame, parseTraceback, raisingFrame, TracebackFrame } from '../../shared/traceback';

const MAX_ALIASES = 100;

/** The code a failed run ran, by its hash, and what its entry adds while the file differs from it. */
interface RanCode {
  hash: string;
  note: string;
}

/** A Problems entry of a file: its line and message, and the code that ran (the note follows the file's edits). */
interface Reported {
  target: vscode.Uri;
  line: number;
  message: string;
  ran?: RanCode;
  shown?: string;
}

/** The window's run failures, listening to every run the launcher ends. */
export const runFailuresPart = windowPart('run failures', (ctx) => {
  const failures = new RunFailures(ctx.linked.links, ctx.linked.deployedCode);
  failures.follow(ctx.launcher.onDidFinishRun);
  return failures;
});

/**
 * Turns a finished run into what the author sees at the file: a Problems entry at the raising line
 * (cleared by the next success), and the copies of the file Python saw, so traceback links find it.
 */
export class RunFailures implements vscode.Disposable {
  private readonly aliases = new Map<string, vscode.Uri>();
  private readonly diagnostics = new FailureDiagnostics();
  private readonly reported = new Map<string, Reported>();
  private readonly subscriptions: vscode.Disposable[] = [this.diagnostics];

  constructor(
    private readonly links: LinkStore,
    private readonly deployed: DeployedCode,
  ) {
    // "differs from this file" stays true only while it is: an edit that brings the file back drops it.
    this.subscriptions.push(vscode.workspace.onDidChangeTextDocument((event) => this.edited(event)));
  }

  /** Handles each run `finished` tells of; a run stopped by a person or lost to an error of ours says nothing of the code. */
  follow(finished: vscode.Event<FinishedRun>): void {
    this.subscriptions.push(
      finished((run) => {
        if (endedByItself(run)) this.handle(run);
      }),
    );
  }

  handle(run: FinishedRun): void {
    const targets = run.file ? [vscode.Uri.file(run.file)] : run.functionId ? this.links.filesOf(run.functionId) : [];
    for (const alias of run.aliases ?? []) if (targets[0]) this.remember(alias, targets[0]);
    for (const target of targets) {
      const raising = run.status === 'closed' ? undefined : raisingFrame(run.text, { aliases: run.aliases, baseNames: [path.basename(target.fsPath)] });
      if (!raising) {
        this.reported.delete(target.toString());
        this.diagnostics.clear(target);
        continue;
      }
      const exception = parseTraceback(run.text).exception ?? 'an error';
      const who = run.runId ? `run ${shortRunId(run.runId)}` : 'local run';
      this.reported.set(target.toString(), { target, line: raising.line, message: `${who} failed: ${exception}`, ran: this.ranCode(run) });
      this.render(target.toString());
    }
  }

  /** Follows an edit of a file with an entry: lines added or removed above it move it, then its note is drawn again. */
  private edited(event: vscode.TextDocumentChangeEvent): void {
    const entry = this.reported.get(event.document.uri.toString());
    if (!entry) return;
    const at = entry.line - 1;
    for (const change of event.contentChanges) {
      // Ranges are the document's before the event: those wholly above the entry's line shift it.
      if (change.range.end.line < at) entry.line += change.text.split('\n').length - 1 - (change.range.end.line - change.range.start.line);
    }
    if (entry.line - 1 !== at) entry.shown = undefined;
    this.render(event.document.uri.toString());
  }

  /** Shows a file's entry, with the note while its text differs from the code that ran. */
  private render(key: string): void {
    const entry = this.reported.get(key);
    if (!entry) return;
    const current = entry.ran && currentText(entry.target);
    const note = entry.ran && current !== undefined && codeHash(current) !== entry.ran.hash ? entry.ran.note : '';
    if (entry.shown === entry.message + note) return;
    entry.shown = entry.message + note;
    this.diagnostics.report(entry.target, entry.line, entry.shown);
  }

  /** The local file a traceback frame stands for, if one is known. */
  resolve(file: string, functionId?: string): vscode.Uri | undefined {
    const known = this.aliases.get(file);
    if (known) return known;
    if (isLibraryFrame(file)) return undefined;
    const name = baseName(file).toLowerCase();
    const candidates = functionId ? this.links.filesOf(functionId) : this.links.allLinked().map((l) => vscode.Uri.joinPath(l.folder.uri, l.relativePath));
    const byName = candidates.filter((uri) => path.basename(uri.fsPath).toLowerCase() === name);
    if (byName.length === 1) return byName[0];
    // A run of a linked function: its one file, whatever name the server gave its copy.
    if (functionId && candidates.length === 1) return candidates[0];
    const recent = [...new Set(this.aliases.values())].filter((uri) => path.basename(uri.fsPath).toLowerCase() === name);
    return recent.length === 1 ? recent[0] : undefined;
  }

  /** Frames of text that lead to a local file, with their targets. */
  frameLinks(text: string, functionId?: string): { frame: TracebackFrame; target: vscode.Uri }[] {
    const found: { frame: TracebackFrame; target: vscode.Uri }[] = [];
    for (const frame of parseTraceback(text).frames) {
      const target = this.resolve(frame.file, functionId);
      if (target) found.push({ frame, target });
    }
    return found;
  }

  private remember(alias: string, target: vscode.Uri): void {
    this.aliases.delete(alias);
    this.aliases.set(alias, target);
    if (this.aliases.size > MAX_ALIASES) this.aliases.delete(this.aliases.keys().next().value as string);
  }

  /** The code that ran, when known: its entry says so while the file differs from it (the line may have moved). */
  private ranCode(run: FinishedRun): RanCode | undefined {
    if (run.code !== undefined) return { hash: codeHash(run.code), note: ' (from the code as it was when the run started; the file has changed since)' };
    if (!run.functionId) return undefined;
    const known = this.deployed.known(this.links.currentApiUrl, run.functionId);
    return known && { hash: known.hash, note: ` (the traceback is from deployed version ${shortVersion(known.version)}, which differs from this file)` };
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
  }
}

function currentText(uri: vscode.Uri): string | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return fs.readFileSync(uri.fsPath, 'utf8');
  } catch {
    return undefined;
  }
}

function shortRunId(runId: string): string {
  return runId.length > 8 ? `${runId.slice(0, 4)}…` : runId;
}
