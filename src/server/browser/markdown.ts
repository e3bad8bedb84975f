// HTML to Markdown for scrapes: turndown with the GFM plugin (tables, strikethrough, task lists), the
// HTML already cut down in the page to what a person sees (page/readable.ts).
import type TurndownService from 'turndown';
import { turndown } from './packages';

/**
 * The GFM plugin reads `table.rows` in its loops, and the DOM turndown parses with (domino) builds that
 * list anew on every read: a table of 1,000 rows took 11 s and 3,000 rows longer than the SDK waits,
 * the server's event loop held all along (SDK trial). Each table gets its rows once, as a list of its own,
 * before the plugin reads them (added last, this rule is asked first, for every node; it matches none).
 */
const TABLE_ROWS_ONCE: TurndownService.Rule = {
  filter(node) {
    if (!/^(TABLE|TR|TD|TH)$/.test(node.nodeName)) return false;
    let table: Node | null = node;
    while (table && table.nodeName !== 'TABLE') table = table.parentNode;
    if (table && !Object.hasOwn(table, 'rows')) Object.defineProperty(table, 'rows', { value: Array.from((table as HTMLTableElement).rows) });
    return false;
  },
  replacement: (content) => content,
};

export class MarkdownConverter {
  private service?: TurndownService;

  /** Made on the first scrape: turndown is read then (packages.ts). */
  private get converter(): TurndownService {
    if (!this.service) {
      const { TurndownService, gfm } = turndown();
      this.service = new TurndownService({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-', emDelimiter: '*' });
      this.service.use(gfm);
      this.service.addRule('tableRowsOnce', TABLE_ROWS_ONCE);
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
