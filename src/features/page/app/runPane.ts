// The run pane's state: running or not (Run and Stop), the status line and elapsed time, and how the
// run ended: its result as a tree of text, or its failure with the traceback.
import { formatDuration } from '../../../shared/time';
import { NO_RUN_YET } from '../pageView';
import type { RunEnd, RunSummaryView } from '../protocol';
import { byId, el } from './dom';

export type StatusKind = 'active' | 'closed' | 'failed' | 'stopped';

export class RunPane {
  private running = false;
  /** A run was asked for and the extension has not answered yet: a second click starts nothing. */
  private asked = false;
  private startedAt = 0;
  private elapsedTimer: number | undefined;
  /** Whether the pane has shown a run (this page's or a past one picked in History). */
  private showsRun = false;
  /** The run whose end is shown, while its "took" is still the page's own count (from the click). */
  private endCountedHere: string | undefined;

  get busy(): boolean {
    return this.running || this.asked;
  }

  /** Run was pressed: nothing more is sent until the extension says the run started (or refused it). */
  asking(): void {
    this.asked = true;
    byId<HTMLButtonElement>('run').disabled = true;
  }

  /** The extension answered without starting a run (a refusal, a notice): Run can be pressed again. */
  answered(): void {
    if (!this.asked) return;
    this.asked = false;
    if (!this.running) byId<HTMLButtonElement>('run').disabled = false;
  }

  started(startedAt: number): void {
    this.asked = false;
    this.endCountedHere = undefined;
    this.startedAt = startedAt;
    this.setStatus('active · starting…', 'active');
    this.setRunning(true);
  }

  setRunning(value: boolean): void {
    this.running = value;
    byId<HTMLButtonElement>('run').disabled = value || this.asked;
    byId<HTMLButtonElement>('stop').disabled = !value;
    document.body.classList.toggle('is-running', value);
    if (this.elapsedTimer !== undefined) window.clearInterval(this.elapsedTimer);
    this.elapsedTimer = undefined;
    if (value) {
      const tick = () => (byId('elapsed').textContent = formatDuration(Date.now() - this.startedAt));
      tick();
      this.elapsedTimer = window.setInterval(tick, 250);
    }
  }

  /** The status line: its words in the page's text colour, the kind shown by its mark (a contrast that holds in every theme). */
  setStatus(text: string, kind: StatusKind): void {
    this.showsRun = true;
    const status = byId('status-text');
    status.textContent = text;
    status.className = `status status-${kind}`;
  }

  /** Before any run is shown: a page reopened over past runs says where they are, not that there are none. */
  showNone(hasPastRuns: boolean): void {
    if (this.showsRun) return;
    byId('status-text').textContent = hasPastRuns ? 'No run shown: pick one in History, or Run.' : NO_RUN_YET;
  }

  /**
   * The history lists the run just ended with the server's duration (its start to its end): "took" says
   * the same, not the page's count from the click (which adds the requests' round trips).
   */
  tookAsListed(runs: readonly RunSummaryView[]): void {
    const listed = this.endCountedHere === undefined ? undefined : runs.find((run) => run.runId === this.endCountedHere);
    if (listed?.durationMs === undefined) return;
    byId('elapsed').textContent = `took ${formatDuration(listed.durationMs)}`;
    this.endCountedHere = undefined;
  }

  clearEnd(): void {
    this.endCountedHere = undefined;
    byId('result-box').hidden = true;
    byId('failure-box').hidden = true;
    byId('result').replaceChildren();
  }

  showEnd(end: RunEnd): void {
    const kind: StatusKind = end.status === 'closed' ? 'closed' : end.status === 'failed' || end.status === 'error' ? 'failed' : 'stopped';
    this.setStatus(`${end.status}${end.runId ? ` · run ${end.runId}` : ''}`, kind);
    byId('elapsed').textContent = `took ${formatDuration(end.durationMs)}`;
    this.endCountedHere = end.runId;
    if (end.error !== undefined && end.status !== 'closed') {
      // A stop is no failure: the box says so in the page's plain colours.
      byId('failure-box').hidden = false;
      byId('failure-box').classList.toggle('is-stopped', kind === 'stopped');
      byId('failure-title').textContent = kind === 'stopped' ? 'Stopped' : 'Failed';
      byId('failure-message').textContent = end.error;
      byId('traceback').textContent = end.traceback ?? '';
      (byId('traceback').parentElement as HTMLDetailsElement).hidden = !end.traceback;
    }
    if ('result' in end && end.status !== 'failed') {
      byId('result-box').hidden = false;
      byId('result').replaceChildren(jsonTree(end.result, undefined, 0));
    }
  }
}

/** A collapsible tree of a JSON value, every key and value as text (a string as itself, wrapped, not as a JSON literal). */
function jsonTree(value: unknown, key: string | undefined, depth: number): HTMLElement {
  const keyNode = key === undefined ? undefined : el('span', { class: 'key', text: `${key}: ` });
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
    const label = Array.isArray(value) ? `[${entries.length}]` : `{${entries.length}}`;
    const details = el('details', { open: depth < 2 }, el('summary', {}, keyNode, el('span', { class: 'muted', text: label })));
    const children = el('div', { class: 'children' });
    for (const [k, v] of entries) children.append(jsonTree(v, k, depth + 1));
    details.append(children);
    return details;
  }
  const type = value === null ? 'null' : typeof value;
  return el('div', { class: 'leaf' }, keyNode, el('span', { class: `value value-${type}`, text: String(value) }));
}
