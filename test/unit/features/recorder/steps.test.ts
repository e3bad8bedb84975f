// The Python the recorder writes, exactly: each step's line, a new function file in Notte's documented
// shape, variables as parameters of run(), and the step list's edits.
import * as assert from 'assert';
import { Recording } from '../../../../src/features/recorder/recording';
import { FRAGILE_COMMENT, functionFileText, isSecretField, pyString, RecordedStep, stepLines, stepOf, variableName } from '../../../../src/features/recorder/steps';

const SHOP = 'http://127.0.0.1:8765/pages/shop';

/** goto, a fill, a select, a click, a scrape: what the e2e test records on the shop page. */
function shopSteps(): RecordedStep[] {
  return [
    stepOf({ type: 'goto', url: SHOP }, undefined, false),
    stepOf({ type: 'fill', id: 'I2', value: 'ada@example.com' }, '#email', false, 'email'),
    stepOf({ type: 'select_dropdown_option', id: 'I3', value: 'Pencil' }, '#product', false, 'Notebook Pencil Backpack'),
    stepOf({ type: 'click', id: 'B2' }, 'internal:role=button[name="Place order"s]', false, 'Place order'),
    stepOf({ type: 'scrape' }, undefined, false),
  ];
}

describe('recorder: steps as Python', () => {
  it('writes strings the way a person would: double quotes, single ones around double quotes', () => {
    assert.strictEqual(pyString('plain'), '"plain"');
    assert.strictEqual(pyString('internal:role=textbox[name="Email"i]'), `'internal:role=textbox[name="Email"i]'`);
    assert.strictEqual(pyString(`it's "both"`), `"it's \\"both\\""`);
    assert.strictEqual(pyString('back\\slash\nnew line ünï'), '"back\\\\slash\\nnew line ünï"');
  });

  it('writes each action as session.execute(type, selector, value), a scrape as session.scrape()', () => {
    const [goto, fill, select, click, scrape] = shopSteps();
    assert.deepStrictEqual(stepLines(goto, 'session', false), [`session.execute(type="goto", url="${SHOP}")`]);
    assert.deepStrictEqual(stepLines(fill, 's', false), ['s.execute(type="fill", selector="#email", value="ada@example.com")']);
    assert.deepStrictEqual(stepLines(select, 'session', false), ['session.execute(type="select_dropdown_option", selector="#product", value="Pencil")']);
    assert.deepStrictEqual(stepLines(click, 'session', false), [`session.execute(type="click", selector='internal:role=button[name="Place order"s]')`]);
    assert.deepStrictEqual(stepLines(scrape, 'session', true), ['result = session.scrape()']);
    assert.deepStrictEqual(stepLines(scrape, 'session', false), ['session.scrape()']);
    assert.deepStrictEqual(stepLines(stepOf({ type: 'check', id: 'B1', value: false }, '#gift', false), 'session', false), [
      'session.execute(type="check", selector="#gift", value=False)',
    ]);
    assert.deepStrictEqual(stepLines(stepOf({ type: 'press_key', key: 'Enter' }, undefined, false), 'session', false), ['session.execute(type="press_key", key="Enter")']);
    assert.deepStrictEqual(stepLines(stepOf({ type: 'wait', time_ms: 500 }, undefined, false), 'session', false), ['session.execute(type="wait", time_ms=500)']);
  });

  it('keeps a CSS path when there is no stable selector, with a comment saying it is fragile', () => {
    const step = stepOf({ type: 'click', id: 'B9' }, 'css=html > body > div:nth-of-type(3) > span', true);
    assert.deepStrictEqual(stepLines(step, 'session', false), [FRAGILE_COMMENT, `session.execute(type="click", selector="css=html > body > div:nth-of-type(3) > span")`]);
  });

  it('writes a new function file: NotteClient, run() with the variables and their defaults, a session block, the last scrape returned', () => {
    const recording = new Recording();
    for (const step of shopSteps()) recording.add(step);
    assert.strictEqual(recording.setVariable(1, undefined), undefined);
    // A list without a label of its own is named by its id, not by its options' text (notebook_pencil_backpack).
    assert.strictEqual(recording.setVariable(2, undefined), undefined);
    assert.strictEqual(
      functionFileText(recording.steps, `Recorded with Notte from ${SHOP}.`),
      [
        `"""Recorded with Notte from ${SHOP}."""`,
        'from notte_sdk import NotteClient',
        '',
        '',
        'def run(email: str = "ada@example.com", product: str = "Pencil"):',
        '    client = NotteClient()',
        '    with client.Session() as session:',
        `        session.execute(type="goto", url="${SHOP}")`,
        '        session.execute(type="fill", selector="#email", value=email)',
        '        session.execute(type="select_dropdown_option", selector="#product", value=product)',
        `        session.execute(type="click", selector='internal:role=button[name="Place order"s]')`,
        '        result = session.scrape()',
        '    return result',
        '',
      ].join('\n'),
    );
  });

  it('makes what was typed into a password field a variable without a default: the password is nowhere in the code', () => {
    const recording = new Recording();
    recording.add(stepOf({ type: 'goto', url: SHOP }, undefined, false));
    recording.add(stepOf({ type: 'fill', id: 'I1', value: 'ada@example.com' }, '#email', false, 'email'));
    recording.setVariable(1, undefined);
    const secret = stepOf({ type: 'fill', id: 'I2', value: 'hunter2-S3cret' }, '#pw', false, 'Password');
    assert.ok(isSecretField({ attributes: { type: 'password' }, label: 'Your secret' }));
    assert.ok(isSecretField({ attributes: { name: 'user_pwd' }, label: '' }));
    assert.ok(isSecretField({ label: 'input[type=password]' }));
    assert.ok(!isSecretField({ attributes: { type: 'email', name: 'email' }, label: 'E-mail' }));
    // The rule of the variables' names (api/redact.ts): a field named for a token is a secret too.
    assert.ok(isSecretField({ attributes: { id: 'api-token' }, label: 'Token' }));
    assert.ok(!isSecretField({ attributes: { name: 'q' }, label: 'Search' }));
    // Words, not letters: these are not secrets (a reviewer saw them taken for ones).
    for (const label of ['Author', 'Passenger name', 'Passport no.']) assert.ok(!isSecretField({ label }), label);
    secret.secret = true;
    recording.add(secret);
    assert.strictEqual(recording.steps[2].variable, 'password', 'a variable at once, named after its label');
    assert.match(recording.setVariable(2, null)!, /stays a variable/);
    const text = functionFileText(recording.steps, 'Signs in.');
    assert.ok(!text.includes('hunter2'), text);
    // Without a default it comes first: Python takes no parameter without a default after one with it.
    assert.match(text, /^def run\(password: str, email: str = "ada@example\.com"\):$/m);
    assert.match(text, /session\.execute\(type="fill", selector="#pw", value=password\)/);
  });

  it("returns the page the steps reached when they have no scrape, so the function's result is not empty", () => {
    const text = functionFileText([stepOf({ type: 'goto', url: SHOP }, undefined, false), stepOf({ type: 'click', id: 'B1' }, '#go', false)], 'Clicks.');
    assert.ok(
      text.endsWith(
        [
          '        session.execute(type="click", selector="#go")',
          '        # The page the steps reached, as the result: scrape only what you need instead.',
          '        result = session.scrape()',
          '    return result',
          '',
        ].join('\n'),
      ),
      text,
    );
  });

  it('writes a file with no step and no scrape that still runs', () => {
    assert.strictEqual(
      functionFileText([], 'Nothing yet.'),
      [
        '"""Nothing yet."""',
        'from notte_sdk import NotteClient',
        '',
        '',
        'def run():',
        '    client = NotteClient()',
        '    with client.Session() as session:',
        '        pass',
        '',
      ].join('\n'),
    );
  });

  it('names variables after their element, as Python parameters, never twice, never a keyword or a name the code uses', () => {
    assert.strictEqual(variableName('E-mail address', new Set()), 'e_mail_address');
    assert.strictEqual(variableName('email', new Set(['email'])), 'email_2');
    assert.strictEqual(variableName('class', new Set()), 'class_value');
    assert.strictEqual(variableName('session', new Set()), 'session_value');
    assert.strictEqual(variableName('2 items', new Set()), '_2_items');
    assert.strictEqual(variableName('«»', new Set()), 'value');
    assert.strictEqual(variableName(undefined, new Set(['value'])), 'value_2');
    // A list with a label of its own keeps it; one labelled by its options' text takes its id.
    const recording = new Recording();
    recording.add(stepOf({ type: 'select_dropdown_option', id: 'I1', value: 'France' }, '#ctl00_main_ddlCountry', false, 'Country'));
    recording.add(stepOf({ type: 'select_dropdown_option', id: 'I2', value: 'Pencil' }, 'select[name="product"]', false, 'Notebook Pencil Backpack'));
    recording.setVariable(0, undefined);
    recording.setVariable(1, undefined);
    assert.deepStrictEqual(
      recording.steps.map((step) => step.variable),
      ['country', 'product'],
    );
  });

  it('edits, moves, deletes and refuses what does not fit, saying why', () => {
    const recording = new Recording();
    for (const step of shopSteps()) recording.add(step);
    assert.match(recording.setVariable(3, undefined)!, /Only a value/);
    assert.match(recording.setVariable(1, 'not valid')!, /cannot be a parameter/);
    assert.match(recording.setVariable(1, 'return')!, /cannot be a parameter/);
    assert.strictEqual(recording.edit(1, 'value', 'grace@example.com'), undefined);
    assert.strictEqual(recording.edit(3, 'selector', '#submit'), undefined);
    assert.match(recording.edit(3, 'value', 'x')!, /no value/);
    assert.match(recording.edit(1, 'url', 'x')!, /Only a goto/);
    assert.ok(recording.move(4, 0));
    assert.ok(!recording.move(0, 9));
    assert.ok(recording.remove(0));
    assert.ok(!recording.remove(7));
    assert.deepStrictEqual(
      recording.steps.map((s) => stepLines(s, 'session', false)[0]),
      [
        `session.execute(type="goto", url="${SHOP}")`,
        'session.execute(type="fill", selector="#email", value="grace@example.com")',
        'session.execute(type="select_dropdown_option", selector="#product", value="Pencil")',
        'session.execute(type="click", selector="#submit")',
      ],
    );
  });
});
