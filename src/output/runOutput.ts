import * as vscode from 'vscode';
import { redactSecrets, stripControlCharacters } from '../util/redact';

const FLUSH_MS = 50;
const MAX_BATCH_LINES = 5000;
const RECENT_LINES = 2000;

/**
 * The "Notte Functions" Output channel. Lines are queued and written in batches so a
 * function printing thousands of lines a second does not stall the editor; every line is
 * cleaned of terminal escapes and of the API key before it is shown.
 */
export class RunOutput implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  private queue: string[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly recent: string[] = [];
  private secrets: (string | undefined)[] = [];

  constructor() {
    this.channel = vscode.window.createOutputChannel('Notte Functions', { log: true });
  }

  /** Values that must never be shown (the current API key); refreshed before each run. */
  setSecrets(secrets: (string | undefined)[]): void {
    this.secrets = secrets;
  }

  show(preserveFocus = true): void {
    this.channel.show(preserveFocus);
  }

  /** Queue one or more lines (a multi-line string is split). */
  line(text: string): void {
    for (const part of text.split(/\r?\n/)) {
      this.queue.push(redactSecrets(stripControlCharacters(part), this.secrets));
    }
    if (this.queue.length >= MAX_BATCH_LINES) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  error(text: string): void {
    this.flush();
    const clean = redactSecrets(stripControlCharacters(text), this.secrets);
    this.remember([clean]);
    this.channel.error(clean);
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    this.remember(batch);
    this.channel.info(batch.join('\n'));
  }

  /** The last lines written, for tests and for the run document's live tail. */
  recentLines(): readonly string[] {
    this.flush();
    return this.recent;
  }

  private remember(lines: string[]): void {
    this.recent.push(...lines.slice(-RECENT_LINES));
    if (this.recent.length > RECENT_LINES) this.recent.splice(0, this.recent.length - RECENT_LINES);
  }

  dispose(): void {
    this.flush();
    this.channel.dispose();
  }
}
