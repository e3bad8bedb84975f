import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { junitXml } from '../../../src/cli/junit';
import { parseTestArgs, UsageError } from '../../../src/cli/testArgs';
import type { TestOutcome } from '../../../src/contracts/setRunner';
import { tempDir } from '../helpers/localServer';
import { readJunit } from './cliHelpers';

function outcome(functionLabel: string, setName: string, passed: boolean, logs: string[] = []): TestOutcome {
  const failures = passed
    ? []
    : [
        {
          check: 'result' as const,
          message: 'the result does not match the schema: $["a<b"] is missing (required)',
          violations: [{ pointer: '/a<b', path: '$["a<b"]', message: 'is missing (required)' }],
        },
      ];
  return {
    test: { id: `${functionLabel}#${setName}`, functionId: 'f', functionLabel, setName, variables: {} },
    verdict: { passed, failures, value: null },
    status: 'closed',
    durationMs: 1234,
    logs,
  };
}

describe('notte-test: the JUnit report and the command line', () => {
  it('writes valid XML whatever the names and logs hold (escaped, control characters dropped)', () => {
    const dir = tempDir('notte-junit-');
    try {
      const hostile = `shop <"&'> ]]>`;
      const xml = junitXml([outcome(hostile, 'set\u0001 "one"', false, ['</system-out> & <b>', 'emoji 🧪', 'lone \ud800 surrogate']), outcome(hostile, 'two', true)], 2500);
      const file = path.join(dir, 'report.xml');
      fs.writeFileSync(file, xml);
      const report = readJunit(file);
      assert.deepStrictEqual([report.tests, report.failures], [2, 1]);
      assert.deepStrictEqual(
        report.cases.map((c) => [c.suite, c.name]),
        [
          [hostile, 'set "one"'],
          [hostile, 'two'],
        ],
      );
      assert.strictEqual(report.cases[0].failure?.message, 'the result does not match the schema: $["a<b"] is missing (required)');
      assert.strictEqual(report.cases[0].failure?.text, 'The result does not match the schema:\n  $["a<b"] is missing (required)');
      assert.strictEqual(report.cases[0].out, '</system-out> & <b>\nemoji 🧪\nlone  surrogate');
      assert.ok(xml.includes('<testcase classname="shop &lt;&quot;&amp;&apos;&gt; ]]&gt;" name="two" time="1.234"/>'), 'a passing case is one empty element');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads its options in both spellings; --local-server takes a folder or defaults to the workspace', () => {
    assert.deepStrictEqual(parseTestArgs(['--workspace', 'w', '--local-server']), { help: false, concurrency: 10, workspace: 'w', localServer: 'w' });
    assert.strictEqual(parseTestArgs(['--workspace', 'w', '--local-server', 'fns', '--grep', 'x']).localServer, 'fns');
    assert.strictEqual(parseTestArgs(['--local-server', '--workspace=w']).localServer, 'w');
    const args = parseTestArgs(['--workspace=w', '--grep=Prices / SMOKE', '--junit', 'r.xml', '--concurrency=3']);
    assert.deepStrictEqual([args.grep?.test('prices / smoke'), args.junit, args.concurrency, args.localServer], [true, 'r.xml', 3, undefined]);
    assert.throws(() => parseTestArgs(['--workspace', 'w', '--concurrency', '1.5']), UsageError);
    assert.strictEqual(parseTestArgs(['-h']).help, true);
  });
});
