// Runs the Node-side unit tests (out/test/unit/**/*.test.js) with mocha and counts them.
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');
const { ROOT } = require('./lib/localServer');

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findTests(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

/** Runs mocha over a folder of compiled tests; answers the counts and the failures. */
function runMochaLayer(folder, { timeout = 30000, grep = process.env.NOTTE_TEST_GREP } = {}) {
  const files = findTests(folder).sort();
  if (files.length === 0) return Promise.reject(new Error(`no compiled tests in ${folder} (did "npx tsc -p tsconfig.test.json" run?)`));
  const mocha = new Mocha({ ui: 'bdd', timeout, reporter: 'spec', grep: grep || undefined });
  for (const file of files) mocha.addFile(file);
  return new Promise((resolve) => {
    let passed = 0;
    const failures = [];
    const runner = mocha.run(() => resolve({ passed, failed: failures.length, failures, files: files.length }));
    runner.on('pass', () => passed++);
    runner.on('fail', (test, error) => failures.push({ title: test.fullTitle(), error: String(error?.stack ?? error) }));
  });
}

module.exports = { runMochaLayer };

if (require.main === module) {
  // node test/harness/run-unit.js [unit|e2e]: one mocha layer on its own, without the build.
  const which = process.argv[2] || 'unit';
  require('./lib/proc').stopAllOnExit();
  runMochaLayer(path.join(ROOT, 'out', 'test', which), { timeout: which === 'e2e' ? 240_000 : 30000 }).then(
    (r) => {
      console.log(`${r.passed} passed, ${r.failed} failed`);
      process.exitCode = r.failed ? 1 : 0;
    },
    (error) => {
      console.log(error.message);
      console.log('0 passed, 1 failed');
      process.exitCode = 1;
    },
  );
}
