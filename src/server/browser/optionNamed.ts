// Which option of a <select> a value names, decided in the page at once (Playwright's selectOption would
// wait its whole timeout for an option that is not there): its value, else its text, else its text in any
// case, spaces around and inside the text counting as one. Shared by select_dropdown_option and form_fill.

/** Runs in the page (passed to evaluate): it must use nothing from outside itself. */
export function optionNamed(select: Element, wanted: string): { value: string; disabled: boolean } | null {
  const squash = (text: string) => text.replace(/\s+/g, ' ').trim();
  const options = Array.from((select as HTMLSelectElement).options);
  const found =
    options.find((o) => o.value === wanted) ??
    options.find((o) => squash(o.text) === squash(wanted)) ??
    options.find((o) => squash(o.text).toLowerCase() === squash(wanted).toLowerCase());
  return found ? { value: found.value, disabled: found.disabled } : null;
}
