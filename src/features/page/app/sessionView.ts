// The browser session pane: the run's live viewer framed, or its replay, which a chosen log line
// seeks to. Only links the extension checked reach here (the API's own origin, no key).
import type { SessionView } from '../protocol';
import { byId, el, onClick } from './dom';
import { send } from './host';

export class SessionPane {
  /** The replay's first frame (ms since 1970), while a replay is shown: a chosen line seeks to its moment. */
  private replayStartsAt: number | undefined;

  constructor() {
    onClick('session-open', () => send({ v: 1, type: 'openSession' }));
  }

  render(view: SessionView): void {
    const box = byId('session-view');
    byId('session-text').textContent = view.text;
    byId('session-open').hidden = !view.canOpen;
    byId('session-pane').dataset.state = view.state;
    this.replayStartsAt = undefined;
    document.body.classList.remove('has-replay');
    if (view.state === 'live' && view.url) {
      // The same viewer stays as it is (a redraw would reload it).
      if (box.querySelector('iframe')?.getAttribute('src') === view.url) return;
      box.replaceChildren(
        el('iframe', {
          id: 'session-live',
          src: view.url,
          title: `Live view of browser session ${view.sessionId ?? ''}`,
          sandbox: 'allow-scripts allow-same-origin allow-forms',
          referrerpolicy: 'no-referrer',
        }),
      );
    } else if (view.state === 'replay' && view.url) {
      this.replayStartsAt = view.videoStartsAt;
      document.body.classList.add('has-replay');
      if (box.querySelector('video')?.getAttribute('src') === view.url) return;
      box.replaceChildren(el('video', { id: 'session-replay', src: view.url, controls: true, preload: 'auto', 'aria-label': `Replay of browser session ${view.sessionId ?? ''}` }));
    } else {
      box.replaceChildren();
    }
  }

  /** A log line was chosen while a replay is shown: the video jumps to the moment of that line. Answers whether it did. */
  seekTo(line: Element): boolean {
    const video = document.getElementById('session-replay') as HTMLVideoElement | null;
    const at = Number(line.getAttribute('data-at'));
    if (!video || this.replayStartsAt === undefined || !Number.isFinite(at)) return false;
    const seconds = Math.max(0, (at - this.replayStartsAt) / 1000);
    video.currentTime = Number.isFinite(video.duration) ? Math.min(seconds, video.duration) : seconds;
    document.querySelectorAll('#logs .line.is-seeked').forEach((other) => other.classList.remove('is-seeked'));
    line.classList.add('is-seeked');
    return true;
  }
}
