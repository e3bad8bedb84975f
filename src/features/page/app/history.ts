// The function's past runs, newest first, a page at a time: picking one shows its logs and end, and
// lets its variables be run again or compared with another run's.
import { formatStartTime } from '../../../shared/time';
import { formatDuration } from '../../../shared/time';
import type { HostMessage, RunSummaryView } from '../protocol';
import { button, byId, el, onClick } from './dom';
import { send } from './host';

const STATUS_ICONS: Record<string, string> = { closed: '✓', failed: '✗', stopped: '■', active: '●', created: '○' };

export class HistoryPane {
  private page = 1;
  private selected: string | undefined;

  constructor() {
    onClick('history-prev', () => send({ v: 1, type: 'history', page: this.page - 1 }));
    onClick('history-next', () => send({ v: 1, type: 'history', page: this.page + 1 }));
    onClick('rerun', () => this.selected && send({ v: 1, type: 'rerun', runId: this.selected }));
    onClick('compare', () => this.selected && send({ v: 1, type: 'compare', runId: this.selected }));
    onClick('rerun-failed', () => send({ v: 1, type: 'rerunFailed', sinceHours: Number(byId<HTMLSelectElement>('rerun-failed-since').value) }));
  }

  /** A new run of the page starts: no past run is selected any more. */
  unselect(): void {
    this.selected = undefined;
  }

  render(message: Extract<HostMessage, { type: 'history' }>): void {
    this.page = message.page;
    const list = byId('history');
    list.replaceChildren();
    byId('history-error').textContent = message.error ?? '';
    if (!message.runs.length && !message.error) list.append(el('li', { class: 'muted', text: 'No runs yet.' }));
    for (const run of message.runs) list.append(this.item(run));
    byId<HTMLButtonElement>('history-prev').disabled = message.page <= 1;
    byId<HTMLButtonElement>('history-next').disabled = !message.hasNext;
    byId('history-page').textContent = `page ${message.page}`;
  }

  private item(run: RunSummaryView): HTMLElement {
    const item = button('', () => this.select(run.runId, item), {
      class: `run status-${run.status}`,
      'aria-pressed': run.runId === this.selected ? 'true' : 'false',
      'data-run-id': run.runId,
    });
    item.append(
      el('span', { class: 'icon', 'aria-hidden': 'true', text: STATUS_ICONS[run.status] ?? '•' }),
      el('span', { class: 'status', text: run.status }),
      // When it started, as every view of the extension names a run's start.
      el('span', { class: 'when', text: formatStartTime(run.startedAt) || run.startedAt }),
      el('span', { class: 'duration', text: run.durationMs === undefined ? '' : formatDuration(run.durationMs) }),
      el('span', { class: 'summary', text: run.variables }),
    );
    if (run.local) item.append(el('span', { class: 'muted', text: 'local' }));
    return el('li', {}, item);
  }

  private select(runId: string, item: HTMLElement): void {
    this.selected = runId;
    document.querySelectorAll('.history .run').forEach((other) => other.setAttribute('aria-pressed', 'false'));
    item.setAttribute('aria-pressed', 'true');
    byId<HTMLButtonElement>('rerun').disabled = false;
    byId<HTMLButtonElement>('compare').disabled = false;
    send({ v: 1, type: 'selectRun', runId });
  }
}
