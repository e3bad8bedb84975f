// The in-editor suite's entry, in the shape @vscode/test-electron loads: `run()` resolves when every
// test passed and rejects otherwise. It also writes the counts to NOTTE_SUITE_RESULTS, when set, so
// the harness can add them to its total.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, grep: process.env.NOTTE_TEST_GREP || undefined });
  const dir = __dirname;
  for (const file of fs.readdirSync(dir).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(dir, file));
  }
  const failures: { title: string; error: string }[] = [];
  let passed = 0;
  await new Promise<void>((resolve) => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', (test) => {
      passed++;
      console.log(`[suite] ✔ ${test.fullTitle()}`);
    });
    runner.on('fail', (test, error: Error) => {
      failures.push({ title: test.fullTitle(), error: String(error?.stack ?? error) });
      console.log(`[suite] ✘ ${test.fullTitle()}\n${indent(String(error?.stack ?? error))}`);
    });
  });
  const resultsFile = process.env.NOTTE_SUITE_RESULTS;
  if (resultsFile) fs.writeFileSync(resultsFile, JSON.stringify({ passed, failed: failures.length, failures }, null, 2));
  if (failures.length) throw new Error(`${failures.length} in-editor test(s) failed`);
}

function indent(text: string): string {
  return text
    .split('\n')
    .slice(0, 12)
    .map((line) => `[suite]     ${line}`)
    .join('\n');
}
