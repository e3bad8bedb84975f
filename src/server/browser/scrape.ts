// page/scrape and the scrape action: the visible HTML of the page (or of `selector`, or of its main
// content) as Markdown. Extraction with instructions or a response format needs Notte's LLM.
import type { Session } from './session';
import type { MarkdownConverter } from './markdown';
import { readableHtml } from './page/readable';

export const LLM_NEEDED = "needs Notte's hosted LLM, which the local server does not have: scrape without instructions or response_format gives the page as Markdown";

export interface ScrapeParams {
  only_main_content?: boolean;
  selector?: string | null;
  scrape_links?: boolean;
  scrape_images?: boolean;
  only_images?: boolean;
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
  if (params.only_images) {
    const images = await page.evaluate(() =>
      Array.from(document.images)
        .filter((img) => img.checkVisibility() && (img.currentSrc || img.src))
        .map((img) => ({ url: img.currentSrc || img.src, category: null, description: img.alt || null })),
    );
    return { markdown: '', images };
  }
  const html = await page.evaluate(readableHtml, {
    selector: params.selector ?? undefined,
    onlyMainContent: params.only_main_content ?? mainContentDefault,
    links: params.scrape_links ?? true,
    images: params.scrape_images ?? false,
  });
  if (!html.found) throw new ScrapeError(`No element matches the selector ${JSON.stringify(params.selector)} on ${page.url()}.`);
  return { markdown: markdown.convert(html.html) };
}
