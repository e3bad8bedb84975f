// page/observe without an LLM: the elements page/perceive.ts finds, numbered as Notte numbers them (a
// prefix from the role, one counter per prefix from 1, in document order), as the interaction actions
// of Notte's fast perception, with the metadata and a JPEG screenshot with the elements' boxes.
import type { Page } from 'playwright-core';
import type { ObservedElement, PerceivedElement, Perception } from './page/perceive';

export type { ObservedElement };
import { perceivePage } from './page/perceive';
import { rawFileKind } from './rawFile';
import { boundedPicture, isTornDown, readSteadily } from './steadyRead';
import type { Session } from './session';

export const SAMPLE_VALUE = '<sample_value>';

export function nodeSelectors(element: PerceivedElement, id: string) {
  return {
    css_selector: element.css,
    xpath_selector: element.xpath,
    notte_selector: id,
    playwright_selector: null,
    python_selector: null,
    in_iframe: element.iframeCss.length > 0,
    in_shadow_root: element.inShadowRoot,
    iframe_parent_css_selectors: element.iframeCss,
  };
}

export async function tabsOf(session: Session): Promise<{ tab_id: number; title: string; url: string }[]> {
  return Promise.all(session.tabs.map(async (tab, i) => ({ tab_id: i, title: await tab.title().catch(() => ''), url: tab.url() })));
}

/**
 * A JPEG of the viewport: CDP's fast path on the tab being cast, else (or when the cast's session is
 * between two documents, "Not attached to an active page" until the screencast follows) Playwright's.
 */
export async function screenshotJpeg(session: Session, page: Page): Promise<Buffer> {
  // Asked after page(): that is what moves the cast to the tab that took the place of one that closed itself.
  const active = await session.page();
  const cdp = session.screencast.session;
  if (cdp && page === active && session.screencast.castPage === page) {
    const shot = await boundedPicture(page, cdp.send('Page.captureScreenshot', { format: 'jpeg', quality: 75, optimizeForSpeed: true })).catch((error: unknown) => {
      // The cast's session of a tab that closed as the cast moved on (a popup done): the tab's own picture.
      if (!isTornDown(error) && !/Target page, context or browser has been closed/.test(String(error))) throw error;
      return undefined;
    });
    if (shot) return Buffer.from((shot as { data: string }).data, 'base64');
  }
  return boundedPicture(page, page.screenshot({ type: 'jpeg', quality: 75 }));
}

export async function observe(session: Session, maxActions: number): Promise<Record<string, unknown>> {
  const startedAt = new Date();
  const page = await session.page();
  // Read whole on one document: a page that navigates by itself meanwhile is read again once it has loaded.
  const [perceived, screenshot, title] = await readSteadily(page, () =>
    Promise.all([page.evaluate(perceivePage, { onlyViewport: true, maxElements: 5000 }), screenshotJpeg(session, page), page.title()]),
  );
  const perception = JSON.parse(perceived) as Perception;
  const counters: Record<string, number> = {};
  const observed = new Map<string, ObservedElement>();
  const elements = perception.elements.map((element) => {
    counters[element.prefix] = (counters[element.prefix] ?? 0) + 1;
    const item: ObservedElement = { ...element, id: `${element.prefix}${counters[element.prefix]}` };
    observed.set(item.id, item);
    return item;
  });
  session.observed = observed;
  session.observedPage = page;
  session.observedUrl = page.url();
  const listed = elements.slice(0, maxActions);
  const actions = listed.map(listedAction);
  const description = withWholeFile(
    page,
    actions,
    perception.lines.map((line) => (line.element === undefined ? line.text : `${elements[line.element].id}[:]${line.text}`)).join('\n'),
  );
  const viewport = perception.viewport;
  return {
    started_at: startedAt.toISOString(),
    ended_at: new Date().toISOString(),
    // The tabs as they are once the page is read: a tab another client opened over CDP reaches this
    // process's Playwright a moment after it exists.
    metadata: { title, url: page.url(), viewport, tabs: await tabsOf(session), timestamp: new Date().toISOString() },
    screenshot: {
      raw: screenshot.toString('base64'),
      bboxes: listed.map((e) => ({
        x: e.box.x,
        y: e.box.y,
        width: e.box.width,
        height: e.box.height,
        scroll_x: viewport.scroll_x,
        scroll_y: viewport.scroll_y,
        iframe_offset_x: e.box.iframeX,
        iframe_offset_y: e.box.iframeY,
        viewport_width: viewport.viewport_width,
        viewport_height: viewport.viewport_height,
        notte_id: e.id,
      })),
      last_action_id: null,
    },
    space: { description, interaction_actions: actions, category: null },
  };
}

/** An element as observe lists it: the action it offers, with a sample value for a field. */
function listedAction(e: ObservedElement): Record<string, unknown> {
  const action: Record<string, unknown> = {
    type: e.action,
    id: e.id,
    category: 'Interaction action',
    description: e.html,
    selector: nodeSelectors(e, e.id),
    text_label: e.textLabel || null,
  };
  if (e.action === 'fill') action.value = SAMPLE_VALUE;
  if (e.action === 'select_dropdown_option') action.value = e.prefix === 'O' ? e.id : SAMPLE_VALUE;
  return action;
}

/**
 * A tab showing a file: its whole is offered first, as I0, as Notte's snapshot adds it (download_file by
 * I0 saves it). Answers the description with its line.
 */
function withWholeFile(page: Page, actions: Record<string, unknown>[], description: string): string {
  const fileKind = rawFileKind(page);
  if (fileKind === undefined) return description;
  const text = `Download entire page as raw ${fileKind ? `${fileKind} ` : ''}file. Use download_file, not click.`;
  actions.unshift({ type: 'download_file', id: 'I0', category: 'Interaction action', description: text, selector: null, text_label: text });
  return `I0[:]${text}${description ? `\n${description}` : ''}`;
}
