import * as assert from 'assert';
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { startTestServer } from '../helpers/localServer';
import { CLI, closedPort, copyWorkspace, readJunit, runCli } from './cliHelpers';

const FAILING_LINES = [
  '✗ prices / closed shop: the result is empty ([])',
  '✗ prices / wants a rating: the result does not match the schema: $.rating is missing (required)',
  "✗ traceback_result / default: the run closed but its result is a Python traceback (KeyError: 'missing')",
];

describe('notte-test, the CI command (a child process)', function () {
  this.timeout(90_000);
  const workspaces: string[] = [];
  const workspace = () => {
    const dir = copyWorkspace();
    workspaces.push(dir);
    return dir;
  };
  after(() => {
    for (const dir of workspaces) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs every set on a local server it starts itself: a line per set in order, the count, exit 1, a JUnit report', async () => {
    const dir = workspace();
    const junit = path.join(dir, 'reports', 'notte.xml');
    const run = await runCli(['--workspace', dir, '--local-server', '--junit', junit]);
    assert.strictEqual(run.code, 1, run.stderr);
    assert.match(run.lines[0], /^✓ prices \/ smoke \(\d+\.\ds\)$/);
    assert.deepStrictEqual(run.lines.slice(1), [...FAILING_LINES, '1 passed, 3 failed']);
    assert.strictEqual(run.stderr, '');

    const report = readJunit(junit);
    assert.deepStrictEqual([report.tests, report.failures], [4, 3]);
    assert.deepStrictEqual(
      report.cases.map((c) => [c.suite, c.classname, c.name, c.failure?.type]),
      [
        ['prices', 'prices', 'smoke', undefined],
        ['prices', 'prices', 'closed shop', 'nonEmpty'],
        ['prices', 'prices', 'wants a rating', 'result'],
        ['traceback_result', 'traceback_result', 'default', 'traceback'],
      ],
    );
    assert.strictEqual(report.cases[2].failure?.message, 'the result does not match the schema: $.rating is missing (required)');
    assert.match(report.cases[2].failure!.text, /^The result does not match the schema:\n {2}\$\.rating is missing \(required\)\nRun: \S+ \(closed\)$/);
    assert.strictEqual(report.cases[0].out, 'Visiting corner\nfound 2 items');
    const kept = JSON.parse(fs.readFileSync(path.join(dir, '.notte', '.cache', 'last-passing.json'), 'utf8'));
    assert.deepStrictEqual(Object.keys(kept), ['prices.json#smoke'], 'the passing result is kept for the next diff');
  });

  it('runs against a server the test started (NOTTE_API_URL, NOTTE_API_KEY), picks sets with --grep, exits 0, never prints the key', async () => {
    const dir = workspace();
    const server = await startTestServer({ functionsDir: dir });
    try {
      const run = await runCli(['--workspace', dir, '--grep', 'smoke|^default$', '--concurrency', '2'], { NOTTE_API_URL: server.url, NOTTE_API_KEY: server.key });
      assert.strictEqual(run.code, 1, run.stderr);
      assert.match(run.lines[0], /^✓ prices \/ smoke \(\d+\.\ds\)$/);
      assert.deepStrictEqual(run.lines.slice(1), [FAILING_LINES[2], '1 passed, 1 failed']);
      const passing = await runCli(['--workspace', dir, '--grep=prices / smoke'], { NOTTE_API_URL: server.url, NOTTE_API_KEY: server.key });
      assert.strictEqual(passing.code, 0, passing.stderr);
      assert.deepStrictEqual(passing.lines.slice(1), ['1 passed, 0 failed']);
      for (const output of [run.stdout, run.stderr, passing.stdout, passing.stderr]) assert.ok(!output.includes(server.key), 'the key is never printed');
    } finally {
      await server.close();
    }
  });

  it('tells what changed since the last pass when the function changes and the set starts failing', async () => {
    const dir = workspace();
    assert.strictEqual((await runCli(['--workspace', dir, '--local-server', '--grep', 'smoke'])).code, 0);
    // The site changed: prices now come without a price.
    const file = path.join(dir, 'prices.py');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('drop_price: bool = False', 'drop_price: bool = True'));
    const junit = path.join(dir, 'junit.xml');
    const run = await runCli(['--workspace', dir, '--local-server', '--grep', 'smoke', '--junit', junit]);
    assert.strictEqual(run.code, 1);
    assert.deepStrictEqual(run.lines, [
      '✗ prices / smoke: the result does not match the schema: $.items[0].price is missing (required); $.items[1].price is missing (required); since the last pass: $.items[0].price: removed (was 3.5), $.items[1].price: removed (was 4)',
      '0 passed, 1 failed',
    ]);
    const [smoke] = readJunit(junit).cases;
    assert.match(smoke.failure!.text, /Since the last passing result:\n {2}\$\.items\[0\]\.price: removed \(was 3\.5\)\n {2}\$\.items\[1\]\.price: removed \(was 4\)\n/);
  });

  it('fails each set with the connection message when the URL is unreachable, once per set, no stack, no key', async () => {
    const dir = workspace();
    const junit = path.join(dir, 'junit.xml');
    const key = 'notte-test-secret-key-123';
    const url = `http://127.0.0.1:${await closedPort()}`;
    const run = await runCli(['--workspace', dir, '--junit', junit], { NOTTE_API_URL: url, NOTTE_API_KEY: key });
    assert.strictEqual(run.code, 1);
    const why = `List functions: cannot reach ${url.slice('http://'.length)} (the connection was refused). Check the API URL, your network or proxy.`;
    assert.deepStrictEqual(run.lines, [
      `✗ prices / smoke: ${why}`,
      `✗ prices / closed shop: ${why}`,
      `✗ prices / wants a rating: ${why}`,
      `✗ traceback_result / default: ${why}`,
      '0 passed, 4 failed',
    ]);
    assert.ok(!run.stdout.includes(key) && !run.stderr.includes(key));
    assert.ok(!/\n\s+at /.test(run.stdout + run.stderr), 'no stack');
    assert.deepStrictEqual([readJunit(junit).tests, readJunit(junit).failures], [4, 4]);
    // The report's text is the message as a sentence, with one full stop.
    assert.strictEqual(readJunit(junit).cases[0].failure?.text, why);
  });

  it('tells a broken sets file and a broken link file at their lines, a renamed parameter and a file with no function, and runs the rest', async () => {
    const dir = workspace();
    const sets = path.join(dir, '.notte', 'variables');
    fs.writeFileSync(path.join(sets, 'slow.json'), JSON.stringify([{ name: 'renamed', variables: { secs: 0 } }]));
    fs.writeFileSync(path.join(sets, 'gone.json'), JSON.stringify([{ name: 'any', variables: {} }]));
    // A broken set fails at its line; the good one after it still runs.
    fs.writeFileSync(
      path.join(sets, 'traceback_result.json'),
      '[\n  {"name": "default", "variables": {},\n   "expect": {"maxSeconds": "soon"}},\n  {"name": "fine", "variables": {}, "expect": {"status": "closed"}}\n]',
    );
    fs.writeFileSync(path.join(dir, '.notte', 'functions.json'), '{\n  "functions": {"prices.py": {"functionId": "prices"}}\n}');
    const junit = path.join(dir, 'junit.xml');
    const run = await runCli(['--workspace', dir, '--local-server', '--grep', 'renamed|any|traceback|smoke|functions', '--junit', junit]);
    assert.strictEqual(run.code, 1, run.stderr);
    // The local server is named by its folder (its port is new each run and means nothing to the reader).
    const lines = run.lines.map((line) => line.replace(dir, 'DIR').replace(/\(\d+\.\ds\)$/, '(Ns)'));
    assert.deepStrictEqual(lines, [
      '✗ .notte/functions.json: line 2: the link of "prices.py": "apiUrl" is missing (required)',
      '✗ gone / any: no function on the local server of DIR (a .py file at the top of that folder with a def run(...)) is named "gone" (a sets file is named after its function\'s name, else its id)',
      '✓ prices / smoke (Ns)',
      '✗ slow / renamed: set "renamed" gives "secs", which run(...) of slow does not take (renamed or removed?); its parameters: seconds',
      '✗ traceback_result / default: .notte/variables/traceback_result.json: line 3: set "default": "expect.maxSeconds" must be a number, not a string',
      "✗ traceback_result / fine: the run closed but its result is a Python traceback (KeyError: 'missing')",
      '1 passed, 5 failed',
    ]);
    assert.deepStrictEqual(
      readJunit(junit).cases.map((c) => [c.classname, c.name]),
      [
        ['.notte/functions.json', 'functions.json'],
        ['gone', 'any'],
        ['prices', 'smoke'],
        ['slow', 'renamed'],
        ['traceback_result', 'default'],
        ['traceback_result', 'fine'],
      ],
    );
  });

  it("runs a cloud function's sets on the linked file with --local-server, reads a sets file with a byte-order mark, and stops a run at its maxSeconds", async () => {
    const dir = workspace();
    const sets = path.join(dir, '.notte', 'variables');
    fs.writeFileSync(
      path.join(dir, '.notte', 'functions.json'),
      JSON.stringify({ functions: { 'prices.py': { functionId: 'fn_123', apiUrl: 'https://api.notte.cc', name: 'Price Tracker' } } }),
    );
    fs.renameSync(path.join(sets, 'prices.json'), path.join(sets, 'Price_Tracker.json'));
    fs.writeFileSync(path.join(sets, 'slow.json'), '\ufeff' + JSON.stringify([{ name: 'too slow', variables: { seconds: 30 }, expect: { maxSeconds: 1 } }]));
    const run = await runCli(['--workspace', dir, '--local-server', '--grep', 'smoke|too slow']);
    assert.strictEqual(run.code, 1, run.stderr);
    assert.match(run.lines[0], /^✓ Price Tracker \/ smoke \(\d+\.\ds\)$/);
    assert.match(run.lines[1], /^✗ slow \/ too slow: it took more than the 1 s allowed \(stopped after \d+\.\d s\)$/);
    assert.deepStrictEqual(run.lines.slice(2), ['1 passed, 1 failed']);
  });

  it("masks a set's secret values in its lines, its report and its cache, and keeps NOTTE_VAR_* from the functions", async () => {
    const dir = workspace();
    fs.writeFileSync(
      path.join(dir, 'login.py'),
      'import os\n\n\ndef run(user: str, password: str, api_key: str):\n' +
        '    print(f"logging in {user} with {password} and key {api_key}")\n' +
        '    seen = sorted(k for k in os.environ if k.startswith("NOTTE_VAR_"))\n' +
        '    return {"echo": password, "key": api_key, "seen": seen, "count": 1234567}\n',
    );
    const variables = { user: 'ann', password: '••••••', api_key: '••••••' };
    fs.writeFileSync(
      path.join(dir, '.notte', 'variables', 'login.json'),
      JSON.stringify([
        { name: 'passes', variables, expect: { result: { type: 'object', required: ['echo'] } } },
        { name: 'fails', variables, expect: { result: { type: 'object', properties: { echo: { const: 'nope' }, key: { maxLength: 2 } } } } },
      ]),
    );
    const junit = path.join(dir, 'junit.xml');
    const run = await runCli(['--workspace', dir, '--local-server', '--grep', '^login', '--junit', junit], {
      NOTTE_VAR_password: 'hunter2-in-the-clear',
      NOTTE_VAR_api_key: 'sk-never-shown-42',
    });
    assert.strictEqual(run.code, 1, run.stderr);
    assert.match(run.lines[0], /^✓ login \/ passes/);
    // The contract was checked on the real values (they failed it); the message shows them masked.
    assert.match(run.lines[1], /^✗ login \/ fails: .*\$\.echo must be "nope", not "••••••"/);
    const written = [run.stdout, run.stderr, fs.readFileSync(junit, 'utf8'), fs.readFileSync(path.join(dir, '.notte', '.cache', 'last-passing.json'), 'utf8')];
    for (const text of written) {
      assert.ok(!/hunter2-in-the-clear|sk-never-shown-42/.test(text), text);
    }
    const fails = readJunit(junit).cases[1];
    assert.match(String(fails.out), /logging in ann with •••••• and key ••••••/);
    assert.match(String(fails.failure?.message), /not "••••••"/);
    // The run's process did not see the values notte-test was given for the sets (the passing result, kept).
    assert.match(fs.readFileSync(path.join(dir, '.notte', '.cache', 'last-passing.json'), 'utf8'), /"seen":\s*\[\]/);

    // Values that are words of the report, digits of a number in the result, or JSON's own characters.
    for (const [password, key] of [
      ['passed', '123456'],
      ['pa\\ss"word', 'sk-never-shown-43'],
    ]) {
      const again = await runCli(['--workspace', dir, '--local-server', '--grep', '^login', '--junit', junit], { NOTTE_VAR_password: password, NOTTE_VAR_api_key: key });
      assert.strictEqual(again.code, 1, again.stderr);
      assert.match(again.lines[0], /^✓ login \/ passes/, again.stdout);
      assert.match(again.lines[1], /^✗ login \/ fails: .*\$\.echo must be "nope", not "••••••"/, again.stdout);
      const cache = fs.readFileSync(path.join(dir, '.notte', '.cache', 'last-passing.json'), 'utf8');
      assert.match(cache, /"count": 1234567/, "a number holding the secret's digits is left whole");
      for (const text of [again.stdout, again.stderr, fs.readFileSync(junit, 'utf8'), cache]) {
        assert.ok(!/ss\\*"word|"123456"|sk-never-shown-43|unexpected error/.test(text), text);
      }
    }
  });

  it('says at once that the JUnit report cannot be written, runs nothing and exits 2', async () => {
    const dir = workspace();
    fs.writeFileSync(path.join(dir, 'taken'), 'a file where the report folder would go');
    const run = await runCli(['--workspace', dir, '--local-server', '--junit', path.join(dir, 'taken', 'notte.xml')]);
    assert.strictEqual(run.code, 2, run.stdout + run.stderr);
    assert.match(run.stderr, /^notte-test: --junit: .*taken\/notte\.xml cannot be written \((ENOTDIR|EEXIST)\)\./);
    assert.strictEqual(run.stdout, '');
    // A writable report whose run then stops at another usage error leaves no empty file behind.
    const report = path.join(dir, 'reports', 'notte.xml');
    const noKey = await runCli(['--workspace', dir, '--junit', report]);
    assert.match(noKey.stderr, /NOTTE_API_KEY is not set/);
    assert.strictEqual(fs.existsSync(report), false);
  });

  it('keeps its verdicts, its count and its report when the cache of last passing results cannot be written', async () => {
    const dir = workspace();
    // A file where the cache folder goes (a restored cache gone wrong; a read-only checkout fails alike).
    fs.writeFileSync(path.join(dir, '.notte', '.cache'), 'not a folder');
    const junit = path.join(dir, 'junit.xml');
    const run = await runCli(['--workspace', dir, '--local-server', '--grep', 'smoke', '--junit', junit]);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.deepStrictEqual(run.lines.slice(1), ['1 passed, 0 failed']);
    assert.match(run.stderr, /^notte-test: the last passing results could not be kept in .*last-passing\.json \(.*\); the verdicts are not affected\.\n$/);
    assert.deepStrictEqual([readJunit(junit).tests, readJunit(junit).failures], [1, 0]);
    // A pattern that matches nothing still leaves a report for a step that uploads it.
    const none = await runCli(['--workspace', dir, '--local-server', '--grep', 'nothing like this', '--junit', junit]);
    assert.strictEqual(none.code, 2);
    assert.strictEqual(readJunit(junit).tests, 0);
  });

  it('stops its runs at the first Ctrl+C and quits at the second, leaving no browser behind', async () => {
    const dir = workspace();
    const marker = path.join(dir, 'session.txt');
    // A function that opens a browser session on the server it runs on, then waits.
    fs.writeFileSync(
      path.join(dir, 'holds_a_browser.py'),
      [
        'import json, os, time, urllib.request',
        '',
        'def run(marker: str):',
        '    url = os.environ["NOTTE_API_URL"].rstrip("/") + "/sessions/start"',
        '    headers = {"Authorization": "Bearer " + os.environ["NOTTE_API_KEY"], "Content-Type": "application/json"}',
        '    session = json.loads(urllib.request.urlopen(urllib.request.Request(url, data=b"{}", method="POST", headers=headers)).read())',
        '    with open(marker, "w") as f:',
        '        f.write(session["session_id"])',
        '    time.sleep(120)',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(dir, '.notte', 'variables', 'holds_a_browser.json'), JSON.stringify([{ name: 'waits', variables: { marker } }]));
    const browsers = () =>
      execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => /--user-data-dir=\S*notte-browser-/.test(line));
    const before = new Set(browsers());
    // Its own temporary folder, to see that the server's data folder goes too.
    const tmp = fs.mkdtempSync(path.join(dir, 'tmp-'));
    const child = spawn(process.execPath, [CLI, '--workspace', dir, '--local-server', '--grep', 'waits'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TMPDIR: tmp },
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 60_000;
      while (!fs.existsSync(marker) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(fs.existsSync(marker), `the function opened its session (${stderr})`);
      const ours = browsers().filter((line) => !before.has(line));
      assert.ok(ours.length > 0, 'a browser runs for the session');
      child.kill('SIGINT');
      while (!stderr.includes('Ctrl+C again') && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
      assert.match(stderr, /stopping the runs \(Ctrl\+C again to quit at once\)/);
      child.kill('SIGINT');
      const code = await exited;
      // Quit at once (130), or, on a quick machine, already done stopping (1: the set did not pass).
      assert.ok(code === 130 || code === 1, `exit ${code}: ${stderr}`);
      // Ended processes may take a moment to leave the table.
      const gone = Date.now() + 10_000;
      let left = browsers().filter((line) => ours.includes(line));
      while (left.length && Date.now() < gone) {
        await new Promise((resolve) => setTimeout(resolve, 200));
        left = browsers().filter((line) => ours.includes(line));
      }
      assert.deepStrictEqual(left, [], 'the browser ended with the command');
      assert.deepStrictEqual(
        fs.readdirSync(tmp).filter((name) => name.startsWith('notte-test-')),
        [],
        "the local server's data folder is removed",
      );
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses bad usage with a clear message and exit 2, and documents itself with --help', async () => {
    const dir = workspace();
    const cases: [string[], Record<string, string>, RegExp][] = [
      [[], {}, /^notte-test: Say which workspace to test: --workspace DIR/],
      [['--workspace', dir], {}, /^notte-test: NOTTE_API_KEY is not set/],
      [['--workspace', dir, '--concurrency', '0', '--local-server'], {}, /--concurrency must be a whole number from 1 to 100, not "0"/],
      [['--workspace', dir, '--grep', '(', '--local-server'], {}, /--grep "\(" is not a regular expression/],
      [['--workspace', dir, '--grep', 'prices/none', '--local-server'], {}, /^notte-test: no set matches --grep "prices\/none" \(of 4 in /],
      [['--workspace', path.join(dir, 'prices.py')], { NOTTE_API_KEY: 'k' }, /is not a folder/],
      [['--workspace', path.join(dir, '.notte')], { NOTTE_API_KEY: 'k' }, /^notte-test: No saved sets in .*variables: save a set/],
      [['--workspace', dir, '--junit'], {}, /--junit needs a value/],
      [['--workspace', dir, '--watch'], {}, /Unknown option "--watch"/],
      [['--workspace', dir], { NOTTE_API_KEY: 'k', NOTTE_API_URL: 'not a url' }, /NOTTE_API_URL is not a URL/],
    ];
    for (const [args, env, message] of cases) {
      const run = await runCli(args, env);
      assert.strictEqual(run.code, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
      assert.match(run.stderr, message, args.join(' '));
      // A pattern that matches nothing still ends with the count a CI step reads; bad usage prints nothing.
      assert.strictEqual(run.stdout, args.includes('prices/none') ? '0 passed, 0 failed\n' : '');
    }
    const help = await runCli(['--help']);
    assert.strictEqual(help.code, 0);
    for (const option of ['--workspace DIR', '--grep PATTERN', '--junit FILE', '--local-server [FOLDER]', '--concurrency N', 'NOTTE_API_URL', 'NOTTE_API_KEY', 'Exit status']) {
      assert.ok(help.stdout.includes(option), option);
    }
  });
});
