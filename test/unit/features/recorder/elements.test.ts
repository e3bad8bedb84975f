// The page's elements as observe answers them (the local server's answer on its shop page, kept as a
// fixture): roles, labels, boxes, the selectors Pick Element writes, what a selector in code names, and
// what submits a form. Hand-typed steps and the panel's messages, checked.
import * as assert from 'assert';
import type { Observation } from '../../../../src/api/sessionTypes';
import { checkPanelMessage, checkRecorderHostMessage } from '../../../../src/features/recorder/protocol';
import { parseTypedStep } from '../../../../src/features/recorder/typedStep';
import { elementForSelector, isFragileSelector, leavesOrSubmits, pageElements, proposedSelector } from '../../../../src/shared/pageElements';

function action(type: string, id: string, description: string, css: string, label: string) {
  return { type, id, category: 'Interaction action', description, selector: { css_selector: css, xpath_selector: '', notte_selector: id }, text_label: label };
}

/** What the local server's observe answered on /pages/shop (shortened to the fields read). */
export const SHOP_OBSERVATION: Observation = {
  metadata: { title: 'Notte Local Shop', url: 'http://127.0.0.1:8765/pages/shop', viewport: { viewport_width: 1280, viewport_height: 1080 } },
  screenshot: {
    bboxes: [
      { x: 24, y: 24, width: 38, height: 18, notte_id: 'L1' },
      { x: 24, y: 287, width: 177, height: 21, notte_id: 'I1' },
      { x: 24, y: 336, width: 177, height: 21, notte_id: 'I2' },
      { x: 24, y: 385, width: 80, height: 19, notte_id: 'I3' },
      { x: 28, y: 464, width: 13, height: 13, notte_id: 'B1' },
      { x: 24, y: 496, width: 84, height: 21, notte_id: 'B2' },
    ],
  },
  space: {
    description: '',
    interaction_actions: [
      action('click', 'L1', '<a href="/pages/shop">Shop</a>', 'html > body > header > nav > a:nth-of-type(1)', 'Shop'),
      action(
        'fill',
        'I1',
        '<input name="name" placeholder="Ada Lovelace" />',
        'html > body > main > form[id="order"] > input:nth-of-type(1)[id="name"][name="name"][placeholder="Ada Lovelace"]',
        'name',
      ),
      action('fill', 'I2', '<input name="email" type="email" />', 'html > body > main > form[id="order"] > input:nth-of-type(2)[name="email"][type="email"]', 'email'),
      action(
        'select_dropdown_option',
        'I3',
        '<select name="product">Notebook Pencil Backpack</select>',
        'html > body > main > form[id="order"] > select[id="product"][name="product"]',
        'Notebook Pencil Backpack',
      ),
      action('click', 'B1', '<input name="gift" type="checkbox" checked />', 'html > body > main > form[id="order"] > input:nth-of-type(4)[type="checkbox"]', 'gift'),
      action('click', 'B2', '<button type="submit">Place order</button>', 'html > body > main > form[id="order"] > button[type="submit"]', 'Place order'),
      action('click', 'B3', '<div role="button">Twice</div>', 'html > body > div:nth-of-type(1)[role="button"]', 'Twice'),
      action('click', 'B4', '<div role="button">Twice</div>', 'html > body > div:nth-of-type(2)[role="button"]', 'Twice'),
    ],
  },
};

describe("recorder: the page's elements", () => {
  const elements = pageElements(SHOP_OBSERVATION);
  const byId = (id: string) => elements.find((e) => e.id === id)!;

  it('reads role, label, action, box and state of each element', () => {
    assert.deepStrictEqual(
      elements.map((e) => [e.id, e.role, e.action]),
      [
        ['L1', 'link', 'click'],
        ['I1', 'textbox', 'fill'],
        ['I2', 'textbox', 'fill'],
        ['I3', 'combobox', 'select_dropdown_option'],
        ['B1', 'checkbox', 'check'],
        ['B2', 'button', 'click'],
        ['B3', 'button', 'click'],
        ['B4', 'button', 'click'],
      ],
    );
    assert.deepStrictEqual(byId('I2').box, { x: 24, y: 336, width: 177, height: 21 });
    assert.strictEqual(byId('B1').checked, true);
    assert.deepStrictEqual(byId('I3').options, ['Notebook', 'Pencil', 'Backpack']);
  });

  it('proposes the stable selector the server would, else the CSS path marked fragile', () => {
    assert.deepStrictEqual(proposedSelector(byId('I1'), elements), { selector: '#name', fragile: false });
    assert.deepStrictEqual(proposedSelector(byId('I2'), elements), { selector: 'input[name="email"]', fragile: false });
    assert.deepStrictEqual(proposedSelector(byId('B2'), elements), { selector: 'role=button[name="Place order"s]', fragile: false });
    assert.deepStrictEqual(proposedSelector(byId('B3'), elements), { selector: 'css=html > body > div:nth-of-type(1)[role="button"]', fragile: true });
    assert.ok(isFragileSelector('css=html > body > div:nth-of-type(1)[role="button"]'));
    assert.ok(!isFragileSelector('#name'));
  });

  it('finds the element a selector of the code names', () => {
    assert.strictEqual(elementForSelector('#name', elements)?.id, 'I1');
    assert.strictEqual(elementForSelector('input[name="email"]', elements)?.id, 'I2');
    assert.strictEqual(elementForSelector('internal:role=button[name="Place order"s]', elements)?.id, 'B2');
    assert.strictEqual(elementForSelector('internal:role=button[name="place"i]', elements)?.id, 'B2');
    // As Playwright matches (checked in Chromium): the whole name as written, unless "i" (any case; for
    // internal:role, a part of it); the public role engine is what the recorder now writes.
    assert.strictEqual(elementForSelector('role=button[name="Place order"s]', elements)?.id, 'B2');
    assert.strictEqual(elementForSelector('role=button[name="Place order"]', elements)?.id, 'B2');
    assert.strictEqual(elementForSelector('role=button[name="place ORDER"]', elements), undefined);
    assert.strictEqual(elementForSelector('role=button[name="place ORDER"i]', elements)?.id, 'B2');
    assert.strictEqual(elementForSelector('role=button[name="place"i]', elements), undefined);
    assert.strictEqual(elementForSelector('internal:role=button[name="Place"]', elements), undefined);
    assert.strictEqual(elementForSelector('css=html > body > div:nth-of-type(2)[role="button"]', elements)?.id, 'B4');
    assert.strictEqual(elementForSelector('#nothing', elements), undefined);
  });

  it('tells a submit button in a form and a link elsewhere from a plain click', () => {
    assert.ok(leavesOrSubmits(byId('B2')));
    assert.ok(leavesOrSubmits(byId('L1')));
    assert.ok(!leavesOrSubmits(byId('B3')));
  });
});

describe('recorder: steps typed by hand', () => {
  it('reads the CLI-like steps', () => {
    const ok = (text: string) => {
      const read = parseTypedStep(text);
      assert.ok(read.ok, `${text}: ${!read.ok && read.error}`);
      return read.ok ? read.action : undefined;
    };
    assert.deepStrictEqual(ok('click B3'), { type: 'click', id: 'B3' });
    assert.deepStrictEqual(ok('fill I1 Ada Lovelace'), { type: 'fill', id: 'I1', value: 'Ada Lovelace' });
    assert.deepStrictEqual(ok('select #product "Pencil"'), { type: 'select_dropdown_option', selector: '#product', value: 'Pencil' });
    assert.deepStrictEqual(ok('click "internal:role=button[name=\\"Go\\"s]"'), { type: 'click', selector: 'internal:role=button[name="Go"s]' });
    assert.deepStrictEqual(ok('check B1 false'), { type: 'check', id: 'B1', value: false });
    assert.deepStrictEqual(ok('goto example.com'), { type: 'goto', url: 'https://example.com' });
    // This machine's servers answer http; a host with a port is not a scheme (a walkthrough typed these).
    assert.deepStrictEqual(ok('goto 127.0.0.1:39291/pages/shop'), { type: 'goto', url: 'http://127.0.0.1:39291/pages/shop' });
    assert.deepStrictEqual(ok('goto localhost:8765/pages/shop'), { type: 'goto', url: 'http://localhost:8765/pages/shop' });
    assert.deepStrictEqual(ok('goto example.com:8080/x'), { type: 'goto', url: 'https://example.com:8080/x' });
    assert.deepStrictEqual(ok('goto about:blank'), { type: 'goto', url: 'about:blank' });
    assert.deepStrictEqual(ok('https://example.com/a b'), { type: 'goto', url: 'https://example.com/a b' });
    assert.deepStrictEqual(ok('press Enter'), { type: 'press_key', key: 'Enter' });
    assert.deepStrictEqual(ok('scroll up'), { type: 'scroll_up' });
    assert.deepStrictEqual(ok('back'), { type: 'go_back' });
    assert.deepStrictEqual(ok('wait 250'), { type: 'wait', time_ms: 250 });
  });

  it('says what is wrong with a step it cannot read', () => {
    const error = (text: string) => {
      const read = parseTypedStep(text);
      return read.ok ? '' : read.error;
    };
    assert.match(error('fill I1'), /needs a target and a value/);
    assert.match(error('dance B1'), /Unknown step "dance"/);
    assert.match(error('wait forever'), /milliseconds/);
    assert.match(error('   '), /Type a step as/);
  });
});

describe('recorder: panel messages', () => {
  it("accepts the panel's well-formed messages and drops the rest, saying why", () => {
    for (const good of [
      { v: 1, type: 'ready' },
      { v: 1, type: 'act', elementId: 'I1', action: 'fill', value: 'x' },
      { v: 1, type: 'act', elementId: 'B1', action: 'check', value: false },
      { v: 1, type: 'variable', index: 1, name: null },
      { v: 1, type: 'export', target: 'cursor' },
    ])
      assert.ok(checkPanelMessage(good).ok, JSON.stringify(good));
    const bad: [unknown, RegExp][] = [
      [{ v: 2, type: 'ready' }, /version 2/],
      [{ v: 1, type: 'eval', code: '1' }, /unknown type/],
      [{ v: 1, type: 'act', elementId: '#x; rm', action: 'click' }, /elementId/],
      [{ v: 1, type: 'act', elementId: 'I1', action: 'evaluate_js' }, /action/],
      [{ v: 1, type: 'export', target: 'cursor', path: '/etc/passwd' }, /unexpected field "path"/],
      [{ v: 1, type: 'moveStep', index: -1, to: 0 }, /index/],
    ];
    for (const [message, why] of bad) {
      const checked = checkPanelMessage(message);
      assert.ok(!checked.ok && why.test(checked.reason), `${JSON.stringify(message)}: ${!checked.ok ? checked.reason : 'accepted'}`);
    }
    assert.ok(checkRecorderHostMessage({ v: 1, type: 'frame', jpeg: new Uint8Array([255, 216]) }).ok);
    assert.ok(!checkRecorderHostMessage({ v: 1, type: 'frame', jpeg: 42 }).ok);
  });
});
