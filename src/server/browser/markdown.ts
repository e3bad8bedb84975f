// HTML to Markdown for scrapes: turndown with the GFM plugin (tables, strikethrough, task lists), the
// HTML already cut down in the page to what a person sees (page/readable.ts).
import type TurndownService from 'turndown';
import { turndown } from './packages';

export class MarkdownConverter {
  private service?: TurndownService;

  /** Made on the first scrape: turndown is read then (packages.ts). */
  private get converter(): TurndownService {
    if (!this.service) {
      const { TurndownService, gfm } = turndown();
      this.service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*' });
      this.service.use(gfm);
    }
    return this.service;
  }

  convert(html: string): string {
    if (!html.trim()) return '';
    return this.converter
      .turndown(html)
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
}
