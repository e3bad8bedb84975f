// The run's log lines: drawn as text, filtered, capped (the Output channel has every line), following
// the end until the reader scrolls up, and read by keyboard (the arrows move from line to line,
// Enter or Space seeks the replay to the focused line).
import type { LogEntry } from '../protocol';
import { byId, el } from './dom';

/** Lines kept in memory for the filter: a few times what is drawn. */
const KEEP_FACTOR = 10;

export class LogList {
  private entries: LogEntry[] = [];
  private hiddenEarlier = 0;
  private following = true;
  private readonly list = byId('logs');

  /** `cap`: lines drawn at most; `seek`: a line was chosen (click, Enter) while a replay may follow it. */
  constructor(
    private readonly cap: number,
    private readonly seek: (line: Element) => void,
  ) {
    byId<HTMLInputElement>('log-filter').addEventListener('input', () => this.redraw());
    byId<HTMLInputElement>('log-follow').addEventListener('change', (event) => {
      this.following = (event.target as HTMLInputElement).checked;
      if (this.following) this.scrollToEnd();
    });
    byId('log-resume').addEventListener('click', () => {
      this.setFollowing(true);
      this.scrollToEnd();
    });
    this.list.addEventListener('click', (event) => {
      const line = (event.target as HTMLElement).closest('.line');
      if (line) this.seek(line);
    });
    this.list.addEventListener('keydown', (event) => this.moveOrSeek(event));
    this.list.addEventListener('scroll', () => {
      const atEnd = this.list.scrollTop + this.list.clientHeight >= this.list.scrollHeight - 4;
      if (atEnd !== this.following) this.setFollowing(atEnd);
    });
  }

  clear(hiddenEarlier = 0): void {
    this.entries = [];
    this.hiddenEarlier = hiddenEarlier;
    this.list.replaceChildren();
    this.setFollowing(true);
    this.updateCount();
  }

  /** Lines of the run before these that the extension did not send (only the last of a large batch are). */
  skipped(count: number): void {
    if (count > 0) this.hiddenEarlier += count;
  }

  append(lines: LogEntry[]): void {
    this.entries.push(...lines);
    const keep = this.cap * KEEP_FACTOR;
    if (this.entries.length > keep) {
      this.hiddenEarlier += this.entries.length - keep;
      this.entries.splice(0, this.entries.length - keep);
    }
    const filter = this.filter();
    const fragment = document.createDocumentFragment();
    const fresh = lines.length > this.cap ? lines.slice(-this.cap) : lines;
    for (const entry of fresh) if (matches(entry, filter)) fragment.append(lineNode(entry));
    this.list.append(fragment);
    // A capped list: the page stays smooth however long the run; the Output channel has every line.
    while (this.list.childElementCount > this.cap) this.list.firstElementChild!.remove();
    this.updateCount();
    if (this.following) this.scrollToEnd();
  }

  private redraw(): void {
    const filter = this.filter();
    const shown = this.entries.filter((entry) => matches(entry, filter)).slice(-this.cap);
    const fragment = document.createDocumentFragment();
    for (const entry of shown) fragment.append(lineNode(entry));
    this.list.replaceChildren(fragment);
    this.updateCount();
    if (this.following) this.scrollToEnd();
  }

  private filter(): string {
    return byId<HTMLInputElement>('log-filter').value.trim().toLowerCase();
  }

  private updateCount(): void {
    const drawn = this.list.childElementCount;
    const total = this.entries.length + this.hiddenEarlier;
    byId('log-count').textContent = total > drawn ? `${drawn} of ${total} lines shown` : `${total} line${total === 1 ? '' : 's'}`;
  }

  private setFollowing(value: boolean): void {
    this.following = value;
    byId<HTMLInputElement>('log-follow').checked = value;
    byId('log-resume').hidden = value;
  }

  private scrollToEnd(): void {
    this.list.scrollTop = this.list.scrollHeight;
  }

  private moveOrSeek(event: KeyboardEvent): void {
    const list = this.list;
    const current = document.activeElement instanceof HTMLElement && document.activeElement.parentElement === list ? document.activeElement : undefined;
    let next: Element | null;
    switch (event.key) {
      case 'ArrowDown':
        next = current ? current.nextElementSibling : list.firstElementChild;
        break;
      case 'ArrowUp':
        next = current ? current.previousElementSibling : list.lastElementChild;
        break;
      case 'Home':
        next = list.firstElementChild;
        break;
      case 'End':
        next = list.lastElementChild;
        break;
      case 'Enter':
      case ' ':
        if (!current) return;
        event.preventDefault();
        this.seek(current);
        return;
      default:
        return;
    }
    event.preventDefault();
    if (next instanceof HTMLElement) {
      next.tabIndex = -1;
      next.focus();
    }
  }
}

function lineNode(entry: LogEntry): HTMLElement {
  const level = (entry.level ?? '').toLowerCase();
  const kind = level.startsWith('warn') ? 'warning' : level === 'error' || level === 'critical' ? 'error' : level === 'debug' || level === 'trace' ? 'debug' : 'info';
  return el(
    'div',
    { class: `line level-${kind}`, 'data-at': entry.at === undefined ? undefined : String(entry.at) },
    el('span', { class: 'time', text: shortTime(entry.time) }),
    el('span', { class: 'text', text: entry.text }),
  );
}

function shortTime(time: string): string {
  const match = /(\d\d:\d\d:\d\d(?:\.\d+)?)/.exec(time);
  return match ? match[1].slice(0, 12) : time;
}

function matches(entry: LogEntry, filter: string): boolean {
  return !filter || entry.text.toLowerCase().includes(filter);
}
