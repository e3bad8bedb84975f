// The form_fill action without an LLM: each key of its value is matched to a visible field by the field's
// autocomplete, name, id, type, label or placeholder (exactly first, then as a part), and filled.
import type { Page } from 'playwright-core';

/** Fills a form by the meaning of its fields: each key is matched to an input by autocomplete, name, id, type, label or placeholder. */
export async function formFill(page: Page, values: Record<string, unknown>): Promise<string[]> {
  const filled: string[] = [];
  for (const [key, raw] of Object.entries(values)) {
    if (raw === undefined || raw === null || raw === '') continue;
    const words = key
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, ' ')
      .trim();
    const handle = await page.evaluateHandle((wanted) => {
      const squash = (t: string | null | undefined) =>
        (t ?? '')
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, ' ')
          .trim();
      const fields = Array.from(document.querySelectorAll('input:not([type=hidden]):not([type=submit]):not([type=button]), textarea, select')) as HTMLInputElement[];
      const describe = (el: HTMLInputElement) =>
        [el.autocomplete, el.name, el.id, el.type, el.placeholder, el.getAttribute('aria-label'), ...Array.from(el.labels ?? [], (l) => l.textContent)].map(squash);
      return (
        fields.find((el) => el.checkVisibility() && describe(el).some((d) => d === wanted)) ??
        fields.find((el) => el.checkVisibility() && describe(el).some((d) => d.includes(wanted))) ??
        null
      );
    }, words);
    const element = handle.asElement();
    if (!element) continue;
    const tag = await element.evaluate((el) => el.tagName.toLowerCase());
    if (tag === 'select') await element.selectOption([{ label: String(raw) }]).catch(() => element.selectOption([{ value: String(raw) }]));
    else await element.fill(String(raw));
    filled.push(key);
  }
  return filled;
}
