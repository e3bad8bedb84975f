// HTML to Markdown for scrapes: turndown with the GFM plugin (tables, strikethrough, task lists), the
// HTML already cut down in the page to what a person sees (page/readable.ts).
import TurndownService from 'turndown';
import { gfm } from '@joplin/turndown-plugin-gfm';

export class MarkdownConverter {
  private readonly service: TurndownService;

  constructor() {
    this.service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*' });
    this.service.use(gfm);
  }

  convert(html: string): string {
    if (!html.trim()) return '';
    return this.service
      .turndown(html)
      .replace(/\n{3,}/g, '\n\n')
      .trim();
  }
}
