// Scrapes' HTML to Markdown (turndown + GFM) on big tables: linear, so a long table never holds the
// server's event loop (the SDK trial's table of 3,000 rows outlasted the SDK's 60 s wait).
import * as assert from 'assert';
import { MarkdownConverter } from '../../../../src/server/browser/markdown';

const table = (rows: number) =>
  `<table><thead><tr><th>Item</th><th>Price</th></tr></thead><tbody>${Array.from({ length: rows }, (_, i) => `<tr><td>item ${i}</td><td>${i}</td></tr>`).join('')}</tbody></table>`;

describe('local server: scrape Markdown of tables', function () {
  this.timeout(60_000);

  it('converts a table of 3,000 rows whole, in about the time of 300 rows ten times', () => {
    const converter = new MarkdownConverter();
    const time = (rows: number) => {
      const started = performance.now();
      const markdown = converter.convert(table(rows));
      return { ms: performance.now() - started, markdown };
    };
    time(50); // the packages are read on the first conversion
    const small = time(300);
    const big = time(3000);
    const lines = big.markdown.split('\n');
    assert.deepStrictEqual(lines.slice(0, 3), ['| Item | Price |', '| --- | --- |', '| item 0 | 0   |']);
    assert.strictEqual(lines.length, 3002);
    assert.strictEqual(lines.at(-1), '| item 2999 | 2999 |');
    // Ten times the rows: linear is ~10×; the plugin's own reads were quadratic (~100×, 11 s for 1,000 rows).
    assert.ok(big.ms < Math.max(small.ms * 40, 5000), `3,000 rows took ${Math.round(big.ms)} ms, 300 rows ${Math.round(small.ms)} ms`);
  });
});
