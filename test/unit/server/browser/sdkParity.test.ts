// What a function written against Notte's cloud expects of a session, seen when the official SDK drove
// the local server: the same results for the same calls, and messages that say what went wrong. One
// server and browser for the file.
import * as assert from 'assert';
import { startTestServer, TestServer } from '../../helpers/localServer';
import { call } from '../util';
import { act, PageServer, startPageServer, startSession } from './helpers';

describe('local server: browser sessions as Notte answers them', function () {
  this.timeout(60_000);
  let server: TestServer;
  let pages: PageServer;
  let id: string;

  before(async () => {
    pages = await startPageServer();
    server = await startTestServer({ browserTuning: { navigationTimeoutMs: 5000, evaluateTimeoutMs: 1500 } });
    id = await startSession(server);
  });
  after(async () => {
    await server?.close();
    await pages?.close();
  });

  it('evaluate_js answers what Notte answers: bare return and functions run, strings as they are, objects as JSON', async () => {
    await act(server, id, { type: 'goto', url: `${pages.url}/form` });
    const markdownOf = async (code: string) => {
      const result = await act(server, id, { type: 'evaluate_js', code });
      assert.strictEqual(result.success, true, `${code}: ${result.message}`);
      return result.data.markdown as string;
    };
    assert.strictEqual(await markdownOf('document.title'), 'Fixture form', 'a string as it is, not JSON-quoted');
    assert.strictEqual(await markdownOf('return document.title'), 'Fixture form', 'a bare return is wrapped in a function');
    assert.strictEqual(await markdownOf('const parts = location.pathname.split("/");\nreturn parts[1]'), 'form');
    assert.strictEqual(await markdownOf('() => document.title'), 'Fixture form', 'a function is called');
    assert.strictEqual(await markdownOf('async () => { await new Promise((r) => setTimeout(r, 10)); return 6 * 7; }'), '42');
    assert.strictEqual(await markdownOf('function () { return document.title; }'), 'Fixture form', 'a function expression is called, as Playwright does');
    assert.strictEqual(await markdownOf('function answer() { return 42; }'), '42', 'a named one too');
    assert.strictEqual(await markdownOf('async function () { return "awaited"; }'), 'awaited');
    assert.strictEqual(await markdownOf('Promise.resolve("later")'), 'later');
    assert.strictEqual(await markdownOf('const a = 2; a * 21'), '42');
    assert.strictEqual(await markdownOf('null'), 'null');
    assert.strictEqual(await markdownOf('undefined'), 'null');
    assert.strictEqual(await markdownOf('1 < 2'), 'True');
    const json = await markdownOf('({ name: "Ada", tags: [1, 2] })');
    assert.deepStrictEqual(JSON.parse(json), { name: 'Ada', tags: [1, 2] });
    assert.strictEqual(json, JSON.stringify({ name: 'Ada', tags: [1, 2] }, null, 2), 'indented as json.dumps(indent=2)');
    const thrown = await act(server, id, { type: 'evaluate_js', code: 'throw new Error("boom")' });
    assert.strictEqual(thrown.success, false);
    assert.match(thrown.message, /boom/);
  });

  it("a click, or a fill's Enter, that opens a tab leaves the session on it, as Notte switches to it; one that does not stays", async () => {
    const pathOf = async () => (await act(server, id, { type: 'evaluate_js', code: 'location.pathname' })).data.markdown as string;
    const tabCount = async () => (await call(server, 'POST', `/sessions/${id}/page/observe`, {})).json.metadata.tabs.length as number;
    await act(server, id, { type: 'goto', url: `${pages.url}/opener` });
    const before = await tabCount();
    const byLink = await act(server, id, { type: 'click', selector: '#blank' });
    assert.strictEqual(byLink.success, true, byLink.message);
    assert.match(byLink.message, /new tab/);
    assert.strictEqual(await pathOf(), '/table', 'the next action reads the opened tab');
    assert.strictEqual(await tabCount(), before + 1);
    assert.strictEqual((await act(server, id, { type: 'switch_tab', tab_index: 0 })).success, true);
    assert.strictEqual(await pathOf(), '/opener');
    const byScript = await act(server, id, { type: 'click', selector: '#script' });
    assert.match(byScript.message, /new tab/);
    assert.strictEqual(await pathOf(), '/tabs');
    assert.strictEqual((await act(server, id, { type: 'switch_tab', tab_index: 0 })).success, true);
    const here = await act(server, id, { type: 'click', selector: '#same' });
    assert.doesNotMatch(here.message, /new tab/);
    assert.strictEqual(await pathOf(), '/form', 'a link without a target opens in the same tab');
    assert.strictEqual(await tabCount(), before + 2);
    // A fill whose Enter submits a form to a new tab: the session follows it too (the SDK trial found it stayed).
    await act(server, id, { type: 'goto', url: `${pages.url}/opener` });
    const submitted = await act(server, id, { type: 'fill', selector: '#q', value: 'pens', press_enter: true });
    assert.strictEqual(submitted.success, true, submitted.message);
    assert.match(submitted.message, /new tab/);
    assert.strictEqual(await pathOf(), '/table');
    assert.strictEqual(await tabCount(), before + 3);
  });

  it('a tab that closes itself (a popup done) leaves the session on the tab at its place: the action succeeds, observe works', async () => {
    const pathOf = async () => (await act(server, id, { type: 'evaluate_js', code: 'location.pathname' })).data.markdown as string;
    await act(server, id, { type: 'goto', url: `${pages.url}/opener` });
    const tabsBefore = (await call(server, 'POST', `/sessions/${id}/page/observe`, {})).json.metadata.tabs.length as number;
    assert.match((await act(server, id, { type: 'click', selector: '#popup' })).message, /new tab/);
    assert.strictEqual(await pathOf(), '/closer');
    const done = await act(server, id, { type: 'click', selector: '#close' });
    assert.strictEqual(done.success, true, done.message);
    assert.match(done.message, /the page closed its tab, tab \d+ \(http:\/\/127\.0\.0\.1:\d+\/opener\) is active now$/);
    const observed = await call(server, 'POST', `/sessions/${id}/page/observe`, {});
    assert.strictEqual(observed.status, 200, observed.text);
    assert.strictEqual(observed.json.metadata.tabs.length, tabsBefore);
    assert.match(observed.json.metadata.url, /\/opener$/);
    // Closed by a timer, between two calls: the next observe moves to the tab at its place too.
    await act(server, id, { type: 'click', selector: '#popup' });
    await act(server, id, { type: 'evaluate_js', code: 'setTimeout(() => window.close(), 50); 1' });
    await act(server, id, { type: 'wait', time_ms: 500 });
    const again = await call(server, 'POST', `/sessions/${id}/page/observe`, {});
    assert.strictEqual(again.status, 200, again.text);
    assert.match(again.json.metadata.url, /\/opener$/);
    assert.strictEqual(await pathOf(), '/opener');
    // Every tab closed, again and again: one blank tab each time, observe answering.
    while ((await call(server, 'POST', `/sessions/${id}/page/observe`, {})).json.metadata.tabs.length > 1) await act(server, id, { type: 'close_tab' });
    for (let round = 0; round < 3; round++) {
      assert.strictEqual((await act(server, id, { type: 'close_tab' })).success, true);
      const blank = await call(server, 'POST', `/sessions/${id}/page/observe`, {});
      assert.strictEqual(blank.status, 200, blank.text);
      assert.deepStrictEqual(
        blank.json.metadata.tabs.map((t: { url: string }) => t.url),
        ['about:blank'],
        `round ${round}`,
      );
    }
  });

  it("reads a page after an action as Notte's cloud finds it: a route's fetched list, a button shown a moment later", async () => {
    await act(server, id, { type: 'goto', url: `${pages.url}/spa` });
    const labels = async () =>
      ((await call(server, 'POST', `/sessions/${id}/page/observe`, {})).json.space.interaction_actions as { text_label: string }[]).map((a) => a.text_label);
    // Notte waits for the network after an action that changed the address (here a pushState and an 800 ms fetch).
    assert.strictEqual((await act(server, id, { type: 'click', selector: '#products' })).success, true);
    assert.deepStrictEqual(await labels(), ['Products', 'Reveal', 'Product A', 'Product B']);
    // And 500 ms after any click: what it shows 300 ms later is read too, by evaluate_js as by observe.
    assert.strictEqual((await act(server, id, { type: 'click', selector: '#reveal' })).success, true);
    assert.strictEqual((await act(server, id, { type: 'evaluate_js', code: "document.querySelectorAll('#view button').length" })).data.markdown, '1');
    assert.deepStrictEqual(await labels(), ['Products', 'Reveal', 'Product A', 'Product B', 'Revealed']);
    // A page fetching its list as it loads, opened, then opened again at the same address: read once loaded, both times.
    for (let visit = 0; visit < 2; visit++) {
      assert.strictEqual((await act(server, id, { type: 'goto', url: `${pages.url}/spa?autoload=1` })).success, true);
      assert.deepStrictEqual(await labels(), ['Products', 'Reveal', 'Product A', 'Product B'], `visit ${visit}`);
    }
  });

  it('an element that is not there or cannot be acted on within the timeout is named in the message, with the reason', async () => {
    await act(server, id, { type: 'goto', url: `${pages.url}/form` });
    const missing = await act(server, id, { type: 'click', selector: '#missing', timeout: 500 });
    assert.strictEqual(missing.success, false);
    assert.match(missing.message, /The click action failed: no element matches the selector "#missing" on http:\/\/127\.0\.0\.1:\d+\/form \(waited 0\.5 s\)/);
    assert.strictEqual(missing.exception, missing.message);
    const disabled = await act(server, id, { type: 'click', selector: 'text=Disabled', timeout: 500 });
    assert.match(disabled.message, /The click action failed: the element of "text=Disabled" was found, but could not be acted on within 0\.5 s: element is not enabled/);
    // Long enough for the click on a link that navigates, on a loaded machine: the click's failure would be the message.
    const noDownload = await act(server, id, { type: 'download_file', selector: 'text=Prices', timeout: 3000 });
    assert.match(noDownload.message, /The download_file action failed: the click on "text=Prices" started no download within 3 s/);
    const nothingToClick = await act(server, id, { type: 'download_file', selector: '#no-such-link', timeout: 500 });
    assert.match(nothingToClick.message, /The download_file action failed: no element matches the selector "#no-such-link" on .* \(waited 0\.5 s\)/);
    await act(server, id, { type: 'goto', url: `${pages.url}/form` });
    // An id of an observe made before the page changed: the message says so, not only that time ran out.
    const observed = (await call(server, 'POST', `/sessions/${id}/page/observe`, {})).json;
    const nameField = observed.space.interaction_actions.find((a: { type: string }) => a.type === 'fill');
    assert.ok(nameField, 'observe lists a field');
    await act(server, id, { type: 'goto', url: `${pages.url}/table` });
    // Looked for briefly (2 s), not for the whole 15 s of an action's default timeout.
    const askedAt = Date.now();
    // With the timeout the SDK sends with every action (Notte's default): it asks for nothing longer.
    const stale = await act(server, id, { type: 'fill', id: nameField.id, value: 'Ada', timeout: 15_000 });
    assert.ok(Date.now() - askedAt < 10_000, `answered after ${Date.now() - askedAt} ms`);
    assert.strictEqual(stale.success, false);
    assert.match(
      stale.message,
      new RegExp(
        `The fill action failed: element ${nameField.id} of the last observe is no longer on the page \\(it was observed on .*/form; the tab is now on .*/table\\): call observe\\(\\) again`,
      ),
    );
    // A hash router's route change that removed it: looked for briefly too.
    await act(server, id, { type: 'goto', url: `${pages.url}/form` });
    await call(server, 'POST', `/sessions/${id}/page/observe`, {});
    await act(server, id, { type: 'evaluate_js', code: "location.hash = '#/other'; document.getElementById('order').remove(); 1" });
    const routedAt = Date.now();
    const routed = await act(server, id, { type: 'fill', id: nameField.id, value: 'Ada', timeout: 15_000 });
    assert.ok(Date.now() - routedAt < 10_000, `answered after ${Date.now() - routedAt} ms`);
    assert.match(routed.message, /no longer on the page \(it was observed on .*\/form; the tab is now on .*\/form#\/other\)/);
  });

  it("observe and scrape while a page's script sends it elsewhere answer a page, read again on the next document when the navigation cuts the read", async () => {
    const failures: string[] = [];
    for (let round = 0; round < 12; round++) {
      for (const route of ['observe', 'scrape']) {
        await act(server, id, { type: 'goto', url: `${pages.url}/redirecting` });
        // Around the script's 300 ms, when the SDK trial's reads failed (Execution context was destroyed).
        await new Promise((resolve) => setTimeout(resolve, 250 + (round % 6) * 20));
        const read = await call(server, 'POST', `/sessions/${id}/page/${route}`, {});
        const text = route === 'observe' ? read.json?.space?.description : read.json?.markdown;
        if (read.status !== 200 || !/On the way to the form|Order form/i.test(String(text))) failures.push(`${route} ${read.status}: ${read.text.slice(0, 200)}`);
      }
    }
    assert.deepStrictEqual(failures, []);
  });

  it("a goto that meets the page's own navigation to the same address on its way (a reload on a timer, a script's redirect) goes there", async () => {
    const failures: string[] = [];
    for (let round = 0; round < 16; round++) {
      // The page it is asked for reloads itself every 150 ms; the page before it sends itself to the form.
      const [from, to] = round % 2 ? ['redirecting', 'form'] : ['reloading', 'reloading'];
      await act(server, id, { type: 'goto', url: `${pages.url}/${from}` });
      await new Promise((resolve) => setTimeout(resolve, (from === 'redirecting' ? 240 : 90) + (round % 4) * 20));
      const went = await act(server, id, { type: 'goto', url: `${pages.url}/${to}` });
      if (!went.success || !String(went.message).includes(`/${to}`)) failures.push(`${from} → ${to}: ${went.message}`);
    }
    assert.deepStrictEqual(failures, []);
  });

  it("the export names an element by a selector Playwright finds once: a radio's role selector by its value is not kept", async () => {
    await act(server, id, { type: 'goto', url: `${pages.url}/form` });
    const observed = (await call(server, 'POST', `/sessions/${id}/page/observe`, {})).json;
    const fast = observed.space.interaction_actions.find((a: { description: string }) => /value="fast"/.test(a.description));
    assert.ok(fast, JSON.stringify(observed.space.interaction_actions.map((a: { description: string }) => a.description)));
    assert.strictEqual((await act(server, id, { type: 'click', id: fast.id })).success, true);
    const code = (await call(server, 'GET', `/sessions/${id}/workflow/code`)).json;
    const exported = code.json_actions.at(-1).selector as string;
    assert.doesNotMatch(exported, /name="fast"/, 'a name Playwright does not give the radio');
    // Replayed as the exported code would: the same radio, found once.
    await act(server, id, { type: 'goto', url: `${pages.url}/form` });
    const replayed = await act(server, id, { type: 'click', selector: exported });
    assert.strictEqual(replayed.success, true, `${exported}: ${replayed.message}`);
    const checked = await act(server, id, { type: 'evaluate_js', code: 'document.querySelector("input[name=speed]:checked").value' });
    assert.strictEqual(checked.data.markdown, 'fast');
  });

  it('the same web component three times: an id or the node selectors observe gave act on that one element', async () => {
    await act(server, id, { type: 'goto', url: `${pages.url}/components` });
    const observed = (await call(server, 'POST', `/sessions/${id}/page/observe`, {})).json;
    const buys = observed.space.interaction_actions.filter((a: { description: string }) => /Buy/.test(a.description));
    assert.strictEqual(buys.length, 3, JSON.stringify(observed.space.interaction_actions));
    const bought = async () => (await act(server, id, { type: 'evaluate_js', code: "document.getElementById('out').textContent" })).data.markdown;
    assert.strictEqual((await act(server, id, { type: 'click', id: buys[1].id })).success, true);
    assert.strictEqual(await bought(), 'Bought Coffee');
    const bySelectors = await act(server, id, { type: 'click', selector: buys[2].selector });
    assert.strictEqual(bySelectors.success, true, bySelectors.message);
    assert.strictEqual(await bought(), 'Bought Cocoa');
    // The export names the first of those clicks by its path through its component: replayed, it buys coffee.
    const clicks = (await call(server, 'GET', `/sessions/${id}/workflow/code`)).json.json_actions.filter((a: { type: string }) => a.type === 'click');
    const coffee = clicks.at(-2).selector as string;
    await act(server, id, { type: 'goto', url: `${pages.url}/components` });
    const replayed = await act(server, id, { type: 'click', selector: coffee });
    assert.strictEqual(replayed.success, true, `${coffee}: ${replayed.message}`);
    assert.strictEqual(await bought(), 'Bought Coffee', coffee);
  });

  it("scrapes a web component as a person reads it: its shadow tree, each slot showing the host's children given to it", async () => {
    await act(server, id, { type: 'goto', url: `${pages.url}/components` });
    const markdown = (await call(server, 'POST', `/sessions/${id}/page/scrape`, {})).json.markdown as string;
    assert.match(markdown, /Tea Buy\n\nCoffee Buy\n\nCocoa Buy/);
    assert.match(markdown, /## Opening hours\n\nOpen: Mon to Fri, 9 to 5/);
    assert.doesNotMatch(markdown, /Untitled|No hours given|Never shown/);
  });

  it('the export names an element in a frame through its frame: replayed, it fills that field', async () => {
    await act(server, id, { type: 'goto', url: `${pages.url}/framed` });
    const observed = (await call(server, 'POST', `/sessions/${id}/page/observe`, {})).json;
    const name = observed.space.interaction_actions.find((a: { description: string }) => /placeholder="Your name"/.test(a.description));
    assert.ok(name, JSON.stringify(observed.space.interaction_actions.map((a: { description: string }) => a.description)));
    assert.strictEqual((await act(server, id, { type: 'fill', id: name.id, value: 'Ada' })).success, true);
    const fills = (await call(server, 'GET', `/sessions/${id}/workflow/code`)).json.json_actions.filter((a: { type: string }) => a.type === 'fill');
    const exported = fills.at(-1).selector as string;
    assert.match(exported, /internal:control=enter-frame/);
    await act(server, id, { type: 'goto', url: `${pages.url}/framed` });
    const replayed = await act(server, id, { type: 'fill', selector: exported, value: 'Grace' });
    assert.strictEqual(replayed.success, true, `${exported}: ${replayed.message}`);
    const nameInFrame = "document.querySelector('iframe[title=Order]').contentDocument.getElementById('name').value";
    assert.strictEqual((await act(server, id, { type: 'evaluate_js', code: nameInFrame })).data.markdown, 'Grace');
    // Node selectors naming their frames (as a function keeps them, without the observe's id): acted on in
    // the frame, and exported through it too.
    const { notte_selector: _id, ...nodeSelectors } = name.selector;
    assert.deepStrictEqual(nodeSelectors.iframe_parent_css_selectors.length, 1);
    const byNodeSelectors = await act(server, id, { type: 'fill', selector: nodeSelectors, value: 'Hopper' });
    assert.strictEqual(byNodeSelectors.success, true, byNodeSelectors.message);
    assert.strictEqual((await act(server, id, { type: 'evaluate_js', code: nameInFrame })).data.markdown, 'Hopper');
    const lastFill = (await call(server, 'GET', `/sessions/${id}/workflow/code`)).json.json_actions.filter((a: { type: string }) => a.type === 'fill').at(-1);
    assert.match(lastFill.selector, /^css=.* >> internal:control=enter-frame >> css=/);
  });

  it('an action on a selector naming several elements fails as on Notte, whose locator is strict, and says how to name one', async () => {
    const opened = await act(server, id, { type: 'goto', url: `${pages.url}/form` });
    assert.strictEqual(opened.success, true, opened.message);
    const where = async () => (await act(server, id, { type: 'evaluate_js', code: 'location.pathname + location.hash' })).data.markdown;
    // Two links: the first goes to /table, so a click on the first match would be seen.
    const asNodeSelectors = { css_selector: 'nav a', xpath_selector: '', in_iframe: false, in_shadow_root: false, iframe_parent_css_selectors: [] };
    for (const [selector, suggested] of [
      ['nav a', 'nav a >> nth=0'],
      [asNodeSelectors, 'css=nav a >> nth=0'],
    ] as const) {
      const refused = await act(server, id, { type: 'click', selector });
      assert.strictEqual(refused.success, false, JSON.stringify(selector));
      assert.match(
        refused.message,
        /^The click action failed: the selector ".*" matches \d+ elements on http:\/\/127\.0\.0\.1:\d+\/form, and an action takes one \(as on Notte\): name one, e\.g\. "(.*)" for the first\.$/,
      );
      assert.strictEqual(/e\.g\. "(.*)" for the first/.exec(refused.message)![1], suggested);
      assert.strictEqual(await where(), '/form', 'nothing was clicked');
    }
    const second = await act(server, id, { type: 'click', selector: 'nav a >> nth=1' });
    assert.strictEqual(second.success, true, second.message);
    assert.strictEqual(await where(), '/form#top');
    const first = await act(server, id, { type: 'click', selector: 'nav a >> nth=0' });
    assert.strictEqual(first.success, true, first.message);
    assert.strictEqual(await where(), '/table');
  });

  it('a stopped session answers its page routes 404 with one sentence saying who stopped it', async () => {
    const other = await startSession(server);
    assert.strictEqual((await call(server, 'DELETE', `/sessions/${other}/stop`)).status, 200);
    const refused = await call(server, 'POST', `/sessions/${other}/page/execute`, { type: 'goto', url: `${pages.url}/form` });
    assert.strictEqual(refused.status, 404);
    assert.strictEqual(refused.json.detail, `Session ${other} is closed: Stopped by the client.`);
  });

  it('scrape reads its selector as Notte does (a Playwright selector: CSS, XPath, text), and says when the selector is not valid', async () => {
    await act(server, id, { type: 'goto', url: `${pages.url}/table` });
    const scrape = (selector: string) => call(server, 'POST', `/sessions/${id}/page/scrape`, { selector, only_main_content: false });
    for (const selector of ['#extra', 'css=#extra', 'xpath=//*[@id="extra"]', '//*[@id="extra"]', '~Only this part']) {
      const part = await scrape(selector);
      assert.strictEqual(part.status, 200, `${selector}: ${part.text}`);
      assert.strictEqual(part.json.markdown, 'Only this part', selector);
    }
    const invalid = await scrape('[[[');
    assert.strictEqual(invalid.status, 422);
    assert.match(invalid.json.detail, /The selector "\[\[\[" is not valid: /);
    const missing = await scrape('#nowhere');
    assert.strictEqual(missing.status, 422);
    assert.match(missing.json.detail, /No element matches the selector "#nowhere"/);
  });

  it("scrape's ignored_tags keep those tags' text without their Markdown, as Notte's markdownify strip does", async () => {
    await act(server, id, { type: 'goto', url: `${pages.url}/table` });
    const whole = await call(server, 'POST', `/sessions/${id}/page/scrape`, { only_main_content: false });
    assert.match(whole.json.markdown, /\[Back to the form\]\(http:\/\/127\.0\.0\.1:\d+\/form\)/);
    assert.match(whole.json.markdown, /^# Prices$/m);
    assert.match(whole.json.markdown, /\*\*in stock\*\*/);
    const stripped = await call(server, 'POST', `/sessions/${id}/page/scrape`, { only_main_content: false, ignored_tags: ['a', 'H1', 'strong'] });
    assert.strictEqual(stripped.status, 200, stripped.text);
    assert.match(stripped.json.markdown, /^Back to the form$/m);
    assert.match(stripped.json.markdown, /^Prices$/m);
    assert.match(stripped.json.markdown, /Three products, in stock\./);
    assert.doesNotMatch(stripped.json.markdown, /\]\(|^#|\*\*/m);
    const refused = await call(server, 'POST', `/sessions/${id}/page/scrape`, { ignored_tags: 'a' });
    assert.deepStrictEqual([refused.status, refused.json.detail], [422, 'ignored_tags must be a list of tag names, e.g. ["a", "img"].']);
    // The action's scrape reads the same parameter.
    const acted = await act(server, id, { type: 'scrape', only_main_content: false, ignored_tags: ['a'] });
    assert.match(acted.data.markdown, /^Back to the form$/m);
  });

  it("scrape keeps a button's and a text area's text and adds each frame a person sees under its address, as Notte's scrape does", async () => {
    await act(server, id, { type: 'goto', url: `${pages.url}/framed` });
    const scraped = await call(server, 'POST', `/sessions/${id}/page/scrape`, { only_main_content: false });
    assert.strictEqual(scraped.status, 200, scraped.text);
    const text = scraped.json.markdown as string;
    assert.match(text, /^# A shop with a frame\n\nAdd to cart\n\nLeave a note\n\nIFRAME /);
    assert.match(text, /\n\nIFRAME http:\/\/127\.0\.0\.1:\d+\/table:\n[^]*# Prices[^]*\| Tea \| 3 +\|/);
    assert.ok(!text.includes('/tabs') && !text.includes('Second page'), `the hidden frame is left out: ${text}`);
    // A selector names one element: its text only, no frames.
    const part = await call(server, 'POST', `/sessions/${id}/page/scrape`, { selector: '#box' });
    assert.strictEqual(part.json.markdown, 'Add to cart');
  });

  it('scrape of a data: page keeps its links as written, not each one the whole page address long', async () => {
    const html = '<h1>Anchors</h1><p><a href="#a">A</a> <a href="https://example.com/y">Y</a></p>';
    await act(server, id, { type: 'goto', url: `data:text/html,${encodeURIComponent(html)}` });
    const scraped = await call(server, 'POST', `/sessions/${id}/page/scrape`, { only_main_content: false });
    assert.strictEqual(scraped.status, 200, scraped.text);
    assert.strictEqual(scraped.json.markdown, '# Anchors\n\n[A](#a) [Y](https://example.com/y)');
  });

  it("evaluate_js code that never finishes fails with Notte's message before the SDK stops waiting, and the session goes on", async () => {
    await act(server, id, { type: 'goto', url: `${pages.url}/form` });
    const started = Date.now();
    const never = await act(server, id, { type: 'evaluate_js', code: 'new Promise(() => {})' });
    assert.strictEqual(never.success, false);
    assert.match(never.message, /JavaScript evaluation timed out after 1500ms/);
    assert.ok(Date.now() - started < 30_000, `answered after ${Date.now() - started} ms, not at the 55 s operation limit`);
    const next = await act(server, id, { type: 'evaluate_js', code: 'document.title' });
    assert.strictEqual(next.data.markdown, 'Fixture form');
  });
});
