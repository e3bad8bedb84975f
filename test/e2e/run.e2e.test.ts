// The heart of the product, as a person uses it: run with typed variables, watch the logs, stop a run
// from its context menu, copy a run as cURL and paste it into a shell.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import { runsOf, startLongRun, Workbench, workbenchForSuite } from './workbench';

describe('e2e: running functions', function () {
  this.timeout(240_000);
  let workbench: Workbench;

  workbenchForSuite('run', { keyInEnvironment: true }, { treeRow: 'progress_report' }, (opened) => (workbench = opened));

  it('runs a function with variables typed into input boxes and streams its logs in order', async () => {
    await workbench.runCommand('Notte: Run Function…');
    await workbench.pickQuickItem('progress_report');
    await workbench.typeInInputBox('https://example.org/e2e', { expectPrompt: /url \(str\)/ });
    await workbench.typeInInputBox('3', { expectPrompt: /steps \(int\)/ });
    await workbench.typeInInputBox('0.3', { expectPrompt: /delay \(float\)/ });
    await workbench.screenshot('running');
    // Until the result's own lines are drawn too: the Output panel brings appended text in chunks.
    const text = await workbench.waitForOutput(/Result:[\s\S]*"url": "https:\/\/example\.org\/e2e"/, 60_000);
    const positions = ['Opening https://example.org/e2e', 'Step 1/3: 33% done', 'Step 2/3: 66% done', 'Step 3/3: 100% done', 'All steps done', 'Result:'].map((line) =>
      text.indexOf(line),
    );
    assert.ok(
      positions.every((p) => p >= 0),
      `every line shown:\n${text}`,
    );
    assert.deepStrictEqual(
      [...positions].sort((a, b) => a - b),
      positions,
      'in order',
    );
    assert.match(text, /"url": "https:\/\/example\.org\/e2e"/);
    // Issue 14: the notification names the function and the run's start time.
    await workbench.waitForNotification(/progress_report · \d\d:\d\d:\d\d finished \(closed\)/);
    await workbench.screenshot('run-with-logs');
  });

  it("sends what was typed, hostile text included, as values of each parameter's type", async () => {
    const hostile = `it's "q" $HOME \`uname\` \\ ✓ ünï 😀`;
    await workbench.runCommand('Notte: Run Function…');
    await workbench.pickQuickItem('echo_variables');
    await workbench.typeInInputBox(hostile, { expectPrompt: /name \(str\)/ });
    await workbench.typeInInputBox('', { expectPrompt: /count \(int\)/ });
    await workbench.typeInInputBox('', { expectPrompt: /ratio \(float\)/ });
    await workbench.typeInInputBox('yes', { expectPrompt: /enabled \(bool\)/ });
    await workbench.typeInInputBox('not a list', { expectPrompt: /tags \(list\[str\]\)/ });
    // A value that cannot be a list is refused in the box itself, which stays open.
    await workbench.expectInputBox(/Enter a JSON array/);
    await workbench.screenshot('validation-message');
    // The validation message stands where the prompt was: the box is known by its step in the title.
    await workbench.typeInInputBox('["a b", "c\'d"]', { expectPrompt: /\(5\/7\)/ });
    await workbench.typeInInputBox('{"k": [1, 2]}', { expectPrompt: /options \(dict \| None\)/ });
    await workbench.typeInInputBox('', { expectPrompt: /note/ });
    await workbench.waitForNotification(/echo_variables · \d\d:\d\d:\d\d finished \(closed\)/, 30_000);
    const [run] = await runsOf(workbench, 'echo_variables');
    assert.deepStrictEqual(run.variables, { name: hostile, count: 2, ratio: 0.5, enabled: true, tags: ['a b', "c'd"], options: { k: [1, 2] }, note: null });
  });

  it('stops a long-running run from its context menu', async () => {
    const activeRow = await startLongRun(workbench);
    await workbench.screenshot('active-run');
    await workbench.contextMenu(activeRow, 'Stop Run');
    // Issue 14: one notification, naming the run, saying stopped and why.
    await workbench.waitForNotification(/run_until_stopped · \d\d:\d\d:\d\d stopped by Stop Run\./, 30_000);
    const runs = await runsOf(workbench, 'run_until_stopped');
    assert.ok(runs.length >= 1 && runs.every((run) => run.status !== 'active'), JSON.stringify(runs));
    await workbench.waitForTreeRow(/failed|closed|stopped/, 30_000);
    await workbench.screenshot('run-stopped');
  });

  it('copies a run as cURL, and the pasted command starts the same run', async () => {
    await workbench.expand(await workbench.waitForTreeRow('progress_report'));
    const runRow = await workbench.waitForTreeRow(/closed/, 30_000);
    await workbench.contextMenu(runRow, 'Copy as cURL');
    await workbench.waitForNotification(/Copied the cURL invocation/);
    const command = await workbench.clipboard();
    assert.match(command, /^curl --location /);
    assert.ok(!command.includes(workbench.server.key), 'the key is not pasted');
    const before = await runsOf(workbench, 'progress_report');
    const answer = execFileSync('sh', ['-c', command], { env: { ...process.env, NOTTE_API_KEY: workbench.server.key }, encoding: 'utf8' });
    assert.match(answer, /"status":"closed"/);
    const after = await runsOf(workbench, 'progress_report');
    assert.strictEqual(after.length, before.length + 1);
    assert.deepStrictEqual(after[0].variables, before[0].variables, 'the same variables');
    await workbench.screenshot('copied-curl');
    // On a server of this machine the notification says whose key $NOTTE_API_KEY must hold, and copies
    // the command with the key on a click: then it runs with no key in the environment.
    const notice = /Copied the cURL invocation .*must hold the key of the server at 127\.0\.0\.1:/;
    await workbench.clickNotificationButton(notice, 'Copy With Key');
    await workbench.waitForNotification(/with this server's key/);
    const withKey = await workbench.clipboard();
    assert.ok(withKey.includes(workbench.server.key), 'the key, as asked');
    const { NOTTE_API_KEY: _ignored, ...environment } = process.env;
    void _ignored;
    assert.match(execFileSync('sh', ['-c', withKey], { env: environment, encoding: 'utf8' }), /"status":"closed"/);
  });
});
