// The upload_file action, on the element a person would use: the file input itself, the one a <label>
// names, one inside the element (a drop zone wrapping its input), else the file chooser the element's
// click opens (a button that clicks a hidden input), as Notte's controller does for a button. A file
// input merely beside the element is not taken: two upload buttons side by side each have their own
// (the first trial put a cover letter in the CV's input). A field fails at once (Playwright's
// setInputFiles on a text field did nothing and answered success).
import type { ElementHandle, Locator, Page } from 'playwright-core';
import { ActionFailed } from './actionTypes';
import { within } from '../../api/wait';

/** How long a click may take to open the file chooser. */
const CHOOSER_MS = 5000;

/** Runs in the page: the file input for `element`; else the field it is (which opens no chooser), or '' for another element. */
function fileInputOf(element: Element): Element | string {
  const isFile = (e: Element | null | undefined): e is HTMLInputElement => e instanceof HTMLInputElement && e.type === 'file';
  if (isFile(element)) return element;
  if (element instanceof HTMLLabelElement && isFile(element.control)) return element.control;
  // A field of its own (a text box beside the form's file input) is not a way to that input; a read-only
  // one showing the chosen file's name beside its file input (a styled file field) is.
  const tag = element.tagName.toLowerCase();
  const type = element instanceof HTMLInputElement ? element.type : '';
  if (tag === 'textarea' || tag === 'select' || (tag === 'input' && !['button', 'submit', 'image'].includes(type))) {
    const beside = (element as HTMLInputElement).readOnly ? Array.from(element.parentElement?.children ?? []).filter(isFile) : [];
    return beside.length === 1 ? beside[0] : `<${tag}${type ? ` type="${type}"` : ''}>`;
  }
  return element.querySelector('input[type=file]') ?? '';
}

export async function uploadFile(page: Page, target: Locator, file: string, timeout: number): Promise<void> {
  const found = await target.evaluateHandle(fileInputOf, undefined, { timeout });
  const input = found.asElement() as ElementHandle<HTMLInputElement> | null;
  if (input) {
    try {
      await input.setInputFiles(file, { timeout });
    } finally {
      await input.dispose();
    }
    return;
  }
  const field = (await found.jsonValue()) as string;
  await found.dispose();
  if (field) throw new ActionFailed(`The element is not a file input (it is an ${field}): upload_file needs one, its label, or a button that opens a file chooser.`);
  const notAnInput = 'The element is not a file input, and none is in it or named by its label';
  const chooser = page.waitForEvent('filechooser', { timeout: timeout + CHOOSER_MS });
  chooser.catch(() => undefined);
  await target.click({ timeout, noWaitAfter: true });
  // Counted from the click: the click itself may wait for its element to be ready.
  const opened = await within(
    chooser.catch(() => undefined),
    Math.min(timeout, CHOOSER_MS),
  );
  if (!opened) throw new ActionFailed(`${notAnInput}, and a click on it opened no file chooser within ${Math.min(timeout, CHOOSER_MS) / 1000} s.`);
  await opened.setFiles(file, { timeout });
}
