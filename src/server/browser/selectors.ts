// A string selector as the SDK reads it, for Playwright: CSS, `css=`, `xpath=` (or a bare //path),
// Playwright's own (`internal:…`, `text=`), and Notte's `~text` for an element by its text.

/** Playwright's selector for a string selector as the SDK reads it. */
export function playwrightSelector(selector: string): string {
  if (selector.startsWith('~')) return `internal:text=${JSON.stringify(selector.slice(1))}`;
  return selector;
}
