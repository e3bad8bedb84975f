// scrape(use_link_placeholders=True) on the local server masks addresses as Notte's cloud does.
import * as assert from 'assert';
import { maskLinks } from '../../../../src/server/browser/linkPlaceholders';

describe('local server: scrape link placeholders', () => {
  it('gives each distinct address one placeholder, images first, a linked image kept inside its link', () => {
    const markdown = [
      '[Home](https://shop.test/) and [Home again](https://shop.test/)',
      '![A cup](https://cdn.test/cup.jpg) ![](https://cdn.test/cup.jpg) ![empty]()',
      '[![Logo](https://cdn.test/logo.png)](https://shop.test/about)',
      '[Cart [2]](https://shop.test/cart)',
      '[Gallery](images/all.html)',
    ].join('\n');
    assert.strictEqual(
      maskLinks(markdown),
      ['[Home](link1) and [Home again](link1)', '![A cup](img1.png) ![](img1.png) ![empty]()', '[![Logo](img2.png)](link2)', '[Cart [2]](link3)', '[Gallery](link4)'].join('\n'),
    );
  });

  it('leaves text without links as it is', () => {
    assert.strictEqual(maskLinks('Price: 3 (in stock) [today]'), 'Price: 3 (in stock) [today]');
  });
});
