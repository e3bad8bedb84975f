// Steps inserted at the cursor of an existing function file, exactly: inside the enclosing session
// block (its name, its indentation), wrapped in one outside any, variables added to run(); and Notte's
// own export's block body, and what Pick Element writes.
import * as assert from 'assert';
import { insertCode, insertSteps, sessionBlockAt, sessionBody } from '../../../../src/features/recorder/insertion';
import { pickEdit, selectorOnLine } from '../../../../src/features/recorder/pickText';
import { RecordedStep } from '../../../../src/features/recorder/steps';
import { applyEdits } from './apply';

const FILE = [
  '"""Orders a notebook."""',
  'import os',
  '',
  'from notte_sdk import NotteClient',
  '',
  '',
  'def run(name: str = "Ada"):',
  '    client = NotteClient()',
  '    with client.Session(headless=True) as browser:',
  '        browser.execute(type="goto", url=os.environ["SHOP"])',
  '',
  '        browser.execute(type="fill", selector="#name", value=name)',
  '    return None',
  '',
].join('\n');

const CLICK: RecordedStep = { type: 'click', selector: 'internal:role=button[name="Place order"s]' };
const EMAIL: RecordedStep = { type: 'fill', selector: '#email', value: 'ada@example.com', variable: 'email' };

describe('recorder: insertion at the cursor', () => {
  it('finds the enclosing session block, its name and body indentation, from any line of it', () => {
    const lines = FILE.split('\n');
    for (const line of [8, 9, 10, 11]) assert.deepStrictEqual(sessionBlockAt(lines, line), { name: 'browser', withLine: 8, bodyIndent: '        ' }, `line ${line}`);
    for (const line of [6, 7, 12, 13]) assert.strictEqual(sessionBlockAt(lines, line), undefined, `line ${line}`);
    const tabs = ['def run():', '\twith NotteClient().Session() as s:  # a comment', '\t\ts.scrape()', ''].join('\n').split('\n');
    assert.deepStrictEqual(sessionBlockAt(tabs, 2), { name: 's', withLine: 1, bodyIndent: '\t\t' });
    const empty = ['def run():', '    with client.Session() as session:', '', ''];
    assert.deepStrictEqual(sessionBlockAt(empty, 2), { name: 'session', withLine: 1, bodyIndent: '        ' });
  });

  it('puts the steps on an empty line of the block, on its session name, the variable added to run()', () => {
    const insertion = insertSteps(FILE, 10, [EMAIL, CLICK], false)!;
    assert.strictEqual(insertion.block?.name, 'browser');
    const after = applyEdits(FILE, insertion.edits);
    assert.strictEqual(
      after,
      FILE.replace('def run(name: str = "Ada"):', 'def run(name: str = "Ada", email: str = "ada@example.com"):').replace(
        '\n\n        browser.execute(type="fill", selector="#name"',
        `\n        browser.execute(type="fill", selector="#email", value=email)\n        browser.execute(type="click", selector='internal:role=button[name="Place order"s]')\n        browser.execute(type="fill", selector="#name"`,
      ),
    );
  });

  it('puts the steps after the line when the cursor ends a line of code, never after a return', () => {
    const fillLine = FILE.split('\n')[11];
    const afterFill = applyEdits(FILE, insertSteps(FILE, { line: 11, character: fillLine.length }, [CLICK], false)!.edits);
    assert.match(afterFill, /selector="#name", value=name\)\n {8}browser\.execute\(type="click"[^\n]*\)\n {4}return None\n/);
    // Inside the line, or on its indentation: before it, as an editor inserts.
    const inside = applyEdits(FILE, insertSteps(FILE, { line: 11, character: 12 }, [CLICK], false)!.edits);
    assert.match(inside, /\n {8}browser\.execute\(type="click"[^\n]*\)\n {8}browser\.execute\(type="fill", selector="#name"/);
    const flow = ['def run():', '    with NotteClient().Session() as s:', '        s.execute(type="goto", url="https://a.test")', '        return s.scrape()', ''].join('\n');
    const atReturn = applyEdits(flow, insertSteps(flow, { line: 3, character: 25 }, [CLICK], false)!.edits);
    assert.match(atReturn, /url="https:\/\/a\.test"\)\n {8}s\.execute\(type="click"[^\n]*\)\n {8}return s\.scrape\(\)\n$/);
  });

  it('goes before, not after, the end of a line that does not end a statement (review: broken Python)', () => {
    const lines = [
      'def run():',
      '    with NotteClient().Session() as s:',
      '        s.execute(',
      '            type="goto",',
      '            url="https://a.test"',
      '        )',
      '        if s:',
      '            s.scrape()',
      '        s.observe()  # the last',
    ];
    const text = lines.join('\n');
    const at = (line: number) => applyEdits(text, insertSteps(text, { line, character: lines[line].length }, [CLICK], false)!.edits).split('\n');
    const click = /^ {8}s\.execute\(type="click"/;
    // An open call, its last argument (the next line closes it), a header: the step goes before the line.
    for (const line of [2, 4, 6]) assert.match(at(line)[line], click, `line ${line + 1}`);
    // The line closing the call ends the statement: after it.
    assert.match(at(5)[6], click);
    // The file's last line (no line after it to go before): before it.
    assert.match(at(8)[8], click);
  });

  it('puts the steps before the line the cursor is on, and after the with line when the cursor is on it', () => {
    const before = applyEdits(FILE, insertSteps(FILE, 11, [CLICK], false)!.edits);
    assert.match(before, /\n {8}browser\.execute\(type="click", selector='internal:role=button\[name="Place order"s\]'\)\n {8}browser\.execute\(type="fill", selector="#name"/);
    const atWith = applyEdits(FILE, insertSteps(FILE, 8, [CLICK], false)!.edits);
    assert.match(atWith, /as browser:\n {8}browser\.execute\(type="click"[^\n]*\n {8}browser\.execute\(type="goto"/);
  });

  it('answers nothing outside a session block unless asked to wrap; wrapped, the steps get a block and the import', () => {
    const bare = ['def run(count: int = 1):', '    total = count', '    return total', ''].join('\n');
    assert.strictEqual(insertSteps(bare, 2, [CLICK], false), undefined);
    const wrapped = applyEdits(bare, insertSteps(bare, 2, [EMAIL, CLICK], true)!.edits);
    assert.strictEqual(
      wrapped,
      [
        'from notte_sdk import NotteClient',
        'def run(count: int = 1, email: str = "ada@example.com"):',
        '    total = count',
        '    with NotteClient().Session() as session:',
        '        session.execute(type="fill", selector="#email", value=email)',
        `        session.execute(type="click", selector='internal:role=button[name="Place order"s]')`,
        '    return total',
        '',
      ].join('\n'),
    );
  });

  it('adds no parameter run() has already, and keeps variables as assignments when run() takes **kwargs', () => {
    const has = FILE.replace('def run(name: str = "Ada"):', 'def run(\n    name: str = "Ada",\n    email: str = "x@y.z",\n):');
    const kept = applyEdits(has, insertSteps(has, 12, [EMAIL], false)!.edits);
    assert.ok(kept.includes('def run(\n    name: str = "Ada",\n    email: str = "x@y.z",\n):'), kept);
    // Nor an assignment of it, which would override what the caller passed (a walkthrough found one).
    assert.ok(!/^\s*email = /m.test(kept), kept);
    assert.match(kept, /browser\.execute\(type="fill", selector="#email", value=email\)/);
    const kwargs = ['def run(**options):', '    with NotteClient().Session() as session:', '        pass', ''].join('\n');
    const assigned = applyEdits(kwargs, insertSteps(kwargs, 2, [EMAIL], false)!.edits);
    assert.strictEqual(
      assigned,
      [
        'def run(**options):',
        '    with NotteClient().Session() as session:',
        '        email = "ada@example.com"',
        '        session.execute(type="fill", selector="#email", value=email)',
        '        pass',
        '',
      ].join('\n'),
    );
  });

  it('adds a password as a parameter without a default (keyword-only after others), or an empty assignment: never its value', () => {
    const PASSWORD: RecordedStep = { type: 'fill', selector: '#pw', value: 'hunter2-S3cret', variable: 'password', secret: true };
    const after = applyEdits(FILE, insertSteps(FILE, 10, [EMAIL, PASSWORD], false)!.edits);
    assert.ok(after.includes('def run(name: str = "Ada", email: str = "ada@example.com", *, password: str):'), after);
    const empty = ['def run():', '    with NotteClient().Session() as session:', '        pass', ''].join('\n');
    assert.ok(applyEdits(empty, insertSteps(empty, 2, [EMAIL, PASSWORD], false)!.edits).startsWith('def run(password: str, email: str = "ada@example.com"):'));
    const kwargs = ['def run(**options):', '    with NotteClient().Session() as session:', '        pass', ''].join('\n');
    const assigned = applyEdits(kwargs, insertSteps(kwargs, 2, [PASSWORD], false)!.edits);
    assert.match(assigned, /^ {8}password = "" {2}# a password: /m);
    for (const text of [after, assigned]) assert.ok(!text.includes('hunter2'), text);
    // A `*` inside a default's string or a comment is no star parameter; a real one needs no second.
    const starInString = FILE.replace('def run(name: str = "Ada"):', 'def run(name: str = "a *b"):');
    assert.ok(applyEdits(starInString, insertSteps(starInString, 10, [PASSWORD], false)!.edits).includes('def run(name: str = "a *b", *, password: str):'));
    const starred = FILE.replace('def run(name: str = "Ada"):', 'def run(name: str = "Ada", *args):');
    assert.ok(applyEdits(starred, insertSteps(starred, 10, [PASSWORD], false)!.edits).includes('def run(name: str = "Ada", *args, password: str):'));
  });

  it("keeps the file's line endings", () => {
    const crlf = FILE.replace(/\n/g, '\r\n');
    const after = applyEdits(crlf, insertSteps(crlf, 11, [CLICK], false)!.edits);
    assert.ok(!/[^\r]\n/.test(after), 'every line ends with CRLF');
    assert.strictEqual(after.split('\r\n').length, crlf.split('\r\n').length + 1);
  });

  it("inserts the body of Notte's own export on the block's session name", () => {
    const script = [
      '"""Recorded from a local Notte session."""',
      'from notte_sdk import NotteClient',
      '',
      '',
      'def run():',
      '    client = NotteClient()',
      '    with client.Session() as session:',
      '        result = None',
      '        session.execute(type="goto", url="http://127.0.0.1/pages/shop")',
      '        result = session.scrape()',
      '    return result',
      '',
    ].join('\n');
    assert.deepStrictEqual(sessionBody(script, 'browser'), ['result = None', 'browser.execute(type="goto", url="http://127.0.0.1/pages/shop")', 'result = browser.scrape()']);
    const after = applyEdits(FILE, insertCode(FILE, 10, (name) => sessionBody(script, name), [], false)!.edits);
    assert.match(
      after,
      /\n {8}result = None\n {8}browser\.execute\(type="goto", url="http:\/\/127\.0\.0\.1\/pages\/shop"\)\n {8}result = browser\.scrape\(\)\n {8}browser\.execute\(type="fill"/,
    );
  });
});

describe('recorder: Pick Element writes', () => {
  const lines = FILE.split('\n');

  it("replaces the selector (or the id) of the execute call on the cursor's line", () => {
    const edited = applyEdits(FILE, [pickEdit(lines, 11, 20, '#email', 'fill')]);
    assert.ok(edited.includes('browser.execute(type="fill", selector="#email", value=name)'), edited);
    const byId = FILE.replace('selector="#name"', 'id=ids["name"]');
    const replaced = applyEdits(byId, [pickEdit(byId.split('\n'), 11, 0, 'internal:role=textbox[name="Email"i]', 'fill')]);
    assert.ok(replaced.includes(`browser.execute(type="fill", selector='internal:role=textbox[name="Email"i]', value=name)`), replaced);
  });

  it('writes a whole execute line, with the action and a value to fill in, on an empty line of a session block', () => {
    const edited = applyEdits(FILE, [pickEdit(lines, 10, 0, '#product', 'select_dropdown_option')]);
    assert.ok(edited.includes('\n        browser.execute(type="select_dropdown_option", selector="#product", value="")\n'), edited);
  });

  it('writes the selector as a string anywhere else', () => {
    const edited = applyEdits(FILE, [pickEdit(lines, 12, 11, '#gift', 'check')]);
    assert.ok(edited.includes('    return "#gift"None'), edited);
  });

  it("reads back the selector a line's selector= names", () => {
    assert.strictEqual(selectorOnLine(`        session.execute(type="click", selector='internal:role=button[name="Go"s]')`), 'internal:role=button[name="Go"s]');
    assert.strictEqual(selectorOnLine('session.execute(type="fill", selector="#a\\"b", value=x)'), '#a"b');
    assert.strictEqual(selectorOnLine('session.execute(type="goto", url="x")'), undefined);
  });
});
