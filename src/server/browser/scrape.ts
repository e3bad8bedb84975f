// page/scrape and the scrape action: the visible HTML of the page (or of `selector`, or of its main
// content) as Markdown. Extraction with instructions or a response format needs Notte's LLM.
import type { ElementHandle, Frame, Page } from 'playwright-core';
import type { Session } from './session';
import type { MarkdownConverter } from './markdown';
import { readableHtml, type ReadableOptions } from './page/readable';
import { playwrightSelector } from './selectors';
import { maskLinks } from './linkPlaceholders';
import { readSteadily } from './steadyRead';
import { within } from '../../api/wait';

export const LLM_NEEDED = "needs Notte's hosted LLM, which the local server does not have: scrape without instructions or response_format gives the page as Markdown";

export interface ScrapeParams {
  only_main_content?: boolean;
  selector?: string | null;
  scrape_links?: boolean;
  scrape_images?: boolean;
  only_images?: boolean;
  ignored_tags?: unknown;
  use_link_placeholders?: boolean;
  instructions?: string | null;
  response_format?: unknown;
}

export class ScrapeError extends Error {}

/** The DataSpace answer: `{markdown}`, or `{markdown, images}` with only_images. */
export async function scrape(session: Session, params: ScrapeParams, markdown: MarkdownConverter, mainContentDefault: boolean): Promise<Record<string, unknown>> {
  if (params.instructions || (params.response_format !== undefined && params.response_format !== null)) {
    throw new ScrapeError(`Structured extraction (instructions, response_format) ${LLM_NEEDED}.`);
  }
  const page = await session.page();
  // Read whole on one document: a page that navigates by itself meanwhile is read again once it has loaded.
  const data = await readSteadily(page, () => readPage(page, params, markdown, mainContentDefault));
  return params.use_link_placeholders && typeof data.markdown === 'string' ? { ...data, markdown: maskLinks(data.markdown) } : data;
}

async function readPage(page: Page, params: ScrapeParams, markdown: MarkdownConverter, mainContentDefault: boolean): Promise<Record<string, unknown>> {
  if (params.only_images) {
    const images = await page.evaluate(() =>
      Array.from(document.images)
        .filter((img) => img.checkVisibility() && (img.currentSrc || img.src))
        .map((img) => ({ url: img.currentSrc || img.src, category: null, description: img.alt || null })),
    );
    return { markdown: '', images };
  }
  const options: ReadableOptions = {
    scoped: Boolean(params.selector),
    onlyMainContent: params.only_main_content ?? mainContentDefault,
    links: params.scrape_links ?? true,
    images: params.scrape_images ?? false,
    stripped: ignoredTags(params.ignored_tags),
  };
  const root = params.selector ? await selected(page, params.selector) : await page.evaluateHandle(() => document.body);
  let text: string;
  try {
    text = markdown.convert(await root.evaluate(readableHtml, options));
  } finally {
    // A handle lives until its page navigates: a single-page app scraped often would pile them up.
    void root.dispose().catch(() => undefined);
  }
  // As Notte does: the page's frames after it, each under its address, unless a selector named one element.
  if (params.selector) return { markdown: text };
  for (const frame of await visibleFrames(page)) {
    const framed = await within(
      frame
        .locator('body')
        .evaluate(readableHtml, { ...options, scoped: false, onlyMainContent: false }, { timeout: FRAME_READ_MS })
        .catch(() => undefined),
      FRAME_READ_MS,
    );
    if (framed !== undefined) text += `\n\nIFRAME ${frame.url()}:\n${markdown.convert(framed)}`;
  }
  return { markdown: text.trim() };
}

/** `ignored_tags` in lower case; anything but a list of tag names is refused, as the SDK's model would. */
function ignoredTags(given: unknown): string[] {
  if (given === undefined || given === null) return [];
  if (!Array.isArray(given) || !given.every((tag) => typeof tag === 'string')) throw new ScrapeError('ignored_tags must be a list of tag names, e.g. ["a", "img"].');
  return given.map((tag: string) => tag.toLowerCase());
}

/** How long one frame's text may take (a frame stuck in a script is left out, not waited for). */
const FRAME_READ_MS = 2000;

/** The page's frames a person can see, with a document of their own (not about:blank, not data:). */
async function visibleFrames(page: Page): Promise<Frame[]> {
  const shown: Frame[] = [];
  for (const frame of page.frames()) {
    if (frame === page.mainFrame() || frame.url() === page.url() || !/^https?:|^file:/.test(frame.url())) continue;
    const element = await within(
      frame.frameElement().catch(() => undefined),
      FRAME_READ_MS,
    );
    const visible =
      element &&
      (await within(
        element.evaluate((el) => (el as Element).checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })).catch(() => false),
        FRAME_READ_MS,
        false,
      ));
    void element?.dispose().catch(() => undefined);
    if (visible) shown.push(frame);
  }
  return shown;
}

/** The element `selector` names, read as Playwright reads it (Notte scrapes `page.locator(selector)`): CSS, XPath, text=, ~text. */
async function selected(page: Page, selector: string): Promise<ElementHandle<Element>> {
  const all = page.locator(playwrightSelector(selector));
  const found = await all.count().catch((error: Error) => {
    throw new ScrapeError(`The selector ${JSON.stringify(selector)} is not valid: ${error.message.split('\n')[0].replace(/^locator\.count: /, '')}`);
  });
  // Notte's locator is strict: a selector matching several elements fails there, so it fails here too.
  if (found > 1)
    throw new ScrapeError(
      `The selector ${JSON.stringify(selector)} matches ${found} elements on ${page.url()}; a scrape reads one (as on Notte): name one, or scrape their container.`,
    );
  const handle = found
    ? await all
        .first()
        .elementHandle({ timeout: 1000 })
        .catch(() => null)
    : null;
  if (!handle) throw new ScrapeError(`No element matches the selector ${JSON.stringify(selector)} on ${page.url()}.`);
  return handle;
}
