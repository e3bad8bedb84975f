// The in-editor suite's entry, in the shape @vscode/test-electron loads: `run()` resolves when every
// test passed and rejects otherwise. It also writes the counts to NOTTE_SUITE_RESULTS, when set, so
// the harness can add them to its total, and prints each result with a `[suite] ` marker the harness
// picks out of the extension host's console.
import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

interface Failure {
  title: string;
  error: string;
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, grep: process.env.NOTTE_TEST_GREP || undefined });
  const dir = __dirname;
  for (const file of fs.readdirSync(dir).sort()) {
    if (file.endsWith('.test.js')) mocha.addFile(path.join(dir, file));
  }
  const failures: Failure[] = [];
  let passed = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      try {
        const runner = mocha.run(() => resolve());
        runner.on('pass', (test) => {
          passed++;
          console.log(`[suite] ✔ ${test.fullTitle()} (${test.duration ?? 0} ms)`);
        });
        runner.on('fail', (test, error: Error) => {
          failures.push({ title: test.fullTitle(), error: String(error?.stack ?? error) });
          console.log(`[suite] ✘ ${test.fullTitle()}\n${indent(String(error?.stack ?? error))}`);
        });
      } catch (error) {
        reject(error);
      }
    });
  } catch (error) {
    // A test file that does not even load (a bad import, a throw at the top level) is a failure too.
    failures.push({ title: 'loading the in-editor suite', error: String((error as Error)?.stack ?? error) });
    console.log(`[suite] ✘ loading the in-editor suite\n${indent(String((error as Error)?.stack ?? error))}`);
  }
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
