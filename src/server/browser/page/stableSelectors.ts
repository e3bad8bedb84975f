// In the page: short selectors for exported code (workflow/code), each finding its element alone:
// `#id`, `tag[name="…"]`, `[data-testid="…"]`, else Playwright's role selector with the element's name;
// '' when none is unique (the export then keeps the full CSS path). Asked for the element of each action
// by id, alongside the action (actions.ts): never for the elements nobody acts on. Self-contained: it
// runs through page.evaluate.
export function stableSelectorsFor(cssPaths: string[]): string[] {
  const quote = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();
  const count = (selector: string) => {
    try {
      return document.querySelectorAll(selector).length;
    } catch {
      return 0;
    }
  };
  const ROLE_OF_TAG: Record<string, string> = { A: 'link', BUTTON: 'button', SUMMARY: 'button', OPTION: 'option' };
  const roleOf = (el: Element): string | undefined => {
    const explicit = (el.getAttribute('role') ?? '').trim().split(/\s+/)[0];
    if (explicit) return explicit;
    if (el.tagName === 'INPUT') {
      const type = (el as HTMLInputElement).type;
      if (type === 'checkbox' || type === 'radio') return type;
      if (['button', 'submit', 'reset'].includes(type)) return 'button';
      return undefined;
    }
    if (el.tagName === 'A' && !el.hasAttribute('href')) return undefined;
    return ROLE_OF_TAG[el.tagName];
  };
  const nameOf = (el: Element) => squash(el.getAttribute('aria-label')) || squash((el as HTMLElement).innerText ?? el.textContent) || squash((el as HTMLInputElement).value);
  // One pass over the candidates of role selectors, so a page of 1,000 elements costs 1,000 steps, not a
  // million; made only when an element has no unique id, name or test id (it reads every candidate's text).
  let named: Map<string, number> | undefined;
  const namedCount = (key: string) => {
    if (!named) {
      named = new Map();
      for (const el of Array.from(document.querySelectorAll('a[href],button,summary,option,input,[role]'))) {
        const role = roleOf(el);
        if (!role) continue;
        const candidate = `${role}\n${nameOf(el)}`;
        named.set(candidate, (named.get(candidate) ?? 0) + 1);
      }
    }
    return named.get(key) ?? 0;
  };
  return cssPaths.map((css) => {
    let el: Element | null = null;
    try {
      el = document.querySelector(css);
    } catch {
      el = null;
    }
    if (!el) return '';
    const tag = el.tagName.toLowerCase();
    const id = el.getAttribute('id');
    if (id && /^[A-Za-z][\w-]*$/.test(id) && count(`#${id}`) === 1) return `#${id}`;
    const name = el.getAttribute('name');
    if (name && count(`${tag}[name="${quote(name)}"]`) === 1) return `${tag}[name="${quote(name)}"]`;
    const testId = el.getAttribute('data-testid');
    if (testId && count(`[data-testid="${quote(testId)}"]`) === 1) return `[data-testid="${quote(testId)}"]`;
    const role = roleOf(el);
    const label = nameOf(el);
    if (role && label && label.length <= 80 && namedCount(`${role}\n${label}`) === 1) return `role=${role}[name="${quote(label)}"s]`;
    return '';
  });
}
