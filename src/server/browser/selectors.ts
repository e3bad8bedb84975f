// A string selector as the SDK reads it, for Playwright: CSS, `css=`, `xpath=` (or a bare //path),
// Playwright's own (`internal:…`, `text=`), and Notte's `~text` for an element by its text; and the
// selector the export names an observed element by.
import type { Page } from 'playwright-core';
import type { ObservedElement } from './observe';
import { stableSelectorsFor } from './page/stableSelectors';

/** Playwright's selector for a string selector as the SDK reads it. */
export function playwrightSelector(selector: string): string {
  if (selector.startsWith('~')) return `internal:text=${JSON.stringify(selector.slice(1))}`;
  return selector;
}

/**
 * The full path of an observed element: in a shadow root, through each shadow host above it (its own
 * path starts at its root, so the same component twice would otherwise be the first one twice).
 */
export function observedPath(observed: Pick<ObservedElement, 'css' | 'shadowHostCss'>): string {
  return [...(observed.shadowHostCss ?? []), observed.css].map((css) => `css=${css}`).join(' >> ');
}

/**
 * A selector inside frames (their CSS paths, outermost first), as one string: the one spelling of a path
 * through frames, which the actions use and the export writes (a string selector names no frame of its own).
 */
export function throughFrames(frames: readonly string[], selector: string): string {
  return [...frames.map((css) => `css=${css} >> internal:control=enter-frame`), selector].join(' >> ');
}

// The short selector the export names an element by, for the acted element only, asked just before the
// action: the page answers it first, while the element is there (a click may navigate away). In a frame
// or a shadow root the full CSS path stays, through each frame (a string selector names no frame of its
// own: the frame's path alone named an element of the top page, or none, on replay).
export function exportSelectorOf(page: Page, observed: ObservedElement): Promise<string> {
  const fullPath = observedPath(observed);
  if (observed.iframeCss.length) return Promise.resolve(throughFrames(observed.iframeCss, fullPath));
  if (observed.inShadowRoot) return Promise.resolve(fullPath);
  return page.evaluate(stableSelectorsFor, [observed.css]).then(
    async ([stable]) => {
      // The page's name for a role selector approximates Playwright's accessible name (a radio's label
      // is its name, not its value): kept only when Playwright finds the element by it, once.
      if (
        stable.startsWith('role=') &&
        (await page
          .locator(stable)
          .count()
          .catch(() => 0)) !== 1
      )
        return fullPath;
      return stable || fullPath;
    },
    () => fullPath,
  );
}
