// Where `fill` with clear_before_fill=False types: after what the field holds (focus alone left the caret
// at its start, so the text went before it).

/**
 * Runs in the page (passed to evaluate): the caret after the element's text (a text field, a text area
 * or an editable element). False when the field has no selection to set (email, number): the caller
 * presses End there.
 */
export function caretToEnd(el: Element): boolean {
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
    try {
      el.setSelectionRange(el.value.length, el.value.length);
      return true;
    } catch {
      return false;
    }
  }
  const selection = window.getSelection();
  if (!selection || !(el as HTMLElement).isContentEditable) return true;
  const range = document.createRange();
  range.selectNodeContents(el);
  range.collapse(false);
  selection.removeAllRanges();
  selection.addRange(range);
  return true;
}
