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
  private readonly subscriptions: vscode.Disposable[] = [this.diagnostics];

  constructor(
    private readonly links: LinkStore,
    private readonly deployed: DeployedCode,
  ) {}

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
      if (run.status === 'closed') {
        this.diagnostics.clear(target);
        continue;
      }
      const raising = raisingFrame(run.text, { aliases: run.aliases, baseNames: [path.basename(target.fsPath)] });
      if (!raising) {
        this.diagnostics.clear(target);
        continue;
      }
      const exception = parseTraceback(run.text).exception ?? 'an error';
      const who = run.runId ? `run ${shortRunId(run.runId)}` : 'local run';
      this.diagnostics.report(target, raising.line, `${who} failed: ${exception}${this.versionNote(run, target)}`);
    }
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

  /** Says so when the code that ran is not the file's current content (the line may have moved). */
  private versionNote(run: FinishedRun, target: vscode.Uri): string {
    const current = currentText(target);
    if (current === undefined) return '';
    if (run.code !== undefined) return codeHash(run.code) === codeHash(current) ? '' : ' (from the code as it was when the run started; the file has changed since)';
    if (!run.functionId) return '';
    const known = this.deployed.known(this.links.currentApiUrl, run.functionId);
    if (!known || known.hash === codeHash(current)) return '';
    return ` (the traceback is from deployed version ${shortVersion(known.version)}, which differs from this file)`;
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
