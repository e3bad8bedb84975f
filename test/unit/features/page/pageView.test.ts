import * as assert from 'assert';
import { h, markupToHtml } from '../../../../src/features/page/markup';
import { fieldIds, pageMarkup } from '../../../../src/features/page/pageView';
import { fieldSpecs } from '../../../../src/shared/variables';

const HOSTILE = `"q" 'a' & <script>window.__x = 1</script> <img src=x onerror="window.__x = 2"> </textarea>`;

/** Every tag the HTML opens, in order. */
const tagsOf = (html: string) => [...html.matchAll(/<([a-z][a-z0-9]*)/g)].map((m) => m[1]);

describe('function page: the markup written into its HTML', () => {
  it('escapes every text and attribute value, so they read back as text', () => {
    const html = markupToHtml(h('p', { title: HOSTILE, class: 'x' }, HOSTILE));
    assert.deepStrictEqual(tagsOf(html), ['p'], html);
    assert.ok(html.includes("title=\"&quot;q&quot; 'a' &amp; &lt;script&gt;"), html);
    assert.ok(html.endsWith(`>"q" 'a' &amp; &lt;script&gt;window.__x = 1&lt;/script&gt; &lt;img src=x onerror="window.__x = 2"&gt; &lt;/textarea&gt;</p>`), html);
  });

  it('writes bare boolean attributes, leaves out false and undefined ones, and gives void elements no end tag', () => {
    assert.strictEqual(
      markupToHtml(h('div', {}, h('input', { type: 'checkbox', checked: true, disabled: false, title: undefined }), h('button', { hidden: true }, 'x'))),
      '<div><input type="checkbox" checked><button hidden>x</button></div>',
    );
  });

  it('keeps a multi-line text that starts with a newline in a textarea (the parser drops the first one)', () => {
    assert.strictEqual(markupToHtml(h('textarea', {}, '\nsecond')), '<textarea>\n\nsecond</textarea>');
    assert.strictEqual(markupToHtml(h('textarea', {}, '\r\nsecond')), '<textarea>\n\r\nsecond</textarea>');
    assert.strictEqual(markupToHtml(h('textarea', {}, 'first\nsecond')), '<textarea>first\nsecond</textarea>');
  });

  it("draws the function's form: its fields in order with their defaults or texts, hostile names and texts as text", () => {
    const fields = fieldSpecs([
      { name: 'name', type: 'str', default: null },
      { name: 'count', type: 'int', default: '3' },
      { name: 'enabled', type: 'bool', default: 'True' },
      { name: 'api_key', type: 'str', default: null },
      { name: 'options', type: 'dict', default: null },
    ]);
    const init = {
      v: 1 as const,
      type: 'init' as const,
      functionId: 'fn-1',
      functionName: HOSTILE,
      description: HOSTILE,
      fields,
      texts: [HOSTILE, null, null, null, '{"a": 1}'],
      logCap: 10,
    };
    const html = pageMarkup(init).map(markupToHtml).join('');
    assert.ok(!/<(script|img)/.test(html), 'no element from the texts');
    assert.deepStrictEqual(
      [...html.matchAll(/<(?:input|textarea) [^>]*id="(field-[a-z_]+)"/g)].map((m) => m[1]),
      ['field-name', 'field-count', 'field-enabled', 'field-api_key', 'field-options'],
    );
    assert.match(html, /<input type="number" step="1" inputmode="numeric" id="field-count" [^>]*value="3">/);
    assert.match(html, /<input type="checkbox" id="field-enabled" [^>]* checked>/);
    assert.match(html, /<input type="password" autocomplete="off" id="field-api_key"/);
    assert.match(html, /id="field-options"[^>]*>\{"a": 1\}<\/textarea>/);
    assert.ok(html.includes(`aria-required="true">"q" 'a' &amp; &lt;script&gt;window.__x = 1&lt;/script&gt;`), 'the typed text, escaped, in its textarea');
    assert.match(html, /<span id="field-count-badge" class="badge is-default">default<\/span>/);
    assert.match(html, /<span id="field-name-badge" class="badge"><\/span>/);
  });

  it("gives each field's parts ids no other field's can take, whatever name a server sends", () => {
    const names = ['x', 'x-error', 'x error', 'a" b', 'field', 'x_badge'];
    const ids = names.flatMap((name) => Object.values(fieldIds({ name, type: 'str', kind: 'text', required: true })));
    assert.strictEqual(new Set(ids).size, ids.length, ids.join(' | '));
    assert.ok(
      ids.every((id) => !/\s/.test(id)),
      'no space (aria-describedby lists ids by spaces)',
    );
    assert.strictEqual(fieldIds({ name: 'count', type: 'int', kind: 'int', required: false }).input, 'field-count');
  });

  it('says so when the function takes no variables', () => {
    const html = pageMarkup({ v: 1, type: 'init', functionId: 'f', functionName: 'f', fields: [], texts: [], logCap: 10 }).map(markupToHtml).join('');
    assert.match(html, /This function takes no variables\./);
  });
});
