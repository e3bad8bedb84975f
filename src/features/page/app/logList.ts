// The run's log lines: a virtual list (the lines are data; only the rows in view are elements, at
// most twice as many as fit, reused as the list scrolls), filtered, following the end until the reader
// scrolls up, and read by keyboard (the arrows move from line to line, Enter or Space seeks the replay
// to the focused line). A batch of lines reads no layout: the row height is measured once, the view's
// height comes from a ResizeObserver, and the scroll position is kept here (read only when the reader
// scrolls); the rows are redrawn in the next animation frame.
import type { LogEntry } from '../protocol';
import { byId, el } from './dom';

/** Lines kept for scrolling back and for the filter: this many times the cap of one run's post. */
const KEEP_FACTOR = 10;
/** Until the view is measured: the list's height in page.css, and a line's. */
const DEFAULT_VIEW_PX = 320;
const DEFAULT_ROW_PX = 18;

export class LogList {
  private entries: LogEntry[] = [];
  /** Indexes into `entries` of the lines the filter lets through, in order. */
  private shown: number[] = [];
  private filterText = '';
  private hiddenEarlier = 0;
  private following = true;
  private readonly list = byId('logs');
  private readonly space = el('div', { class: 'log-space', 'aria-hidden': 'true' });
  /** Row elements, reused; never more than twice the rows that fit. */
  private readonly rows: HTMLElement[] = [];
  private rowPx = 0;
  /** The row height was read from a shown row (not the default of a page not laid out yet). */
  private rowMeasured = false;
  private viewPx = DEFAULT_VIEW_PX;
  /** The list's scroll position as last set here or read on the reader's scroll. */
  private top = 0;
  private frame: number | undefined;
  /** The line a seek last went to (its row is marked wherever it is drawn). */
  private seeked: number | undefined;
  /**
   * Bumped whenever a position in the list may hold another line (a new run, the filter, old lines
   * dropped): a row drawn before is drawn again even at the same position (a past run's first lines
   * once stayed on screen under the next run picked).
   */
  private generation = 0;

  /** `cap`: lines of one post at most; `seek`: a line was chosen (click, Enter) while a replay may follow it. */
  constructor(
    private readonly cap: number,
    private readonly seek: (line: Element) => boolean,
  ) {
    this.list.replaceChildren(this.space);
    byId<HTMLInputElement>('log-filter').addEventListener('input', () => this.refilter());
    byId<HTMLInputElement>('log-follow').addEventListener('change', (event) => {
      this.following = (event.target as HTMLInputElement).checked;
      if (this.following) this.scrollToEnd();
    });
    byId('log-resume').addEventListener('click', () => {
      this.setFollowing(true);
      this.scrollToEnd();
    });
    this.list.addEventListener('click', (event) => {
      const row = (event.target as HTMLElement).closest<HTMLElement>('.line');
      if (row) this.seekTo(row);
    });
    this.list.addEventListener('keydown', (event) => this.moveOrSeek(event));
    this.list.addEventListener('scroll', () => this.scrolled());
    new ResizeObserver((changes) => {
      const height = changes[changes.length - 1]?.contentRect.height;
      if (height) this.viewPx = height;
      if (height && !this.rowMeasured) this.rowPx = 0;
      this.laidOut();
    }).observe(this.list);
  }

  clear(hiddenEarlier = 0): void {
    this.generation++;
    this.entries = [];
    this.shown = [];
    this.seeked = undefined;
    this.hiddenEarlier = hiddenEarlier;
    this.setFollowing(true);
    this.laidOut();
  }

  /** Lines of the run before these that the extension did not send (only the last of a large batch are). */
  skipped(count: number): void {
    if (count > 0) this.hiddenEarlier += count;
  }

  append(lines: LogEntry[]): void {
    const from = this.entries.length;
    for (const line of lines) this.entries.push(line);
    const keep = this.cap * KEEP_FACTOR;
    if (this.entries.length > keep + keep / 4) {
      // Dropped in quarters, not one batch at a time: the filter's indexes are made again each time.
      const drop = this.entries.length - keep;
      this.hiddenEarlier += drop;
      this.entries = this.entries.slice(drop);
      this.generation++;
      this.seeked = undefined;
      this.shown = this.matching(0);
    } else this.shown.push(...this.matching(from));
    this.laidOut();
  }

  private refilter(): void {
    this.filterText = byId<HTMLInputElement>('log-filter').value.trim().toLowerCase();
    this.generation++;
    this.shown = this.matching(0);
    this.laidOut();
  }

  private matching(from: number): number[] {
    const found: number[] = [];
    for (let i = from; i < this.entries.length; i++) if (!this.filterText || this.entries[i].text.toLowerCase().includes(this.filterText)) found.push(i);
    return found;
  }

  /** The lines changed: the list's height and count now, its rows in the next frame (no layout read). */
  private laidOut(): void {
    this.measureRow();
    this.space.style.height = `${this.shown.length * this.rowPx}px`;
    this.list.dataset.lines = String(this.shown.length);
    const total = this.entries.length + this.hiddenEarlier;
    byId('log-count').textContent = total > this.shown.length ? `${this.shown.length} of ${total} lines shown` : `${total} line${total === 1 ? '' : 's'}`;
    if (this.following) this.scrollToEnd();
    else this.schedule();
  }

  /** A row's height, read once (the one layout read of the list), when the page is first shown. */
  private measureRow(): void {
    if (this.rowPx > 0) return;
    const probe = this.fill(el('div', { class: 'line' }), { time: '00:00:00', text: 'x' }, 0);
    this.list.append(probe);
    const height = probe.offsetHeight;
    probe.remove();
    this.rowMeasured = height > 0;
    this.rowPx = height > 0 ? height : DEFAULT_ROW_PX;
  }

  private scrollToEnd(): void {
    this.top = Math.max(0, this.shown.length * this.rowPx - this.viewPx);
    this.list.scrollTop = this.top;
    this.schedule();
  }

  private scrolled(): void {
    this.top = this.list.scrollTop;
    const atEnd = this.top + this.viewPx >= this.shown.length * this.rowPx - 4;
    if (atEnd !== this.following) this.setFollowing(atEnd);
    this.schedule();
  }

  private schedule(): void {
    this.frame ??= requestAnimationFrame(() => {
      this.frame = undefined;
      this.render();
    });
  }

  /** Draws the rows in view, reusing the elements. */
  private render(): void {
    const fit = Math.ceil(this.viewPx / this.rowPx) + 1;
    const first = Math.max(0, Math.min(Math.floor(this.top / this.rowPx), this.shown.length - fit));
    const count = Math.max(0, Math.min(fit, this.shown.length - first));
    while (this.rows.length < count && this.rows.length < 2 * fit) {
      const row = el('div', { class: 'line', tabindex: '-1' });
      this.rows.push(row);
      this.list.append(row);
    }
    this.rows.forEach((row, k) => {
      if (k < count) this.fill(row, this.entries[this.shown[first + k]], first + k);
      else if (!row.hidden) {
        row.hidden = true;
        row.replaceChildren();
        delete row.dataset.index;
        delete row.dataset.drawn;
      }
    });
  }

  private fill(row: HTMLElement, entry: LogEntry, index: number): HTMLElement {
    row.hidden = false;
    row.className = `line level-${levelKind(entry.level)}${index === this.seeked ? ' is-seeked' : ''}`;
    row.style.top = `${index * this.rowPx}px`;
    const drawn = `${this.generation}:${index}`;
    if (row.dataset.drawn === drawn && row.firstChild) return row;
    row.dataset.drawn = drawn;
    row.dataset.index = String(index);
    if (entry.at === undefined) delete row.dataset.at;
    else row.dataset.at = String(entry.at);
    row.title = entry.text;
    row.replaceChildren(el('span', { class: 'time', text: shortTime(entry.time) }), el('span', { class: 'text', text: entry.text }));
    return row;
  }

  private setFollowing(value: boolean): void {
    this.following = value;
    byId<HTMLInputElement>('log-follow').checked = value;
    byId('log-resume').hidden = value;
  }

  private seekTo(row: HTMLElement): void {
    if (this.seek(row)) this.seeked = Number(row.dataset.index);
  }

  /** Brings line `index` into view now and focuses its row. */
  private focusLine(index: number): void {
    if (index < 0 || index >= this.shown.length) return;
    if (index * this.rowPx < this.top) this.top = index * this.rowPx;
    else if ((index + 1) * this.rowPx > this.top + this.viewPx) this.top = (index + 1) * this.rowPx - this.viewPx;
    this.list.scrollTop = this.top;
    this.render();
    const row = this.rows.find((r) => r.dataset.index === String(index));
    row?.focus({ preventScroll: true });
  }

  private moveOrSeek(event: KeyboardEvent): void {
    const active = document.activeElement;
    const current = active instanceof HTMLElement && active.parentElement === this.list && active.dataset.index !== undefined ? Number(active.dataset.index) : undefined;
    const first = Math.floor(this.top / this.rowPx);
    const targets: Record<string, number | undefined> = {
      ArrowDown: current === undefined ? first : current + 1,
      ArrowUp: current === undefined ? Math.min(this.shown.length - 1, first + Math.ceil(this.viewPx / this.rowPx) - 1) : current - 1,
      Home: 0,
      End: this.shown.length - 1,
    };
    if (event.key === 'Enter' || event.key === ' ') {
      if (current === undefined) return;
      event.preventDefault();
      this.seekTo(active as HTMLElement);
      return;
    }
    const target = targets[event.key];
    if (target === undefined) return;
    event.preventDefault();
    this.focusLine(target);
  }
}

function levelKind(level: string | undefined): string {
  const value = (level ?? '').toLowerCase();
  return value.startsWith('warn') ? 'warning' : value === 'error' || value === 'critical' ? 'error' : value === 'debug' || value === 'trace' ? 'debug' : 'info';
}

function shortTime(time: string): string {
  const match = /(\d\d:\d\d:\d\d(?:\.\d+)?)/.exec(time);
  return match ? match[1].slice(0, 12) : time;
}
