// Waiting, one way for the whole extension and the local server: a pause that a signal can cut short,
// and a bound on how long an answer is awaited.

/** Waits `ms`, or less when `signal` aborts (at once if it already has); never rejects. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * What `work` answers, or `late` (undefined if not given) once `ms` have passed (the work goes on, unheard). A failure of `work`
 * within the time is passed on. The timer ends with the answer: none is left behind to keep a process up.
 */
export function within<T>(work: Promise<T>, ms: number): Promise<T | undefined>;
export function within<T, L>(work: Promise<T>, ms: number, late: L): Promise<T | L>;
export function within<T, L>(work: Promise<T>, ms: number, late?: L): Promise<T | L | undefined> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeUp = new Promise<L | undefined>((resolve) => (timer = setTimeout(() => resolve(late), Math.max(0, ms))));
  return Promise.race([work, timeUp]).finally(() => clearTimeout(timer));
}
